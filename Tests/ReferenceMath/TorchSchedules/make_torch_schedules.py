"""Writes torch_schedules.json: the learning rates torch.optim.lr_scheduler gives, step by step.

Run with real PyTorch (a throwaway virtualenv is enough; the tests never import torch):

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install torch numpy
    /tmp/venv/bin/python Tests/ReferenceMath/TorchSchedules/make_torch_schedules.py

Each case: the rate an SGD optimizer holds before each of `steps` optimizer steps, with
`scheduler.step()` after every `optimizer.step()`, as a training loop calls them; `changes` are
rates assigned to param_group["lr"] by hand before a step (what tinylab's + and - keys do).
Every float (rates, options, changes) is written with float.hex, so the JSON carries the exact bits.
"""
import json
import os
import warnings

import torch

warnings.filterwarnings("ignore")
torch.set_default_dtype(torch.float64)


def make(kind, optimizer, options):
    s = torch.optim.lr_scheduler
    if kind == "step":
        return s.StepLR(optimizer, step_size=options["step_size"], gamma=options["gamma"])
    if kind == "exponential":
        return s.ExponentialLR(optimizer, gamma=options["gamma"])
    if kind == "cosine":
        return s.CosineAnnealingLR(optimizer, T_max=options["t_max"], eta_min=options.get("eta_min", 0.0))
    if kind == "warmup":
        return s.LinearLR(optimizer, start_factor=options.get("warmup_start", 1.0 / 3), end_factor=1.0,
                          total_iters=options["warmup"])
    raise ValueError(kind)


def run(case):
    p = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([p], lr=case["lr"])
    options = case["options"]
    schedulers = []
    if "warmup" in options:
        schedulers.append(make("warmup", optimizer, options))
    if case["decay"] is not None:
        schedulers.append(make(case["decay"], optimizer, options))
    scheduler = schedulers[0] if len(schedulers) == 1 else torch.optim.lr_scheduler.ChainedScheduler(schedulers)
    changes = {int(k): v for k, v in case.get("changes", {}).items()}
    rates = []
    for step in range(case["steps"]):
        if step in changes:
            for group in optimizer.param_groups:
                group["lr"] = group["lr"] * changes[step]
        rates.append(optimizer.param_groups[0]["lr"])
        p.grad = torch.zeros(1)
        optimizer.step()
        scheduler.step()
    return rates


CASES = [
    {"name": "step 30 × 0.5", "lr": 0.1, "decay": "step", "options": {"step_size": 30, "gamma": 0.5}, "steps": 200},
    {"name": "step 7 × 0.9", "lr": 1e-3, "decay": "step", "options": {"step_size": 7, "gamma": 0.9}, "steps": 300},
    {"name": "exponential 0.99", "lr": 0.05, "decay": "exponential", "options": {"gamma": 0.99}, "steps": 1000},
    {"name": "exponential 0.9", "lr": 1e-6, "decay": "exponential", "options": {"gamma": 0.9}, "steps": 300},
    {"name": "cosine 100", "lr": 0.1, "decay": "cosine", "options": {"t_max": 100}, "steps": 450},
    {"name": "cosine 50 to 1e-4", "lr": 0.01, "decay": "cosine", "options": {"t_max": 50, "eta_min": 1e-4}, "steps": 260},
    {"name": "cosine 1", "lr": 0.3, "decay": "cosine", "options": {"t_max": 1}, "steps": 12},
    {"name": "warmup 10", "lr": 0.1, "decay": None, "options": {"warmup": 10}, "steps": 40},
    {"name": "warmup 25 from 0.01", "lr": 1e-3, "decay": None, "options": {"warmup": 25, "warmup_start": 0.01}, "steps": 60},
    {"name": "warmup 20 then cosine 200", "lr": 0.1, "decay": "cosine", "options": {"warmup": 20, "t_max": 200}, "steps": 450},
    {"name": "warmup 5 then step 10 × 0.5", "lr": 0.2, "decay": "step", "options": {"warmup": 5, "step_size": 10, "gamma": 0.5},
     "steps": 80},
    {"name": "warmup 8 from 0.1 then exponential 0.95", "lr": 0.05, "decay": "exponential",
     "options": {"warmup": 8, "warmup_start": 0.1, "gamma": 0.95}, "steps": 100},
    {"name": "step 10 × 0.5, ×2 by hand at 15, ÷10 at 37", "lr": 0.1, "decay": "step",
     "options": {"step_size": 10, "gamma": 0.5}, "steps": 60, "changes": {"15": 2.0, "37": 0.1}},
    {"name": "cosine 40, ×2 by hand at 10", "lr": 0.1, "decay": "cosine", "options": {"t_max": 40}, "steps": 120,
     "changes": {"10": 2.0}},
    {"name": "warmup 10 then exponential 0.9, ÷2 by hand at 4", "lr": 0.1, "decay": "exponential",
     "options": {"warmup": 10, "gamma": 0.9}, "steps": 30, "changes": {"4": 0.5}},
]

out = {"torch": torch.__version__, "cases": []}
for case in CASES:
    entry = dict(case)
    entry["rates"] = [float(r).hex() for r in run(case)]
    # Exact bits for every number the tests read back (a JSON parser may round decimal text).
    entry["lr"] = float(case["lr"]).hex()
    entry["options"] = {k: float(v).hex() for k, v in case["options"].items()}
    entry["changes"] = {k: float(v).hex() for k, v in case.get("changes", {}).items()}
    out["cases"].append(entry)
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_schedules.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(path, len(out["cases"]), "cases")
