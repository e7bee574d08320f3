#include "grad_kernels.h"
#include "variants.h"
#include <math.h>
#include <stdint.h>

// A product whose left factor has many exact zeros (the gradient reaching a layer through a ReLU):
// each element of C is the sum of the nonzero terms, in order. Skipping a zero A[i, p] leaves the
// plain triple loop's sum unchanged when row p of B is finite: the product is then ±0, and a sum
// that starts at +0 is never −0 (x + (−x) and +0 + (−0) are +0 when rounding to nearest), so
// adding ±0 to it changes nothing. Rows of B with an infinity or NaN keep every term.

/// C[i, j … j + 4·V) from the nonzero terms of row i (`count` of them: columns `index`, values
/// `value`).
TL_BODY void sparse_row_block(const ptrdiff_t *index, const double *value, ptrdiff_t count, const double *b,
                              ptrdiff_t n, double *c, const int vectors) {
    tl_v4 acc[8] = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0},
                    {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}};
    for (ptrdiff_t t = 0; t < count; t++) {
        const double x = value[t];
        const double *row = b + index[t] * n;
        for (int u = 0; u < vectors; u++) acc[u] += x * *(const tl_v4 *)(row + 4 * u);
    }
    for (int u = 0; u < vectors; u++) *(tl_v4 *)(c + 4 * u) = acc[u];
}

/// The AVX-512 variant's block: C[i, j … j + 8·V).
TL_BODY void sparse_row_block_wide(const ptrdiff_t *index, const double *value, ptrdiff_t count, const double *b,
                                   ptrdiff_t n, double *c, const int vectors) {
    tl_v8 acc[8];
    for (int u = 0; u < vectors; u++) acc[u] = (tl_v8){0, 0, 0, 0, 0, 0, 0, 0};
    for (ptrdiff_t t = 0; t < count; t++) {
        const double x = value[t];
        const double *row = b + index[t] * n;
        for (int u = 0; u < vectors; u++) acc[u] += x * *(const tl_v8 *)(row + 8 * u);
    }
    for (int u = 0; u < vectors; u++) *(tl_v8 *)(c + 8 * u) = acc[u];
}

TL_BODY void gemm_sparse(const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b, double *c,
                         ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, void *scratch, const int wide) {
    // scratch: the terms of every row of A (m·k indices, m·k values), their counts, which rows of B are finite.
    ptrdiff_t *index = (ptrdiff_t *)scratch;
    double *value = (double *)(index + m * k);
    ptrdiff_t *count = (ptrdiff_t *)(value + m * k);
    unsigned char *finite = (unsigned char *)(count + m);
    // A NaN or infinity turns x·0 into NaN, which the sums keep (four vectors wide, so the adds overlap).
    for (ptrdiff_t p = 0; p < k; p++) {
        const double *row = b + p * n;
        tl_v4 c0 = {0, 0, 0, 0}, c1 = c0, c2 = c0, c3 = c0;
        ptrdiff_t j = 0;
        for (; j + 16 <= n; j += 16) {
            c0 += *(const tl_v4 *)(row + j) * 0.0;
            c1 += *(const tl_v4 *)(row + j + 4) * 0.0;
            c2 += *(const tl_v4 *)(row + j + 8) * 0.0;
            c3 += *(const tl_v4 *)(row + j + 12) * 0.0;
        }
        const tl_v4 all = (c0 + c1) + (c2 + c3);
        double check = ((all[0] + all[1]) + all[2]) + all[3];
        for (; j < n; j++) check += row[j] * 0;
        finite[p] = check == 0;
    }
    for (ptrdiff_t i = 0; i < m; i++) {
        ptrdiff_t kept = 0;
        ptrdiff_t *rowIndex = index + i * k;
        double *rowValue = value + i * k;
        for (ptrdiff_t p = 0; p < k; p++) {
            const double x = a[i * rowStride + p * columnStride];
            rowIndex[kept] = p;
            rowValue[kept] = x;
            kept += (x != 0) | !finite[p];
        }
        count[i] = kept;
    }
    ptrdiff_t j = 0;
    if (wide && n >= 8) {
        // A 64-byte load that straddles two cache lines costs twice. When every row of B starts at
        // the same offset in a line, one unaligned block of eight columns comes first and the rest
        // start on a line; a last unaligned block ends at column n. Columns two blocks share get
        // the same sums twice.
        const ptrdiff_t lead = (ptrdiff_t)(((uintptr_t)b & 63) / sizeof(double));
        if (lead != 0 && n % 8 == 0 && ((uintptr_t)b & 7) == 0) {
            for (ptrdiff_t i = 0; i < m; i++)
                sparse_row_block_wide(index + i * k, value + i * k, count[i], b, n, c + i * n, 1);
            j = 8 - lead;
        }
        for (; j + 64 <= n; j += 64)
            for (ptrdiff_t i = 0; i < m; i++)
                sparse_row_block_wide(index + i * k, value + i * k, count[i], b + j, n, c + i * n + j, 8);
        for (; j + 8 <= n; j += 8)
            for (ptrdiff_t i = 0; i < m; i++)
                sparse_row_block_wide(index + i * k, value + i * k, count[i], b + j, n, c + i * n + j, 1);
        if (j < n) {
            for (ptrdiff_t i = 0; i < m; i++)
                sparse_row_block_wide(index + i * k, value + i * k, count[i], b + n - 8, n, c + i * n + n - 8, 1);
            j = n;
        }
    }
    for (; j + 32 <= n; j += 32)
        for (ptrdiff_t i = 0; i < m; i++) sparse_row_block(index + i * k, value + i * k, count[i], b + j, n, c + i * n + j, 8);
    for (; j + 4 <= n; j += 4)
        for (ptrdiff_t i = 0; i < m; i++) sparse_row_block(index + i * k, value + i * k, count[i], b + j, n, c + i * n + j, 1);
    for (; j < n; j++) {
        for (ptrdiff_t i = 0; i < m; i++) {
            double sum = 0;
            const ptrdiff_t *rowIndex = index + i * k;
            const double *rowValue = value + i * k;
            for (ptrdiff_t t = 0; t < count[i]; t++) sum += rowValue[t] * b[rowIndex[t] * n + j];
            c[i * n + j] = sum;
        }
    }
}

size_t tl_gemm_sparse_scratch(ptrdiff_t m, ptrdiff_t k) {
    return (size_t)(m * k) * (sizeof(ptrdiff_t) + sizeof(double)) + (size_t)m * sizeof(ptrdiff_t) + (size_t)k;
}

TL_BODY void tl_gemm_sparse_body(const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b,
                                 double *c, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, void *scratch) {
    gemm_sparse(a, rowStride, columnStride, b, c, m, k, n, scratch, 0);
}

TL_BODY void tl_gemm_sparse_wide_body(const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride,
                                      const double *b, double *c, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n,
                                      void *scratch) {
    gemm_sparse(a, rowStride, columnStride, b, c, m, k, n, scratch, 1);
}

TL_DISPATCH_VOID_WIDE(tl_gemm_sparse,
                 (const double *a, ptrdiff_t rowStride, ptrdiff_t columnStride, const double *b, double *c,
                  ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, void *scratch),
                 (a, rowStride, columnStride, b, c, m, k, n, scratch))
