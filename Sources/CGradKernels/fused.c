#include "grad_kernels.h"
#include "variants.h"

// Passes that do the work of several kernels over the same points, each element's operations in
// the order the separate kernels do them, and each sum in their eight-lane order (see
// reductions.c), so the results are theirs bit for bit.

#define LANES_TOTAL(lo, hi) \
    ((((((((lo)[0] + (lo)[1]) + (lo)[2]) + (lo)[3]) + (hi)[0]) + (hi)[1]) + (hi)[2]) + (hi)[3])

/// Up to four terms; `terms` and `fit` are constants at every call site, so each instance is a
/// straight loop.
TL_BODY double combination(const double *a, ptrdiff_t aStep, const double *scales, const double *const *vectors,
                           const int terms, const double *t, const int fit, double *out, ptrdiff_t n) {
    double s[4];
    const double *v[4];
    for (int k = 0; k < terms; k++) {
        s[k] = scales[k];
        v[k] = vectors[k];
    }
    const tl_v4 base = {a[0], a[0], a[0], a[0]};
    tl_v4 lo = {0, 0, 0, 0}, hi = {0, 0, 0, 0};
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        tl_v4 x0 = aStep ? *(const tl_v4 *)(a + i) : base;
        tl_v4 x1 = aStep ? *(const tl_v4 *)(a + i + 4) : base;
        for (int k = 0; k < terms; k++) {
            x0 = x0 + s[k] * *(const tl_v4 *)(v[k] + i);
            x1 = x1 + s[k] * *(const tl_v4 *)(v[k] + i + 4);
        }
        *(tl_v4 *)(out + i) = x0;
        *(tl_v4 *)(out + i + 4) = x1;
        if (fit) {
            const tl_v4 d0 = x0 - *(const tl_v4 *)(t + i), d1 = x1 - *(const tl_v4 *)(t + i + 4);
            lo += d0 * d0;
            hi += d1 * d1;
        }
    }
    double total = LANES_TOTAL(lo, hi);
    for (; i < n; i++) {
        double x = a[i * aStep];
        for (int k = 0; k < terms; k++) x = x + s[k] * v[k][i];
        out[i] = x;
        if (fit) {
            const double d = x - t[i];
            total += d * d;
        }
    }
    return total;
}

TL_BODY double tl_combination_body(const double *a, ptrdiff_t aStep, const double *s, const double *const *v,
                                   ptrdiff_t terms, const double *t, double *out, ptrdiff_t n) {
    // Five or more terms: the first four, then four at a time on `out` (the same chain of roundings).
    const int first = terms > 4 ? 4 : (int)terms;
    const int fit = t != NULL && terms <= 4;
    double total = 0;
    switch (first * 2 + fit) {
    case 2: total = combination(a, aStep, s, v, 1, t, 0, out, n); break;
    case 3: total = combination(a, aStep, s, v, 1, t, 1, out, n); break;
    case 4: total = combination(a, aStep, s, v, 2, t, 0, out, n); break;
    case 5: total = combination(a, aStep, s, v, 2, t, 1, out, n); break;
    case 6: total = combination(a, aStep, s, v, 3, t, 0, out, n); break;
    case 7: total = combination(a, aStep, s, v, 3, t, 1, out, n); break;
    case 8: total = combination(a, aStep, s, v, 4, t, 0, out, n); break;
    case 9: total = combination(a, aStep, s, v, 4, t, 1, out, n); break;
    default: total = combination(a, aStep, s, v, 0, t, 0, out, n); break;
    }
    for (ptrdiff_t done = first; done < terms; done += 4) {
        const ptrdiff_t left = terms - done;
        const int last = left <= 4;
        const int fitHere = t != NULL && last;
        switch ((last ? (int)left : 4) * 2 + fitHere) {
        case 2: total = combination(out, 1, s + done, v + done, 1, t, 0, out, n); break;
        case 3: total = combination(out, 1, s + done, v + done, 1, t, 1, out, n); break;
        case 4: total = combination(out, 1, s + done, v + done, 2, t, 0, out, n); break;
        case 5: total = combination(out, 1, s + done, v + done, 2, t, 1, out, n); break;
        case 6: total = combination(out, 1, s + done, v + done, 3, t, 0, out, n); break;
        case 7: total = combination(out, 1, s + done, v + done, 3, t, 1, out, n); break;
        case 8: total = combination(out, 1, s + done, v + done, 4, t, 0, out, n); break;
        default: total = combination(out, 1, s + done, v + done, 4, t, 1, out, n); break;
        }
    }
    return t != NULL ? total : 0;
}

/// A plain sum (`sum`) and up to four dot products with `g`; `sum`, `dots` and `fit` are
/// constants at every call site. With `fit`, g is not read but computed, element by element, as
/// `tl_squared_error_gradient(p, t, norm, scale)` computes it.
TL_BODY void reductions(const double *g, const double *p, const double *t, double norm, double scale, const int fit,
                        const int sum, double *sumOut, const double *const *others, const int dots, double *dotOut,
                        ptrdiff_t n) {
    const double *w[4];
    for (int k = 0; k < dots; k++) w[k] = others[k];
    tl_v4 slo = {0, 0, 0, 0}, shi = {0, 0, 0, 0};
    tl_v4 lo[4] = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}};
    tl_v4 hi[4] = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}};
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        tl_v4 g0, g1;
        if (fit) {
            g0 = (norm * (*(const tl_v4 *)(p + i) - *(const tl_v4 *)(t + i))) * scale;
            g1 = (norm * (*(const tl_v4 *)(p + i + 4) - *(const tl_v4 *)(t + i + 4))) * scale;
        } else {
            g0 = *(const tl_v4 *)(g + i);
            g1 = *(const tl_v4 *)(g + i + 4);
        }
        if (sum) {
            slo += g0;
            shi += g1;
        }
        for (int k = 0; k < dots; k++) {
            lo[k] += g0 * *(const tl_v4 *)(w[k] + i);
            hi[k] += g1 * *(const tl_v4 *)(w[k] + i + 4);
        }
    }
    double total = LANES_TOTAL(slo, shi);
    double totals[4];
    for (int k = 0; k < dots; k++) totals[k] = LANES_TOTAL(lo[k], hi[k]);
    for (; i < n; i++) {
        const double gi = fit ? (norm * (p[i] - t[i])) * scale : g[i];
        total += gi;
        for (int k = 0; k < dots; k++) totals[k] += gi * w[k][i];
    }
    if (sum) *sumOut = total;
    for (int k = 0; k < dots; k++) dotOut[k] = totals[k];
}

#define TL_REDUCTIONS_CASES(FIT, G, W, OUT)                                                        \
    switch (here * 2 + sum) {                                                                     \
    case 1: reductions(G, p, t, norm, scale, FIT, 1, sumOut, W, 0, OUT, n); break;                \
    case 2: reductions(G, p, t, norm, scale, FIT, 0, sumOut, W, 1, OUT, n); break;                \
    case 3: reductions(G, p, t, norm, scale, FIT, 1, sumOut, W, 1, OUT, n); break;                \
    case 4: reductions(G, p, t, norm, scale, FIT, 0, sumOut, W, 2, OUT, n); break;                \
    case 5: reductions(G, p, t, norm, scale, FIT, 1, sumOut, W, 2, OUT, n); break;                \
    case 6: reductions(G, p, t, norm, scale, FIT, 0, sumOut, W, 3, OUT, n); break;                \
    case 7: reductions(G, p, t, norm, scale, FIT, 1, sumOut, W, 3, OUT, n); break;                \
    case 8: reductions(G, p, t, norm, scale, FIT, 0, sumOut, W, 4, OUT, n); break;                \
    case 9: reductions(G, p, t, norm, scale, FIT, 1, sumOut, W, 4, OUT, n); break;                \
    default: break;                                                                               \
    }

/// Four dot products a pass, the sum in the first; with `p` non-null every pass computes g from
/// p and t (see `reductions`) and `g` is not read.
TL_BODY void reduction_passes(const double *g, double *sumOut, const double *const *w, ptrdiff_t dots,
                              double *dotOut, ptrdiff_t n, const double *p, const double *t, double norm,
                              double scale) {
    int sum = sumOut != NULL;
    ptrdiff_t done = 0;
    do {
        const ptrdiff_t left = dots - done;
        const int here = left > 4 ? 4 : (int)left;
        if (p != NULL) {
            TL_REDUCTIONS_CASES(1, g, w + done, dotOut + done)
        } else {
            TL_REDUCTIONS_CASES(0, g, w + done, dotOut + done)
        }
        sum = 0;
        done += here;
    } while (done < dots);
}

TL_BODY void tl_reductions_body(const double *g, double *sumOut, const double *const *w, ptrdiff_t dots,
                                double *dotOut, ptrdiff_t n) {
    reduction_passes(g, sumOut, w, dots, dotOut, n, NULL, NULL, 0, 0);
}

TL_BODY void tl_squared_error_reductions_body(const double *p, const double *t, double norm, double scale,
                                              double *sumOut, const double *const *w, ptrdiff_t dots,
                                              double *dotOut, ptrdiff_t n) {
    reduction_passes(NULL, sumOut, w, dots, dotOut, n, p, t, norm, scale);
}

TL_DISPATCH(double, tl_combination,
            (const double *a, ptrdiff_t aStep, const double *s, const double *const *v, ptrdiff_t terms,
             const double *t, double *out, ptrdiff_t n),
            (a, aStep, s, v, terms, t, out, n))
TL_DISPATCH_VOID(tl_reductions,
                 (const double *g, double *sumOut, const double *const *w, ptrdiff_t dots, double *dotOut,
                  ptrdiff_t n),
                 (g, sumOut, w, dots, dotOut, n))
TL_DISPATCH_VOID(tl_squared_error_reductions,
                 (const double *p, const double *t, double norm, double scale, double *sumOut, const double *const *w,
                  ptrdiff_t dots, double *dotOut, ptrdiff_t n),
                 (p, t, norm, scale, sumOut, w, dots, dotOut, n))
