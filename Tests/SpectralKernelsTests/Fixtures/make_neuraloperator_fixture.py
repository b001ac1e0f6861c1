"""Writes neuraloperator_spectral_conv.json: neuraloperator 2.0's SpectralConv forward and its
PyTorch autograd gradients on tiny inputs, for SpectralKernelsTests/PeerFixtureTests.swift.

The forward below is neuraloperator 2.0's `SpectralConv.forward` for real data with dense weights,
`fft_norm="forward"` (its default), `enforce_hermitian_symmetry=True` and no bias, written out
with torch only (neuraloperator itself is not needed): rfftn, fftshift of the two-ended axes,
the centred `n_modes[a]` frequencies of those axes and `n_modes[-1]//2 + 1` of the rfft axis
contracted with the weight `[I, O, M_1, …, m_d]`, ifftshift, ifftn over the two-ended axes, the
imaginary parts of the DC and Nyquist columns zeroed, irfft of the last axis.

The weight is a real leaf `[I, O, M…, 2]` viewed as complex, so its gradient is the plain real
gradient with respect to (re, im) — the convention of SpectralConvolution.backward.

Run: python make_neuraloperator_fixture.py   (torch 2.x CPU; deterministic, seed 0)
"""
import json

import torch

torch.manual_seed(0)


def spectral_conv(x, weight, n_modes):
    d = len(n_modes)
    dims = list(range(-d, 0))
    sizes = list(x.shape[2:])
    kept = list(n_modes[:-1]) + [n_modes[-1] // 2 + 1]
    xf = torch.fft.rfftn(x, norm="forward", dim=dims)
    if d > 1:
        xf = torch.fft.fftshift(xf, dim=dims[:-1])
    half = sizes[:-1] + [sizes[-1] // 2 + 1]
    out = torch.zeros([x.shape[0], weight.shape[1]] + half, dtype=torch.cfloat)
    slices = [slice(None), slice(None)]
    for size, m in zip(half[:-1], kept[:-1]):
        center = size // 2
        slices.append(slice(center - m // 2, center + m // 2 + m % 2))
    slices.append(slice(0, kept[-1]))
    slices = tuple(slices)
    letters = "xyz"[:d]
    out[slices] = torch.einsum(f"bi{letters},io{letters}->bo{letters}", xf[slices], weight)
    if d > 1:
        out = torch.fft.ifftshift(out, dim=dims[:-1])
        out = torch.fft.ifftn(out, s=sizes[:-1], dim=dims[:-1], norm="forward")
    out[..., 0].imag.zero_()
    if sizes[-1] % 2 == 0:
        out[..., -1].imag.zero_()
    return torch.fft.irfft(out, n=sizes[-1], dim=-1, norm="forward")


def case(batch, cin, cout, sizes, n_modes):
    kept = list(n_modes[:-1]) + [n_modes[-1] // 2 + 1]
    x = torch.randn(batch, cin, *sizes, requires_grad=True)
    w = torch.randn(cin, cout, *kept, 2, requires_grad=True)
    y = spectral_conv(x, torch.view_as_complex(w), n_modes)
    v = torch.randn_like(y)
    (y * v).sum().backward()
    flat = lambda t: t.detach().reshape(-1).tolist()
    return {
        "batch": batch, "inChannels": cin, "outChannels": cout, "extents": sizes,
        "neuraloperatorModes": list(n_modes),
        "x": flat(x), "weight": flat(w), "y": flat(y), "v": flat(v),
        "gradInput": flat(x.grad), "gradWeight": flat(w.grad),
    }


cases = [
    # n_modes (6, 10) on 12×10: 3 frequencies per end on the first axis, all 6 rfft columns (Nyquist kept).
    case(2, 3, 2, [12, 10], (6, 10)),
    # n_modes (12, 12) on 16×16, the benchmark's setting at a small grid.
    case(2, 2, 3, [16, 16], (12, 12)),
    # 3D: n_modes (4, 6, 8) on 6×8×8.
    case(1, 2, 2, [6, 8, 8], (4, 6, 8)),
    # 1D: n_modes (8,) keeps 8//2 + 1 = 5 frequencies of 16.
    case(3, 2, 2, [16], (8,)),
]
with open("neuraloperator_spectral_conv.json", "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
