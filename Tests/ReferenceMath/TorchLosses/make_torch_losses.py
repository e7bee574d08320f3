"""Writes torch_losses.json: binary_cross_entropy_with_logits and cross_entropy (mean reduction)
with their gradients, from real PyTorch in float64.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch numpy
    /tmp/venv/bin/python Tests/ReferenceMath/TorchLosses/make_torch_losses.py

Floats are written with float.hex, so the JSON carries the exact bits.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
g = torch.Generator().manual_seed(7)


def hexes(t):
    return [float(v).hex() for v in t.reshape(-1).tolist()]


cases = []
for n, scale in [(1, 1.0), (7, 3.0), (64, 10.0), (5, 60.0)]:
    z = (torch.randn(n, generator=g) * scale).requires_grad_()
    y = torch.randint(0, 2, (n,), generator=g).double().requires_grad_()
    loss = F.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    cases.append({"kind": "bce", "logits": hexes(z.detach()), "target": hexes(y.detach()), "loss": float(loss.detach()).hex(),
                  "grad_logits": hexes(z.grad), "grad_target": hexes(y.grad), "graph": loss.grad_fn.name()})
for rows, width, scale in [(1, 2, 1.0), (6, 3, 2.0), (40, 5, 8.0), (3, 4, 80.0)]:
    z = (torch.randn(rows, width, generator=g) * scale).requires_grad_()
    labels = torch.randint(0, width, (rows,), generator=g)
    loss = F.cross_entropy(z, labels)
    loss.backward()
    names = [loss.grad_fn.name(), loss.grad_fn.next_functions[0][0].name()]
    cases.append({"kind": "cross_entropy", "rows": rows, "width": width, "logits": hexes(z.detach()),
                  "labels": labels.tolist(), "loss": float(loss.detach()).hex(), "grad_logits": hexes(z.grad), "graph": names})
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_losses.json")
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
print(path, len(cases), "cases")
