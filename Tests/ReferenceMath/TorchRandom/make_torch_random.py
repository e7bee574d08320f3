"""Writes torch_random.json: reference draws of PyTorch's CPU generator in float64.

Run with real PyTorch (a throwaway virtualenv is enough; the tests never import torch):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch numpy
    /tmp/venv/bin/python Tests/ReferenceMath/TorchRandom/make_torch_random.py

Every float is written with float.hex, so the JSON carries the exact bits.
"""
import json
import math
import os

import torch
from torch.utils.data import DataLoader, TensorDataset

torch.set_default_dtype(torch.float64)

SEEDS = [0, 1, 42, 2024, 2**32 + 7]


def hexes(t):
    return [float(v).hex() for v in t.reshape(-1).tolist()]


def fnv1a64(t):
    """FNV-1a (64-bit) over the values' IEEE bits, 8 little-endian bytes each."""
    h = 0xCBF29CE484222325
    for byte in t.reshape(-1).contiguous().numpy().astype("<f8").tobytes():
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return str(h)


def packed(t, every=997):
    """A large block: its count, a hash of all its bits and every `every`-th value."""
    flat = t.reshape(-1)
    return {"count": flat.numel(), "fnv1a64": fnv1a64(flat), "every": every, "sample": hexes(flat[::every])}


out = {"torch_version": torch.__version__, "seeds": SEEDS, "cases": []}


def case(kind, seed, **fields):
    out["cases"].append({"kind": kind, "seed": seed, **fields})


for seed in SEEDS:
    g = torch.Generator().manual_seed(seed)
    for n in [1, 2, 15, 16, 17, 100, 1000]:
        torch.manual_seed(seed)
        case("randn", seed, count=n, values=hexes(torch.randn(n)))
    torch.manual_seed(seed)
    case("randn_shape", seed, shape=[3, 7], values=hexes(torch.randn(3, 7)))
    for n in [1, 5, 16, 100]:
        torch.manual_seed(seed)
        case("rand", seed, count=n, values=hexes(torch.rand(n)))
    for (a, b) in [(-1.0, 1.0), (-0.25, 3.5), (2.0, 2.5)]:
        torch.manual_seed(seed)
        case("uniform", seed, count=50, low=a.hex(), high=b.hex(), values=hexes(torch.empty(50).uniform_(a, b)))
    for n in [5, 100, 10000]:
        torch.manual_seed(seed)
        case("randperm", seed, count=n, values=torch.randperm(n).tolist())
    for (i, o) in [(3, 5), (64, 100), (100, 10)]:
        torch.manual_seed(seed)
        layer = torch.nn.Linear(i, o)
        w = layer.weight.detach()
        case("linear", seed, inputs=i, outputs=o, weight=packed(w) if w.numel() > 1100 else hexes(w),
             bias=hexes(layer.bias.detach()))
    torch.manual_seed(seed)
    layer = torch.nn.Linear(7, 4, bias=False)
    case("linear_nobias", seed, inputs=7, outputs=4, weight=hexes(layer.weight.detach()))
    torch.manual_seed(seed)
    case("random_int64", seed, values=[str(int(torch.empty((), dtype=torch.int64).random_().item())) for _ in range(5)])

    # A notebook's sequence of mixed draws from one seeding: scalar normals that use (and leave)
    # the cached value, a block fill, uniforms, a permutation, a layer, and scalars again.
    torch.manual_seed(seed)
    seq = []
    seq.append(("randn", 1, hexes(torch.randn(1))))
    seq.append(("randn", 20, hexes(torch.randn(20))))
    seq.append(("randn", 1, hexes(torch.randn(1))))
    seq.append(("randn", 3, hexes(torch.randn(3))))
    seq.append(("rand", 4, hexes(torch.rand(4))))
    seq.append(("randn", 1, hexes(torch.randn(1))))
    seq.append(("randperm", 10, torch.randperm(10).tolist()))
    layer = torch.nn.Linear(3, 2)
    seq.append(("linear", [3, 2], hexes(layer.weight.detach()) + hexes(layer.bias.detach())))
    seq.append(("randn", 2, hexes(torch.randn(2))))
    seq.append(("randn", 33, hexes(torch.randn(33))))
    seq.append(("randn", 1, hexes(torch.randn(1))))
    case("sequence", seed, steps=[{"op": op, "arg": arg, "values": v} for (op, arg, v) in seq])

    # DataLoader batch orders, with a generator of its own and with the global one.
    for n, batch in [(10, 3), (200, 20)]:
        x = torch.arange(n, dtype=torch.float64)
        loader = DataLoader(TensorDataset(x, x), batch_size=batch, shuffle=True,
                            generator=torch.Generator().manual_seed(seed))
        epochs = [[int(v) for b in loader for v in b[0].tolist()] for _ in range(2)]
        case("dataloader", seed, count=n, batch_size=batch, orders=epochs)
        torch.manual_seed(seed)
        loader = DataLoader(TensorDataset(x, x), batch_size=batch, shuffle=True)
        epochs = [[int(v) for b in loader for v in b[0].tolist()] for _ in range(2)]
        case("dataloader_global", seed, count=n, batch_size=batch, orders=epochs)

# The notebooks' own data (float64), seeded with torch.manual_seed(0).
torch.manual_seed(0)
x = torch.linspace(-5, 7, 200)
noise = torch.randn_like(x)
random_data = (-0.55 * x**2 + 1.2 * x + -0.81) + 2 * noise
a, b, c = torch.randn(1), torch.randn(1), torch.randn(1)
out["noisy_quadratic"] = {"seed": 0, "x": hexes(x), "noise": hexes(noise), "y": hexes(random_data),
                          "params": {"a": a.item().hex(), "b": b.item().hex(), "c": c.item().hex()}}

torch.manual_seed(0)
N, D_in, H, D_out = 64, 1000, 100, 10
x = torch.randn(N, D_in)
y = torch.randn(N, D_out)
model = torch.nn.Sequential(torch.nn.Linear(D_in, H), torch.nn.ReLU(), torch.nn.Linear(H, D_out))
out["two_layer_net"] = {"seed": 0, "x": packed(x), "y": hexes(y),
                        **{name: packed(p.detach()) if p.numel() > 1100 else hexes(p.detach())
                           for name, p in model.named_parameters()}}

# randperm's inside-out path: (2**32 - 1) // 20 is the first size that takes it (1.7 GB as int64,
# about 25 s): its first and last values and every 1,000,003rd.
n = (2**32 - 1) // 20
perm = torch.randperm(n, generator=torch.Generator().manual_seed(0)).numpy()
every = 1_000_003
out["randperm_large"] = {"seed": 0, "count": n, "first": perm[:16].tolist(), "last": perm[-16:].tolist(),
                         "every": every, "sample": perm[::every].tolist()}
del perm

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_random.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print(path, os.path.getsize(path), "bytes")
