#!/usr/bin/env python3
"""Prints bench/run's table from the JSON of tinylab-bench and reference.py."""
import json, sys

ours = json.loads(sys.argv[1])
numpy_ref = json.loads(sys.argv[2])
torch_ref = json.loads(sys.argv[3])
numpy, torch = numpy_ref.get("numpy") or {}, torch_ref.get("torch") or {}
ref = {"notes": numpy_ref.get("notes", []) + torch_ref.get("notes", [])}


def cell(value, width=12):
    return f"{value:>{width}.1f}" if isinstance(value, (int, float)) else f"{'—':>{width}}"


def ratio(theirs, mine):
    return f"{theirs / mine:>9.1f}×" if isinstance(theirs, (int, float)) else f"{'—':>10}"


print("median µs per training step (float64; lower is better); ratio = their time / tinylab's")
print(f"{'workload':<24}{'tinylab':>12}{'numpy':>12}{'PyTorch':>12}{'vs numpy':>10}{'vs PyTorch':>12}")
if "20" in ours.get("sin-cubic batches", {}):
    ours["sin-cubic sgd batch 20"] = ours["sin-cubic batches"]["20"]
for name in ("sin-cubic sgd", "sin-cubic sgd batch 20", "sin-cubic adam", "two-layer-net adam", "moons adam"):
    mine = ours.get(name)
    if mine is None:
        continue
    print(f"{name:<24}{cell(mine)}{cell(numpy.get(name))}{cell(torch.get(name))}"
          f"{ratio(numpy.get(name), mine)}{ratio(torch.get(name), mine):>12}")
mallocs = ours.get("mallocs per step")
if mallocs:
    # Not rounded: a mini-batch run allocates its next epoch's order once an epoch (0.01 a step).
    print("heap allocations per steady-state step: " +
          ", ".join(f"{name} {count:g}" for name, count in sorted(mallocs.items())))
if "floor matches engine" in ours:
    print(f"the sin-cubic floor (bench/floor) ends 1000 SGD steps at the engine's bits: "
          f"{'yes' if ours['floor matches engine'] else 'NO'}")
print()
print(f"full lab frame, sin-cubic, 2000 points, 10,000-step history, 160×48: {ours['frame 160x48']:.1f} µs")
if "two-layer-net first landscape frame ms" in ours:
    print(f"two-layer-net's first landscape frame (its first grid), 160×48: "
          f"{ours['two-layer-net first landscape frame ms']:.1f} ms")
if "landscape frame 160x48" in ours:
    print(f"landscape frame, sin-cubic (a, b) slice, one step between frames, 160×48: "
          f"{ours['landscape frame 160x48']:.1f} µs")
for view in ("optimizer", "graph"):
    if f"{view} frame 160x48" in ours:
        print(f"{view} view frame, sin-cubic, one step between frames, 160×48: {ours[f'{view} frame 160x48']:.1f} µs")
lab, headless = ours["lab steps/s at top speed"], ours["headless steps/s"]
print(f"lab at top speed: {lab:,.0f} steps/s vs headless {headless:,.0f} steps/s = {100 * lab / headless:.0f}%")
held = ours.get("lab with held-out data")
if held:
    print(f"lab at top speed with held-out data and its test curve (sin-cubic, test_fraction 0.25): "
          f"{held['lab steps/s']:,.0f} steps/s vs headless {held['headless steps/s']:,.0f} steps/s "
          f"= {100 * held['lab steps/s'] / held['headless steps/s']:.0f}%")
if "decision map frame 160x48" in ours:
    rates = ours["lab in the decision map"]
    print(f"decision map (moons), a frame at 160×48 after each step: {ours['decision map frame 160x48'] / 1000:.2f} ms; "
          f"lab at top speed in that view: {rates['lab steps/s']:,.0f} steps/s vs headless {rates['headless steps/s']:,.0f} "
          f"= {100 * rates['lab steps/s'] / rates['headless steps/s']:.0f}%")


def batch_line(label, costs, points):
    """A step's µs by batch size, and the cost of a row beyond the first against a full-batch row."""
    sizes = sorted((int(k) for k in costs if k != "all"))
    print(f"mini-batches, sin-cubic SGD over {label}, µs a step: "
          + ", ".join(f"batch {n:,}: {costs[str(n)]:.2f}" for n in sizes) + f", all {points:,}: {costs['all']:.2f}")
    largest = sizes[-1]
    per_row = (costs[str(largest)] - costs["1"]) / (largest - 1) * 1000
    print(f"  = {costs['1']:.2f} µs a step whatever the batch (the optimizer and the bookkeeping, paid by a "
          f"full-batch step too) + {per_row:.2f} ns a row of the batch (shuffle, gather, forward, backward); "
          f"a full-batch step, its fixed part included, costs {costs['all'] / points * 1000:.2f} ns a row of the data")
if "sin-cubic batches" in ours:
    costs = ours["sin-cubic batches"]
    batch_line("its 2,000 points", costs, 2000)
    if "sin-cubic sgd batch 20" in torch and "sin-cubic sgd" in torch:
        print(f"  batch 20 against all 2,000: tinylab {costs['20'] / costs['all']:.2f} of a full step, PyTorch "
              f"{torch['sin-cubic sgd batch 20'] / torch['sin-cubic sgd']:.2f} ({torch['sin-cubic sgd batch 20']:.1f} "
              f"vs {torch['sin-cubic sgd']:.1f} µs: its fixed cost a step is most of both)")
if "sin-cubic 200k points by batch" in ours:
    batch_line("200,000 points", ours["sin-cubic 200k points by batch"], 200_000)
for name, rates in sorted(ours.get("landscape view at top speed", {}).items()):
    lab, headless = rates["lab steps/s"], rates["headless steps/s"]
    print(f"lab at top speed in the landscape view, {name}: {lab:,.0f} steps/s vs headless {headless:,.0f} steps/s "
          f"= {100 * lab / headless:.0f}%")
print(f"memory, headless sin-cubic: RSS {ours['rss kB after 10k steps']:,} kB after 10,000 steps, "
      f"{ours['rss kB after 100k steps']:,} kB after 100,000 (peak {ours['peak rss kB']:,} kB)")
log = ours.get("headless log")
if log:
    print(f"headless sin-cubic, {log['steps']:,} steps into a pipe: {log['logged s']:.3f} s logging every 100 steps "
          f"(each line written at once) vs {log['quiet s']:.3f} s logging two lines = "
          f"{100 * (log['logged s'] / log['quiet s'] - 1):+.1f}%")
for name, label in (("rewind sin-cubic", "sin-cubic"), ("rewind two-layer-net", "two-layer-net (Adam)")):
    r = ours.get(name)
    if r:
        print(f"rewind, {label} lab session ({r['checkpoint MB']:.1f} MB of checkpoints): back to any of the last "
              f"{int(r['window']):,} of {int(r['steps']):,} steps: median {r['median ms']:.1f} ms, max {r['max ms']:.1f} ms "
              f"(reach {int(r['reach steps']):,} steps{'' if r['all reached'] else '; some targets out of reach'})")
r = ours.get("rewind sin-cubic")
if r:
    print(f"memory, sin-cubic lab session with rewind on: RSS {int(r['rss kB after 100k steps']):,} kB after 100,000 steps, "
          f"{int(r['rss kB after 1M steps']):,} kB after 1,000,000")
csv = ours.get("csv load")
if csv:
    mine = csv["tinylab"]
    line = (f"CSV load, {mine['rows']:,} rows × 2 columns ({csv['file MB']:.0f} MB): tinylab {mine['seconds']:.2f} s, "
            f"peak {mine['peak MB']:.0f} MB = {mine['peak / doubles']:.1f}× the doubles")
    for name in ("numpy loadtxt", "pandas read_csv"):
        theirs = csv.get(name)
        line += f"; {name} " + (f"{theirs['seconds']:.2f} s, peak {theirs['peak MB']:.0f} MB" if theirs else "not installed")
    print(line)
print()
print(f"{'points':>10}{'µs/step':>12}{'ns/point':>10}{'frame µs':>10}")
for row in ours["growth"]:
    print(f"{int(row['points']):>10,}{row['step us']:>12.1f}{row['ns per point']:>10.2f}{row['frame us']:>10.1f}")
base = ours["growth"][1]["ns per point"]
top = ours["growth"][-1]["ns per point"]
print(f"per-point cost at 2,000,000 points is {top / base:.2f}× that at 20,000")
for note in ref.get("notes", []):
    print("note:", note)
