#include "grad_kernels.h"
#include "variants.h"
#include <math.h>

// The update rules of torch.optim's float64 CPU kernels, element by element in their order. fma
// is the exact fused multiply-add (an instruction on the AVX-512 and AVX2+FMA paths, libm's fma
// otherwise). Each returns whether every updated value is finite and at most `limit` in
// magnitude, checked in the update's own pass (a NaN fails `fabs(x) <= limit`).

TL_BODY int tl_sgd_body(double *p, const double *g, double lr, double limit, ptrdiff_t n) {
    int within = 1;
    for (ptrdiff_t i = 0; i < n; i++) {
        const double x = fma(g[i], -lr, p[i]);
        p[i] = x;
        within &= fabs(x) <= limit;
    }
    return within;
}

TL_BODY int tl_momentum_body(double *p, const double *g, double *buf, double mu, double lr, int first,
                             int nesterov, double limit, ptrdiff_t n) {
    int within = 1;
    if (first) {
        for (ptrdiff_t i = 0; i < n; i++) buf[i] = g[i];
    } else {
        for (ptrdiff_t i = 0; i < n; i++) buf[i] = buf[i] * mu + g[i];
    }
    if (nesterov) {
        for (ptrdiff_t i = 0; i < n; i++) {
            const double x = fma(fma(buf[i], mu, g[i]), -lr, p[i]);
            p[i] = x;
            within &= fabs(x) <= limit;
        }
    } else {
        for (ptrdiff_t i = 0; i < n; i++) {
            const double x = fma(buf[i], -lr, p[i]);
            p[i] = x;
            within &= fabs(x) <= limit;
        }
    }
    return within;
}

TL_BODY int tl_rmsprop_body(double *p, const double *g, double *v, double alpha, double lr, double eps,
                            double limit, ptrdiff_t n) {
    int within = 1;
    const double rest = 1 - alpha;
    for (ptrdiff_t i = 0; i < n; i++) {
        const double average = fma(rest * g[i], g[i], v[i] * alpha);
        v[i] = average;
        const double x = p[i] + (-lr * g[i]) / (sqrt(average) + eps);
        p[i] = x;
        within &= fabs(x) <= limit;
    }
    return within;
}

TL_BODY int tl_adam_body(double *p, const double *g, double *m, double *v, double beta1, double beta2,
                         double step, double c2, double eps, double shrink, double limit, ptrdiff_t n) {
    int within = 1;
    if (shrink != 1) {
        for (ptrdiff_t i = 0; i < n; i++) p[i] = p[i] * shrink;
    }
    const double w1 = 1 - beta1, rest2 = 1 - beta2, negativeStep = -step;
    for (ptrdiff_t i = 0; i < n; i++) {
        const double mean = fma(w1, g[i] - m[i], m[i]);
        const double square = fma(rest2 * g[i], g[i], v[i] * beta2);
        m[i] = mean;
        v[i] = square;
        const double x = p[i] + (negativeStep * mean) / (sqrt(square) / c2 + eps);
        p[i] = x;
        within &= fabs(x) <= limit;
    }
    return within;
}

TL_DISPATCH(int, tl_sgd, (double *p, const double *g, double lr, double limit, ptrdiff_t n), (p, g, lr, limit, n))
TL_DISPATCH(int, tl_momentum,
            (double *p, const double *g, double *buf, double mu, double lr, int first, int nesterov, double limit,
             ptrdiff_t n),
            (p, g, buf, mu, lr, first, nesterov, limit, n))
TL_DISPATCH(int, tl_rmsprop,
            (double *p, const double *g, double *v, double alpha, double lr, double eps, double limit, ptrdiff_t n),
            (p, g, v, alpha, lr, eps, limit, n))
TL_DISPATCH(int, tl_adam,
            (double *p, const double *g, double *m, double *v, double beta1, double beta2, double step, double c2,
             double eps, double shrink, double limit, ptrdiff_t n),
            (p, g, m, v, beta1, beta2, step, c2, eps, shrink, limit, n))
