"""Writes torch_regularised.json from real PyTorch in float64 on one thread:

  - "abs": torch.abs with its gradient (AbsBackward0), zeros included;
  - "l1_sgd": Linear(2, 6) → Tanh → Linear(6, 1), binary_cross_entropy_with_logits plus the L1 term
    0.01 · sum(p.abs().sum() for p in model.parameters()), SGD (lr 0.2), 30 steps on 20 points;
  - "l1_adam": the same net and data from the same weights with the L1 term 0.003, Adam (lr 0.05);
  - "logistic": logistic regression written as a formula, w1*x1 + w2*x2 + b with scalar
    parameters (in that order), binary_cross_entropy_with_logits plus 0.02 · (|w1| + |w2| + |b|),
    SGD (lr 0.5), 30 steps on the same points.

Each run gives the starting values, the data, the loss of every step (before its update, the L1 term
included) and the values after the last update.

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch numpy
    /tmp/venv/bin/python Tests/ReferenceMath/TorchRegularised/make_torch_regularised.py

Floats are written with float.hex, so the JSON carries the exact bits.
"""
import copy
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)
g = torch.Generator().manual_seed(5)


def hexes(t):
    return [float(v).hex() for v in t.detach().reshape(-1).tolist()]


x = torch.cat([torch.randn(9, generator=g) * 3, torch.zeros(3), -torch.zeros(1)]).requires_grad_()
up = torch.randn(13, generator=g)
y = torch.abs(x)
y.backward(up)
absolute = {"x": hexes(x), "upstream": hexes(up), "y": hexes(y), "grad": hexes(x.grad), "graph": y.grad_fn.name()}

points = torch.randn(20, 2, generator=g) * 1.5
labels = (points[:, 0] * points[:, 1] > 0).double().reshape(20, 1)


def run_net(net, l1, optimizer, steps):
    layers = [{"weight": hexes(m.weight), "weight_shape": list(m.weight.shape), "bias": hexes(m.bias)}
              for m in net if isinstance(m, nn.Linear)]
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.binary_cross_entropy_with_logits(net(points), labels) + l1 * sum(p.abs().sum() for p in net.parameters())
        losses.append(float(loss.detach()).hex())
        loss.backward()
        optimizer.step()
    final = [{"weight": hexes(m.weight), "bias": hexes(m.bias)} for m in net if isinstance(m, nn.Linear)]
    return {"start": layers, "losses": losses, "final": final, "l1": l1}


torch.manual_seed(7)
net = nn.Sequential(nn.Linear(2, 6), nn.Tanh(), nn.Linear(6, 1))
same = copy.deepcopy(net)
sgd = run_net(net, 0.01, torch.optim.SGD(net.parameters(), lr=0.2), 30)
sgd.update({"kind": "l1_sgd", "optimizer": "sgd", "lr": 0.2})
adam = run_net(same, 0.003, torch.optim.Adam(same.parameters(), lr=0.05), 30)
adam.update({"kind": "l1_adam", "optimizer": "adam", "lr": 0.05})

w1 = torch.tensor(0.3, requires_grad=True)
w2 = torch.tensor(-0.2, requires_grad=True)
b = torch.tensor(0.1, requires_grad=True)
scalars = [w1, w2, b]
start = [float(v.detach()).hex() for v in scalars]
optimizer = torch.optim.SGD(scalars, lr=0.5)
losses = []
for _ in range(30):
    optimizer.zero_grad()
    out = w1 * points[:, 0:1] + w2 * points[:, 1:2] + b
    loss = F.binary_cross_entropy_with_logits(out, labels) + 0.02 * sum(p.abs().sum() for p in scalars)
    losses.append(float(loss.detach()).hex())
    loss.backward()
    optimizer.step()
logistic = {"kind": "logistic", "start": start, "losses": losses, "final": [float(v.detach()).hex() for v in scalars],
            "l1": 0.02, "optimizer": "sgd", "lr": 0.5}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_regularised.json")
with open(path, "w") as f:
    json.dump({"torch": torch.__version__, "abs": absolute, "x": hexes(points), "y": hexes(labels),
               "runs": [sgd, adam, logistic]}, f, indent=1)
    f.write("\n")
print(path)
