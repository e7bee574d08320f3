import CGradKernels
import Grad

/// The engine's products in two-layer-net's shapes, for bench/run's comparison with numpy's BLAS on
/// one thread (bench/blas.py times the same shapes): the first layer's forward product
/// X·W₁ᵀ (64×1000 · 1000×100), the weight's gradient gᵀ·X (100×64 · 64×1000) dense, and the same
/// with half of g zero, as after a ReLU, which the plan's replay skips (`tl_gemm_sparse`). Median
/// µs per product.
func matmulTimes() -> [String: Double] {
    var rng = RandomSource(seed: 7)
    let (rows, inputs, outputs) = (64, 1000, 100)
    let x = (0..<rows * inputs).map { _ in rng.normal() }
    let w = (0..<inputs * outputs).map { _ in rng.normal() }
    let g = (0..<rows * outputs).map { _ in rng.normal() }
    let relu = g.map { $0 < 0 ? 0 : $0 }
    var out = [Double](repeating: 0, count: inputs * outputs)
    var scratch = [Double](repeating: 0, count: (tl_gemm_sparse_scratch(outputs, rows) + 7) / 8)
    var result: [String: Double] = [:]
    result["forward"] = microseconds(iterations: 200, warmup: 20) {
        tl_gemm(x, inputs, 1, w, &out, rows, inputs, outputs)
    }
    result["weight gradient"] = microseconds(iterations: 200, warmup: 20) {
        tl_gemm(g, 1, outputs, x, &out, outputs, rows, inputs)
    }
    result["weight gradient, half zeros"] = microseconds(iterations: 200, warmup: 20) {
        tl_gemm_sparse(relu, 1, outputs, x, &out, outputs, rows, inputs, &scratch)
    }
    return result
}
