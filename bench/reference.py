#!/usr/bin/env python3
"""The notebooks' own code, timed: numpy with hand-written gradients, and PyTorch eager autograd
(float64, one thread) when torch is importable. Prints one JSON object: workload -> {numpy, torch}
median microseconds per training step (null where a column is unavailable)."""
import json, math, sys, time

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 7
COLUMNS = sys.argv[2].split(",") if len(sys.argv) > 2 else ["numpy", "torch"]


def median_us(step, warmup, iterations):
    for _ in range(warmup):
        step()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(iterations):
            step()
        samples.append((time.perf_counter() - start) / iterations * 1e6)
    samples.sort()
    return samples[len(samples) // 2]


def numpy_columns():
    import numpy as np
    x = np.linspace(-math.pi, math.pi, 2000)
    y = np.sin(x)
    out = {}

    def cubic(optimizer):
        p = np.array([0.1, 0.2, -0.1, 0.05])
        m = np.zeros(4); v = np.zeros(4); t = [0]
        def step():
            a, b, c, d = p
            y_pred = a + b * x + c * x ** 2 + d * x ** 3
            loss = np.square(y_pred - y).sum()
            grad_y_pred = 2.0 * (y_pred - y)
            g = np.array([grad_y_pred.sum(), (grad_y_pred * x).sum(),
                          (grad_y_pred * x ** 2).sum(), (grad_y_pred * x ** 3).sum()])
            if optimizer == "sgd":
                p[:] = p - 1e-6 * g
            else:
                t[0] += 1
                m[:] = 0.9 * m + 0.1 * g
                v[:] = 0.999 * v + 0.001 * g * g
                mhat = m / (1 - 0.9 ** t[0]); vhat = v / (1 - 0.999 ** t[0])
                p[:] = p - 1e-3 * mhat / (np.sqrt(vhat) + 1e-8)
            return loss
        return step

    out["sin-cubic sgd"] = median_us(cubic("sgd"), 200, 2000)
    out["sin-cubic adam"] = median_us(cubic("adam"), 200, 2000)

    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 1000)); Y = rng.standard_normal((64, 10))
    w1 = rng.uniform(-1 / math.sqrt(1000), 1 / math.sqrt(1000), (1000, 100))
    w2 = rng.uniform(-1 / math.sqrt(100), 1 / math.sqrt(100), (100, 10))
    state = {"m1": np.zeros_like(w1), "v1": np.zeros_like(w1), "m2": np.zeros_like(w2), "v2": np.zeros_like(w2), "t": 0}
    def net_step():
        h = X.dot(w1); h_relu = np.maximum(h, 0); y_pred = h_relu.dot(w2)
        loss = np.square(y_pred - Y).sum()
        grad_y_pred = 2.0 * (y_pred - Y)
        grad_w2 = h_relu.T.dot(grad_y_pred)
        grad_h = grad_y_pred.dot(w2.T); grad_h[h < 0] = 0
        grad_w1 = X.T.dot(grad_h)
        state["t"] += 1; t = state["t"]
        for w, g, m, v in ((w1, grad_w1, "m1", "v1"), (w2, grad_w2, "m2", "v2")):
            state[m] = 0.9 * state[m] + 0.1 * g
            state[v] = 0.999 * state[v] + 0.001 * g * g
            w -= 1e-4 * (state[m] / (1 - 0.9 ** t)) / (np.sqrt(state[v] / (1 - 0.999 ** t)) + 1e-8)
        return loss
    out["two-layer-net adam"] = median_us(net_step, 20, 100)
    return out


def torch_columns(net_only=False):
    import torch
    torch.set_num_threads(1)
    dt = torch.float64
    x = torch.linspace(-math.pi, math.pi, 2000, dtype=dt)
    y = torch.sin(x)
    out = {}

    def cubic(optimizer):
        params = [torch.tensor(v, dtype=dt, requires_grad=True) for v in (0.1, 0.2, -0.1, 0.05)]
        opt = torch.optim.SGD(params, lr=1e-6) if optimizer == "sgd" else torch.optim.Adam(params, lr=1e-3)
        a, b, c, d = params
        def step():
            y_pred = a + b * x + c * x ** 2 + d * x ** 3
            loss = (y_pred - y).pow(2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
        return step

    def cubic_batches(size):
        # A DataLoader(shuffle=True) over the 2,000 points, as the scene's batch_size does: a new
        # randperm each epoch, the batch's rows gathered, the same SGD step on them.
        params = [torch.tensor(v, dtype=dt, requires_grad=True) for v in (0.1, 0.2, -0.1, 0.05)]
        opt = torch.optim.SGD(params, lr=1e-6)
        a, b, c, d = params
        state = {"order": torch.randperm(len(x)), "position": 0}
        def step():
            if state["position"] >= len(x):
                state["order"], state["position"] = torch.randperm(len(x)), 0
            rows = state["order"][state["position"]:state["position"] + size]
            state["position"] += size
            xb, yb = x[rows], y[rows]
            loss = (a + b * xb + c * xb ** 2 + d * xb ** 3 - yb).pow(2).sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
        return step

    if not net_only:
        out["sin-cubic sgd"] = median_us(cubic("sgd"), 200, 2000)
        out["sin-cubic adam"] = median_us(cubic("adam"), 200, 2000)
        out["sin-cubic sgd batch 20"] = median_us(cubic_batches(20), 200, 2000)

    g = torch.Generator().manual_seed(0)
    X = torch.randn(64, 1000, dtype=dt, generator=g); Y = torch.randn(64, 10, dtype=dt, generator=g)
    model = torch.nn.Sequential(torch.nn.Linear(1000, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10)).to(dt)
    loss_fn = torch.nn.MSELoss(reduction="sum")
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    def net_step():
        loss = loss_fn(model(X), Y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    out["two-layer-net adam"] = median_us(net_step, 20, 200)

    if not net_only:
        # The moons scene's step: 150 training points, Linear(2, 16) → ReLU → Linear(16, 16) → ReLU →
        # Linear(16, 1), binary_cross_entropy_with_logits, Adam (lr 0.01).
        points = torch.randn(150, 2, dtype=dt, generator=g)
        labels = (points[:, 0] * points[:, 1] > 0).to(dt).reshape(150, 1)
        moons = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 16), torch.nn.ReLU(),
                                    torch.nn.Linear(16, 1)).to(dt)
        moons_opt = torch.optim.Adam(moons.parameters(), lr=0.01)
        def moons_step():
            loss = torch.nn.functional.binary_cross_entropy_with_logits(moons(points), labels)
            moons_opt.zero_grad()
            loss.backward()
            moons_opt.step()
        out["moons adam"] = median_us(moons_step, 50, 1000)
    return out, torch.__version__


result = {"numpy": None, "torch": None, "notes": []}
if "numpy" in COLUMNS:
    try:
        import numpy
        result["numpy"] = numpy_columns()
        result["notes"].append(f"numpy {numpy.__version__} ({sys.executable})")
    except ImportError:
        result["notes"].append(f"numpy not importable by {sys.executable}: numpy column skipped")
if "torch" in COLUMNS or "torch-net" in COLUMNS:
    try:
        columns, version = torch_columns(net_only="torch" not in COLUMNS)
        result["torch"] = columns
        result["notes"].append(f"PyTorch {version} eager, float64, 1 thread ({sys.executable})")
    except ImportError:
        result["notes"].append(f"PyTorch not importable by {sys.executable}: PyTorch column skipped "
                               "(set TINYLAB_BENCH_PYTHON to a python that has torch)")
print(json.dumps(result))
