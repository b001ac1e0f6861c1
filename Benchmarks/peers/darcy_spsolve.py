"""SciPy peer of neurop's Darcy solver: the same 5-point discretisation of -div(a grad u) = 1 on the
s x s node grid (h = 1/(s-1), u = 0 on the boundary, face coefficients the arithmetic mean of the
two nodal values), assembled as a sparse matrix and solved with scipy.sparse.linalg.spsolve.

Usage: python darcy_spsolve.py COEFFICIENT.f64 S SOLUTION.f64
Reads s*s float64 values (row-major, x along the last axis), writes the s*s solution, and prints
`peer darcy-S MILLISECONDS` (assembly + solve, median of a few runs for small S).
"""
import statistics
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def solve(a, s):
    h = 1.0 / (s - 1)
    n = s - 2  # interior nodes per axis
    idx = np.arange(n * n).reshape(n, n)
    ai = a[1:-1, 1:-1]
    east = 0.5 * (ai + a[1:-1, 2:])
    west = 0.5 * (ai + a[1:-1, :-2])
    north = 0.5 * (ai + a[2:, 1:-1])
    south = 0.5 * (ai + a[:-2, 1:-1])
    rows = [idx.ravel()]
    cols = [idx.ravel()]
    vals = [(east + west + north + south).ravel()]
    for coef, di, dj in ((east, 0, 1), (west, 0, -1), (north, 1, 0), (south, -1, 0)):
        ii, jj = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
        ti, tj = ii + di, jj + dj
        keep = (ti >= 0) & (ti < n) & (tj >= 0) & (tj < n)
        rows.append(idx[ii[keep], jj[keep]])
        cols.append(idx[ti[keep], tj[keep]])
        vals.append(-coef[keep])
    matrix = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n * n, n * n))
    rhs = np.full(n * n, h * h)
    u = np.zeros((s, s))
    u[1:-1, 1:-1] = spla.spsolve(matrix, rhs).reshape(n, n)
    return u


def main():
    path, s, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    a = np.fromfile(path, dtype=np.float64).reshape(s, s)
    rounds = 3 if s <= 512 else 1
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        u = solve(a, s)
        times.append((time.perf_counter() - start) * 1e3)
    u.tofile(out)
    print(f"peer darcy-{s} {statistics.median(times):.3f}", flush=True)


if __name__ == "__main__":
    main()
