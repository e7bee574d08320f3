#include "grad_kernels.h"
#include "variants.h"

/// The eight lanes (lo: 0…3, hi: 4…7) added in order. (A macro: a vector argument of a function
/// compiled without AVX would change the ABI.)
#define LANES_TOTAL(lo, hi) \
    ((((((((lo)[0] + (lo)[1]) + (lo)[2]) + (lo)[3]) + (hi)[0]) + (hi)[1]) + (hi)[2]) + (hi)[3])

TL_BODY double tl_sum_body(const double *a, ptrdiff_t n) {
    tl_v4 lo = {0, 0, 0, 0}, hi = {0, 0, 0, 0};
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        lo += *(const tl_v4 *)(a + i);
        hi += *(const tl_v4 *)(a + i + 4);
    }
    double total = LANES_TOTAL(lo, hi);
    for (; i < n; i++) total += a[i];
    return total;
}

TL_BODY double tl_dot_body(const double *a, const double *b, ptrdiff_t n) {
    tl_v4 lo = {0, 0, 0, 0}, hi = {0, 0, 0, 0};
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        lo += *(const tl_v4 *)(a + i) * *(const tl_v4 *)(b + i);
        hi += *(const tl_v4 *)(a + i + 4) * *(const tl_v4 *)(b + i + 4);
    }
    double total = LANES_TOTAL(lo, hi);
    for (; i < n; i++) total += a[i] * b[i];
    return total;
}

TL_BODY double tl_squared_error_sum_body(const double *p, const double *t, ptrdiff_t n) {
    tl_v4 lo = {0, 0, 0, 0}, hi = {0, 0, 0, 0};
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        tl_v4 d0 = *(const tl_v4 *)(p + i) - *(const tl_v4 *)(t + i);
        tl_v4 d1 = *(const tl_v4 *)(p + i + 4) - *(const tl_v4 *)(t + i + 4);
        lo += d0 * d0;
        hi += d1 * d1;
    }
    double total = LANES_TOTAL(lo, hi);
    for (; i < n; i++) {
        double d = p[i] - t[i];
        total += d * d;
    }
    return total;
}

TL_DISPATCH(double, tl_sum, (const double *a, ptrdiff_t n), (a, n))
TL_DISPATCH(double, tl_dot, (const double *a, const double *b, ptrdiff_t n), (a, b, n))
TL_DISPATCH(double, tl_squared_error_sum, (const double *p, const double *t, ptrdiff_t n), (p, t, n))
