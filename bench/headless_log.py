#!/usr/bin/env python3
"""Times the release binary's headless log through a pipe: the default logging (a line written every
100 steps, each as soon as it is logged) against a run that logs only its first and last step.
Prints one JSON object; bench/report.py shows the ratio."""
import json, statistics, subprocess, sys, time

binary, repeats = sys.argv[1], int(sys.argv[2])
steps = 300_000


def run(every):
    start = time.perf_counter()
    reader = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    subprocess.run([binary, "scene", "sin-cubic", "--headless", "--steps", str(steps), "--every", str(every)],
                   stdout=reader.stdin, check=True)
    reader.stdin.close()
    reader.wait()
    return time.perf_counter() - start


samples = {"logged": [], "quiet": []}
for _ in range(repeats):
    samples["logged"].append(run(100))
    samples["quiet"].append(run(steps))
print(json.dumps({"headless log": {"steps": steps, "logged s": statistics.median(samples["logged"]),
                                   "quiet s": statistics.median(samples["quiet"])}}))
