#ifndef TINYLAB_GRAD_KERNELS_H
#define TINYLAB_GRAD_KERNELS_H

/// The engine's hot loops, each compiled three times: for x86-64 with AVX-512, with AVX2 and FMA,
/// and portably. Which one runs is decided once, from the CPU the program runs on (never the build
/// machine's). All do the same IEEE operations in the same order (no contraction of a*b+c; every
/// fused multiply-add is an explicit fma; wider registers hold more elements, never a different
/// order of one element's operations), so their results are identical bit for bit.

#include <stddef.h>

/// The variants that run: 2 AVX-512, 1 AVX2+FMA, 0 portable.
int tl_kernels_level(void);

/// The highest level this CPU can run.
int tl_kernels_cpu_level(void);

/// Runs the variants of `level` (capped at the CPU's), or the CPU's own for a negative level; for
/// tests that compare the paths. `TINYLAB_KERNELS=portable` or `=avx2` in the environment picks
/// level 0 or 1 at start-up.
void tl_kernels_force(int level);

/// Σ a[i], accumulated in eight interleaved lanes (lane j takes i ≡ j mod 8), the lanes added in
/// order 0…7, then the leftover values in order.
double tl_sum(const double *a, ptrdiff_t n);

/// Σ a[i]·b[i] in the lane order of `tl_sum` (each product rounded, then added).
double tl_dot(const double *a, const double *b, ptrdiff_t n);

/// Σ (p[i] − t[i])² in the lane order of `tl_sum`.
double tl_squared_error_sum(const double *p, const double *t, ptrdiff_t n);

/// The elementwise operations of `tl_binary`.
enum tl_operation { TL_ADD = 0, TL_SUBTRACT = 1, TL_MULTIPLY = 2, TL_DIVIDE = 3 };

/// out[i] = a[i·aStep] op b[i·bStep] for i < n; a step of 0 repeats a single value.
void tl_binary(int operation, const double *a, ptrdiff_t aStep, const double *b, ptrdiff_t bStep,
               double *out, ptrdiff_t n);

/// out[i] = a[i·aStep] + s·v[i]: an add of a product with a single value, fused into one pass
/// (the product rounded, then added, as the two passes do).
void tl_add_scaled(const double *a, ptrdiff_t aStep, double s, const double *v, double *out, ptrdiff_t n);

/// out[i] = ((a[i·aStep] + s[0]·v[0][i]) + s[1]·v[1][i]) + … over `terms` terms (at least one):
/// a chain of `tl_add_scaled` passes in one, each product rounded, then added. With `t` non-null it
/// also returns Σ (out[i] − t[i])² in `tl_sum`'s lane order (`tl_squared_error_sum(out, t, n)`'s
/// bits); otherwise 0.
double tl_combination(const double *a, ptrdiff_t aStep, const double *s, const double *const *v, ptrdiff_t terms,
                      const double *t, double *out, ptrdiff_t n);

/// Several reductions of `g` in one pass: with `sumOut` non-null, *sumOut = Σ g[i] (`tl_sum`'s
/// bits); dotOut[k] = Σ g[i]·w[k][i] for k < dots (`tl_dot(g, w[k], n)`'s bits).
void tl_reductions(const double *g, double *sumOut, const double *const *w, ptrdiff_t dots, double *dotOut,
                   ptrdiff_t n);

/// `tl_reductions` of g[i] = (norm·(p[i] − t[i]))·scale (`tl_squared_error_gradient`'s values),
/// computed in the pass instead of read: the gradient of a squared-error loss reduced without
/// storing it.
void tl_squared_error_reductions(const double *p, const double *t, double norm, double scale, double *sumOut,
                                 const double *const *w, ptrdiff_t dots, double *dotOut, ptrdiff_t n);

/// out[i] = (scale·(p[i] − t[i]))·g, the gradient of a squared-error loss (`mse_loss_backward`).
void tl_squared_error_gradient(const double *p, const double *t, double scale, double g, double *out,
                               ptrdiff_t n);

/// C = A·B for m×k A with element (i, p) at a[i·rowStride + p·columnStride], row-major k×n B and
/// row-major m×n C (overwritten). Each element is ((0 + A[i,0]·B[0,j]) + A[i,1]·B[1,j]) + … with
/// p in order, every product rounded before it is added: the plain triple loop's value.
void tl_gemm(const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b, double *c,
             ptrdiff_t m, ptrdiff_t k, ptrdiff_t n);

/// `tl_gemm`'s C = A·B, bit for bit, skipping the zero elements of A where the row of B they would
/// multiply is finite (a gradient through a ReLU is about half zeros). `scratch` holds
/// `tl_gemm_sparse_scratch(m, k)` bytes, 8-byte aligned.
void tl_gemm_sparse(const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b, double *c,
                    ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, void *scratch);

/// The scratch bytes `tl_gemm_sparse` needs for an m×k A.
size_t tl_gemm_sparse_scratch(ptrdiff_t m, ptrdiff_t k);

// The update rules return 1 when every updated value is finite and at most `limit` in magnitude
// (checked in the same pass; `limit` = ∞ checks finiteness only), else 0.

/// torch.optim.SGD: p = fma(g, −lr, p).
int tl_sgd(double *p, const double *g, double lr, double limit, ptrdiff_t n);

/// torch.optim.SGD with momentum μ: buf = g on the first step, else buf·μ + g; then
/// p = fma(buf, −lr, p), or with Nesterov p = fma(fma(buf, μ, g), −lr, p).
int tl_momentum(double *p, const double *g, double *buf, double mu, double lr, int first, int nesterov,
                double limit, ptrdiff_t n);

/// torch.optim.RMSprop: v = fma((1−α)·g, g, v·α); p = p + (−lr·g)/(√v + ε).
int tl_rmsprop(double *p, const double *g, double *v, double alpha, double lr, double eps, double limit, ptrdiff_t n);

/// torch.optim.Adam(W): with `shrink` ≠ 1 first p = p·shrink (AdamW's decoupled decay); then
/// m = fma(1−β₁, g − m, m), v = fma((1−β₂)·g, g, v·β₂), p = p + (−step·m)/(√v / c2 + ε)
/// where `step` = lr / (1 − β₁ᵗ) and c2 = (1 − β₂ᵗ)^½.
int tl_adam(double *p, const double *g, double *m, double *v, double beta1, double beta2, double step,
            double c2, double eps, double shrink, double limit, ptrdiff_t n);

#endif
