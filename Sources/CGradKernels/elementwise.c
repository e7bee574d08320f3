#include "grad_kernels.h"
#include "variants.h"

#define TL_LOOPS(OP)                                                                              \
    if (aStep == 1 && bStep == 1) {                                                               \
        for (ptrdiff_t i = 0; i < n; i++) out[i] = a[i] OP b[i];                                  \
    } else if (bStep == 0) {                                                                      \
        const double y = b[0];                                                                    \
        for (ptrdiff_t i = 0; i < n; i++) out[i] = a[i * aStep] OP y;                             \
    } else if (aStep == 0) {                                                                      \
        const double x = a[0];                                                                    \
        for (ptrdiff_t i = 0; i < n; i++) out[i] = x OP b[i * bStep];                             \
    } else {                                                                                      \
        for (ptrdiff_t i = 0; i < n; i++) out[i] = a[i * aStep] OP b[i * bStep];                  \
    }

TL_BODY void tl_binary_body(int operation, const double *a, ptrdiff_t aStep, const double *b,
                            ptrdiff_t bStep, double *out, ptrdiff_t n) {
    switch (operation) {
    case TL_ADD: TL_LOOPS(+) break;
    case TL_SUBTRACT: TL_LOOPS(-) break;
    case TL_MULTIPLY: TL_LOOPS(*) break;
    default: TL_LOOPS(/) break;
    }
}

TL_BODY void tl_add_scaled_body(const double *a, ptrdiff_t aStep, double s, const double *v, double *out,
                                ptrdiff_t n) {
    if (aStep == 1) {
        for (ptrdiff_t i = 0; i < n; i++) out[i] = a[i] + s * v[i];
    } else {
        const double x = a[0];
        for (ptrdiff_t i = 0; i < n; i++) out[i] = x + s * v[i];
    }
}

TL_BODY void tl_squared_error_gradient_body(const double *p, const double *t, double scale, double g,
                                            double *out, ptrdiff_t n) {
    for (ptrdiff_t i = 0; i < n; i++) out[i] = (scale * (p[i] - t[i])) * g;
}

TL_DISPATCH_VOID(tl_binary,
                 (int operation, const double *a, ptrdiff_t aStep, const double *b, ptrdiff_t bStep,
                  double *out, ptrdiff_t n),
                 (operation, a, aStep, b, bStep, out, n))
TL_DISPATCH_VOID(tl_add_scaled,
                 (const double *a, ptrdiff_t aStep, double s, const double *v, double *out, ptrdiff_t n),
                 (a, aStep, s, v, out, n))
TL_DISPATCH_VOID(tl_squared_error_gradient,
                 (const double *p, const double *t, double scale, double g, double *out, ptrdiff_t n),
                 (p, t, scale, g, out, n))
