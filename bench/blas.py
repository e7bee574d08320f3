#!/usr/bin/env python3
"""numpy's BLAS on one thread in two-layer-net's shapes (bench/Sources/TinylabBench/Matmul.swift times
tinylab's): X·W (64×1000 · 1000×100) and gᵀ·X (100×64 · 64×1000). Run with OPENBLAS_NUM_THREADS=1 (and
the machine's OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset, so OpenBLAS picks this CPU's own kernel).
Prints one JSON object: median µs per product and which BLAS ran (threadpoolctl, when installed)."""
import json, sys, time
import numpy as np

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
rng = np.random.default_rng(0)
X = rng.standard_normal((64, 1000)); W = rng.standard_normal((1000, 100)); G = rng.standard_normal((64, 100))


def median_us(f, iterations=200):
    for _ in range(20):
        f()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(iterations):
            f()
        samples.append((time.perf_counter() - start) / iterations * 1e6)
    samples.sort()
    return samples[len(samples) // 2]


result = {"forward": median_us(lambda: X.dot(W)), "weight gradient": median_us(lambda: G.T.dot(X)),
          "numpy": np.__version__, "blas": None}
try:
    import threadpoolctl
    result["blas"] = [{k: d.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
                      for d in threadpoolctl.threadpool_info()]
except ImportError:
    pass
print(json.dumps(result))
