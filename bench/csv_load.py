#!/usr/bin/env python3
"""Writes a 1,000,000-row two-column CSV file (x,y with 17-digit numbers, as Python's repr writes
them) and times reading it: tinylab's CSVFile (tinylab-bench csv-load), numpy's loadtxt and, when
installed, pandas' read_csv, each in a fresh process with the memory its read added at the peak.
Prints one JSON object; bench/report.py shows it."""
import json, os, random, statistics, subprocess, sys, tempfile

bench, repeats = sys.argv[1], int(sys.argv[2])
rows = 1_000_000

READER = r"""
import resource, sys, time, statistics
def rss_kb():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'): return int(line.split()[1])
path, repeats, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if kind == 'numpy':
    import numpy
    read = lambda: numpy.loadtxt(path, delimiter=',', skiprows=1)
else:
    import pandas
    read = lambda: pandas.read_csv(path, dtype='float64', engine='c')
before = rss_kb()
samples = []
for i in range(repeats):
    start = time.perf_counter(); table = read(); samples.append(time.perf_counter() - start)
    if i == 0: peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    del table
print(statistics.median(samples), peak * 1024)
"""


def python_reader(kind, path):
    try:
        out = subprocess.run([sys.executable, "-c", READER, path, str(min(repeats, 3)), kind],
                             capture_output=True, text=True, check=True).stdout.split()
        return {"seconds": float(out[0]), "peak MB": float(out[1]) / 1e6}
    except (subprocess.CalledProcessError, IndexError, ValueError):
        return None


with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "million.csv")
    generator = random.Random(0)
    with open(path, "w") as file:
        file.write("x,y\n")
        for _ in range(rows):
            x = generator.uniform(-3, 3)
            file.write(f"{x!r},{x * x + generator.gauss(0, 0.1)!r}\n")
    size = os.path.getsize(path)
    ours = json.loads(subprocess.run([bench, "csv-load", path, str(repeats)], capture_output=True, text=True,
                                     check=True).stdout)["csv load"]
    result = {"file MB": size / 1e6, "tinylab": ours, "numpy loadtxt": python_reader("numpy", path),
              "pandas read_csv": python_reader("pandas", path)}
print(json.dumps({"csv load": result}))
