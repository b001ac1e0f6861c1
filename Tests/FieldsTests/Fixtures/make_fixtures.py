"""Writes the HDF5 fixtures of FieldsTests with h5py (an implementation independent of neurop).

Run from anywhere:  python make_fixtures.py   (needs h5py and numpy)
Every value is exactly representable in float32, so the Swift tests compare with ==.

  field_h5py.h5                       a neurop field file written by h5py
  2D_DarcyFlow_beta1.0_tiny.hdf5      PDEBench 2D Darcy layout (tensor, nu, x-/y-coordinate)
  1D_Burgers_Sols_Nu0.001_tiny.hdf5   PDEBench 1D Burgers layout (tensor, x-/t-coordinate)
"""
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
# Stay readable by HDF5 1.10 (Debian 12's libhdf5) whatever HDF5 h5py bundles.
LIBVER = ("earliest", "v110")


def field_file(path):
    with h5py.File(path, "w", libver=LIBVER) as f:
        f.attrs["format"] = "neurop.fields"                 # variable-length UTF-8 str
        f.attrs["format_version"] = np.int32(1)             # int32, read as Int64
        f.attrs["pde"] = np.bytes_("darcy")                 # fixed-length (5 bytes, null-padded)
        f.attrs["generator"] = "make_fixtures.py"
        f.attrs["seed"] = np.int64(1234)
        f.attrs["recipe"] = "pde: darcy\nresolution: 4\nsamples: 3\n"
        f.attrs["created"] = "2025-01-02T03:04:05Z"
        f.attrs["viscosity"] = np.float32(0.25)             # float32, read as Double
        f.attrs["resolution"] = np.int32(4)
        f.attrs["levels"] = np.array([1, 2, 3], dtype=np.int64)
        f.attrs["weights"] = np.array([0.5, 1.5], dtype=np.float64)
        f.attrs["label"] = np.array(b"abc  ", dtype="S5")  # fixed-length with trailing spaces kept

        inputs = f.create_dataset(
            "inputs", data=np.arange(48, dtype=np.float32).reshape(3, 1, 4, 4),
            chunks=(1, 1, 4, 4), compression="gzip", compression_opts=4, shuffle=True,
            maxshape=(None, 1, 4, 4))
        inputs.attrs["axes"] = "sample,channel,x,y"
        inputs.attrs["channels"] = "a"
        outputs = f.create_dataset(
            "outputs", data=(np.arange(48, dtype=np.float64) * 0.5).reshape(3, 1, 4, 4))
        outputs.attrs["axes"] = "sample,channel,x,y"
        outputs.attrs["channels"] = "u"
        labels = f.create_dataset("labels", data=np.array([7, 8, 9], dtype=np.int64))
        labels.attrs["axes"] = "sample"

        for name in ("x", "y"):
            coordinate = f.create_dataset(name, data=np.arange(4, dtype=np.float64) / 4)
            coordinate.attrs["axes"] = name
            coordinate.make_scale(name)
        inputs.dims[2].attach_scale(f["x"])
        inputs.dims[3].attach_scale(f["y"])


def darcy_file(path):
    n, s = 3, 8
    with h5py.File(path, "w", libver=LIBVER) as f:
        f.create_dataset("tensor", data=(np.arange(n * s * s, dtype=np.float32) / 4).reshape(n, 1, s, s))
        f.create_dataset("nu", data=(100 + np.arange(n * s * s, dtype=np.float32)).reshape(n, s, s))
        centres = ((np.arange(s) + 0.5) / s).astype(np.float32)
        f.create_dataset("x-coordinate", data=centres)
        f.create_dataset("y-coordinate", data=centres)


def burgers_file(path):
    n, t, x = 2, 5, 16
    with h5py.File(path, "w", libver=LIBVER) as f:
        f.create_dataset("tensor", data=np.arange(n * t * x, dtype=np.float32).reshape(n, t, x))
        f.create_dataset("x-coordinate", data=((np.arange(x) + 0.5) / x).astype(np.float32))
        # Like PDEBench's 1D files: T + 1 times, the snapshot times plus one more.
        f.create_dataset("t-coordinate", data=(np.arange(t + 1) * 0.5).astype(np.float32))


if __name__ == "__main__":
    field_file(os.path.join(HERE, "field_h5py.h5"))
    darcy_file(os.path.join(HERE, "2D_DarcyFlow_beta1.0_tiny.hdf5"))
    burgers_file(os.path.join(HERE, "1D_Burgers_Sols_Nu0.001_tiny.hdf5"))
