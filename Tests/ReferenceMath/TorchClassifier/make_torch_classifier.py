"""Writes torch_classifier.json: torch.sigmoid with its gradient, and training runs of small
classifiers from given weights, from real PyTorch in float64 on one thread:

  - "bce": Linear(2, 8) → Tanh → Linear(8, 8) → Sigmoid → Linear(8, 1), binary_cross_entropy_with_logits,
    Adam (lr 0.03), 40 steps on 24 points;
  - "cross_entropy": Linear(2, 12) → ReLU → Linear(12, 3), cross_entropy, SGD (lr 0.5), 40 steps on 30 points.

Each run gives the starting weights, the data, the loss of every step (before its update) and the
weights after the last update.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch numpy
    /tmp/venv/bin/python Tests/ReferenceMath/TorchClassifier/make_torch_classifier.py

Floats are written with float.hex, so the JSON carries the exact bits.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
g = torch.Generator().manual_seed(11)


def hexes(t):
    return [float(v).hex() for v in t.detach().reshape(-1).tolist()]


sigmoid = []
for n, scale in [(1, 1.0), (9, 4.0), (33, 40.0)]:
    x = (torch.randn(n, generator=g) * scale).requires_grad_()
    up = torch.randn(n, generator=g)
    y = torch.sigmoid(x)
    y.backward(up)
    sigmoid.append({"x": hexes(x), "upstream": hexes(up), "y": hexes(y), "grad": hexes(x.grad), "graph": y.grad_fn.name()})


def run(model, inputs, loss_of, optimizer, steps):
    layers = [{"weight": hexes(m.weight), "weight_shape": list(m.weight.shape), "bias": hexes(m.bias)}
              for m in model if isinstance(m, nn.Linear)]
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = loss_of(model(inputs))
        losses.append(float(loss.detach()).hex())
        loss.backward()
        optimizer.step()
    final = [{"weight": hexes(m.weight), "bias": hexes(m.bias)} for m in model if isinstance(m, nn.Linear)]
    return {"start": layers, "losses": losses, "final": final}


torch.manual_seed(3)
points = torch.randn(24, 2, generator=g) * 2
labels = ((points[:, 0] ** 2 + points[:, 1] ** 2) < 3).double().reshape(24, 1)
net = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 8), nn.Sigmoid(), nn.Linear(8, 1))
bce = run(net, points, lambda out: F.binary_cross_entropy_with_logits(out, labels),
          torch.optim.Adam(net.parameters(), lr=0.03), 40)
bce.update({"kind": "bce", "layers": ["linear", "tanh", "linear", "sigmoid", "linear"], "x": hexes(points),
            "rows": 24, "y": hexes(labels), "optimizer": "adam", "lr": 0.03})

spiral = torch.randn(30, 2, generator=g)
classes = torch.randint(0, 3, (30,), generator=g)
net = nn.Sequential(nn.Linear(2, 12), nn.ReLU(), nn.Linear(12, 3))
ce = run(net, spiral, lambda out: F.cross_entropy(out, classes), torch.optim.SGD(net.parameters(), lr=0.5), 40)
ce.update({"kind": "cross_entropy", "layers": ["linear", "relu", "linear"], "x": hexes(spiral), "rows": 30,
           "labels": classes.tolist(), "optimizer": "sgd", "lr": 0.5})

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_classifier.json")
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, "sigmoid": sigmoid, "runs": [bce, ce]}, f, indent=1)
    f.write("\n")
print(path)
