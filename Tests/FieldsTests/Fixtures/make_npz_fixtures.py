"""Writes the NumPy archive fixtures of FieldsTests (NumpyArchiveTests) with NumPy itself.

Run from anywhere:  python make_npz_fixtures.py   (needs numpy)
Values are multiples of 1/8, exact in float32 and float64, so the Swift tests compare with ==.

  deepxde_aligned.npz             DeepXDE's aligned layout: X = (branch [6, 5], trunk [5, 1]) as an
                                  object array (pickled by np.save), y [6, 5]; np.savez
  deepxde_aligned_compressed.npz  the same with np.savez_compressed (deflate)
  deepxde_aligned_protocol2.npz   the same with X pickled at protocol 2 (bytes via _codecs.encode)
  deepxde_aligned_protocol3.npz   the same with X pickled at protocol 3 (NumPy 1's np.save)
  deepxde_pointwise.npz           DeepXDE's pointwise layout: branch [6, 4] (2 functions x 3 rows),
                                  trunk [6, 1], y [6, 1]
  arrays.npz                      a Fortran-order float32 [2, 3], a big-endian int16 [4], a bool [3]
"""
import io
import os
import pickle
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def object_pair(a, b):
    x = np.empty(2, dtype=object)
    x[0], x[1] = a, b
    return x


branch = np.arange(30, dtype=np.float64).reshape(6, 5) / 8
trunk = (np.arange(5, dtype=np.float32) / 4).reshape(5, 1)     # linspace(0, 1, 5)
y = -np.arange(30, dtype=np.float64).reshape(6, 5) / 8
np.savez(os.path.join(HERE, "deepxde_aligned.npz"), X=object_pair(branch, trunk), y=y)
np.savez_compressed(os.path.join(HERE, "deepxde_aligned_compressed.npz"), X=object_pair(branch, trunk), y=y)

# np.save pickles at protocol 4 (NumPy 2) or 3 (NumPy 1); files of Python 2 days used protocol 2.
for protocol in (2, 3):
    with zipfile.ZipFile(os.path.join(HERE, f"deepxde_aligned_protocol{protocol}.npz"), "w") as z:
        buffer = io.BytesIO()
        x = object_pair(branch, trunk)
        np.lib.format.write_array_header_1_0(buffer, np.lib.format.header_data_from_array_1_0(x))
        pickle.dump(x, buffer, protocol=protocol)
        z.writestr("X.npy", buffer.getvalue())
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, y)
        z.writestr("y.npy", buffer.getvalue())

functions = np.repeat(np.arange(8, dtype=np.float64).reshape(2, 4) / 8, 3, axis=0)
points = (np.arange(6, dtype=np.float64) / 8).reshape(6, 1)
values = (np.arange(6, dtype=np.float64) / 4).reshape(6, 1)
np.savez(os.path.join(HERE, "deepxde_pointwise.npz"), X=object_pair(functions, points), y=values)

np.savez(os.path.join(HERE, "arrays.npz"),
         fortran=np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3) / 8),
         big=np.array([-2, -1, 0, 300], dtype=">i2"),
         flags=np.array([True, False, True]))
