#include "grad_kernels.h"
#include "variants.h"
#include <string.h>

/// Defines `name`, which adds Σ A[i + r, p]·B[p, j … j + 2·W) over `count` values of p to rows
/// r = 0…3 of C at `c` (rows `n` apart), the 4×2W tile held in eight registers of W doubles (type
/// `V`); `a` points at A[i, p0], `b` at B[p0, j]. (A macro: the same loop for two register widths.)
#define TL_TILE4(name, V, W)                                                                      \
    TL_BODY void name(const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b, \
                      double *c, ptrdiff_t n, ptrdiff_t count) {                                  \
        const double *a0 = a, *a1 = a0 + rowStride, *a2 = a1 + rowStride, *a3 = a2 + rowStride;   \
        double *r0 = c, *r1 = c + n, *r2 = c + 2 * n, *r3 = c + 3 * n;                            \
        V c00 = *(V *)r0, c01 = *(V *)(r0 + W), c10 = *(V *)r1, c11 = *(V *)(r1 + W);             \
        V c20 = *(V *)r2, c21 = *(V *)(r2 + W), c30 = *(V *)r3, c31 = *(V *)(r3 + W);             \
        ptrdiff_t offset = 0;                                                                     \
        for (ptrdiff_t p = 0; p < count; p++) {                                                   \
            const V b0 = *(const V *)b, b1 = *(const V *)(b + W);                                 \
            const double x0 = a0[offset], x1 = a1[offset], x2 = a2[offset], x3 = a3[offset];      \
            c00 += x0 * b0; c01 += x0 * b1;                                                       \
            c10 += x1 * b0; c11 += x1 * b1;                                                       \
            c20 += x2 * b0; c21 += x2 * b1;                                                       \
            c30 += x3 * b0; c31 += x3 * b1;                                                       \
            b += n;                                                                               \
            offset += columnStride;                                                               \
        }                                                                                         \
        *(V *)r0 = c00; *(V *)(r0 + W) = c01;                                                     \
        *(V *)r1 = c10; *(V *)(r1 + W) = c11;                                                     \
        *(V *)r2 = c20; *(V *)(r2 + W) = c21;                                                     \
        *(V *)r3 = c30; *(V *)(r3 + W) = c31;                                                     \
    }

/// The 4×8 tile.
TL_TILE4(tile4x8, tl_v4, 4)

/// The AVX-512 variant's 4×16 tile: two registers a row.
TL_TILE4(tile4x16, tl_v8, 8)

/// The 4×4 tile for a leftover group of four columns.
TL_BODY void tile4x4(const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b,
                     double *c, ptrdiff_t n, ptrdiff_t count) {
    const double *a0 = a, *a1 = a0 + rowStride, *a2 = a1 + rowStride, *a3 = a2 + rowStride;
    double *r0 = c, *r1 = c + n, *r2 = c + 2 * n, *r3 = c + 3 * n;
    tl_v4 c0 = *(tl_v4 *)r0, c1 = *(tl_v4 *)r1, c2 = *(tl_v4 *)r2, c3 = *(tl_v4 *)r3;
    ptrdiff_t offset = 0;
    for (ptrdiff_t p = 0; p < count; p++) {
        const tl_v4 bv = *(const tl_v4 *)b;
        c0 += a0[offset] * bv;
        c1 += a1[offset] * bv;
        c2 += a2[offset] * bv;
        c3 += a3[offset] * bv;
        b += n;
        offset += columnStride;
    }
    *(tl_v4 *)r0 = c0; *(tl_v4 *)r1 = c1; *(tl_v4 *)r2 = c2; *(tl_v4 *)r3 = c3;
}

// Register-blocked: 4×16 tiles of C on the AVX-512 path, then 4×8 tiles (4×4 for a leftover group
// of four columns), over blocks of 256 values of p, so the panel of B a block reads stays in L1 for
// every row of A; leftover single columns and rows take plain loops. Every element is summed over p
// in order from 0, whatever the tile.
TL_BODY void gemm(const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b, double *c,
                  ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, const int wide) {
    memset(c, 0, (size_t)(m * n) * sizeof(double));
    const ptrdiff_t n16 = wide ? n & ~(ptrdiff_t)15 : 0, n8 = n & ~(ptrdiff_t)7, m4 = m & ~(ptrdiff_t)3;
    const ptrdiff_t n4 = n8 + 4 <= n ? n8 + 4 : n8;
    const ptrdiff_t blockK = 256;
    for (ptrdiff_t k0 = 0; k0 < k; k0 += blockK) {
        const ptrdiff_t count = k - k0 < blockK ? k - k0 : blockK;
        for (ptrdiff_t j = 0; j < n4; j += j < n16 ? 16 : j < n8 ? 8 : 4) {
            for (ptrdiff_t i = 0; i < m4; i += 4) {
                const double *tileA = a + i * rowStride + k0 * columnStride;
                const double *tileB = b + k0 * n + j;
                double *tileC = c + i * n + j;
                if (j < n16) tile4x16(tileA, rowStride, columnStride, tileB, tileC, n, count);
                else if (j < n8) tile4x8(tileA, rowStride, columnStride, tileB, tileC, n, count);
                else tile4x4(tileA, rowStride, columnStride, tileB, tileC, n, count);
            }
        }
    }
    if (n4 < n) {
        for (ptrdiff_t i = 0; i < m4; i += 4) {
            const double *a0 = a + i * rowStride, *a1 = a0 + rowStride, *a2 = a1 + rowStride, *a3 = a2 + rowStride;
            for (ptrdiff_t j = n4; j < n; j++) {
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                ptrdiff_t offset = 0;
                for (ptrdiff_t p = 0; p < k; p++) {
                    const double bv = b[p * n + j];
                    s0 += a0[offset] * bv;
                    s1 += a1[offset] * bv;
                    s2 += a2[offset] * bv;
                    s3 += a3[offset] * bv;
                    offset += columnStride;
                }
                c[i * n + j] = s0;
                c[(i + 1) * n + j] = s1;
                c[(i + 2) * n + j] = s2;
                c[(i + 3) * n + j] = s3;
            }
        }
    }
    for (ptrdiff_t i = m4; i < m; i++) {
        const double *row = a + i * rowStride;
        double *cRow = c + i * n;
        for (ptrdiff_t p = 0; p < k; p++) {
            const double scale = row[p * columnStride];
            const double *bRow = b + p * n;
            for (ptrdiff_t j = 0; j < n; j++) cRow[j] += scale * bRow[j];
        }
    }
}

TL_BODY void tl_gemm_body(const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b,
                          double *c, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n) {
    gemm(a, rowStride, columnStride, b, c, m, k, n, 0);
}

TL_BODY void tl_gemm_wide_body(const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b,
                               double *c, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n) {
    gemm(a, rowStride, columnStride, b, c, m, k, n, 1);
}

TL_DISPATCH_VOID_WIDE(tl_gemm,
                 (const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b, double *c,
                  ptrdiff_t m, ptrdiff_t k, ptrdiff_t n),
                 (a, rowStride, columnStride, b, c, m, k, n))
