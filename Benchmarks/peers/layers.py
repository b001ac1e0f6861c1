"""PyTorch peers of neurop's layer benchmarks: one spectral convolution (neuraloperator) and one
3x3 convolution, batch 32, 32 -> 32 channels, 64x64, forward and forward+backward.

Usage: python layers.py spectral|conv3x3 [--threads 2] [--rounds 15]
Prints one line per measurement: `peer NAME MILLISECONDS` (median over rounds).
"""
import argparse
import torch

from timing import median_seconds



def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("layer", choices=["spectral", "conv3x3"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--modes", type=int, nargs=2, default=[12, 12])
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = torch.randn(32, 32, 64, 64)
    if args.layer == "spectral":
        from neuralop.layers.spectral_convolution import SpectralConv
        layer = SpectralConv(32, 32, n_modes=tuple(args.modes))
    else:
        layer = torch.nn.Conv2d(32, 32, 3, padding=1)
    xg = x.clone().requires_grad_(True)
    v = torch.randn(32, 32, 64, 64)

    def forward():
        with torch.no_grad():
            layer(x)

    def forward_backward():
        layer.zero_grad(set_to_none=True)
        xg.grad = None
        (layer(xg) * v).sum().backward()

    print(f"peer {args.layer}-forward {median_seconds(forward, args.rounds) * 1e3:.3f}", flush=True)
    print(f"peer {args.layer}-forward-backward {median_seconds(forward_backward, args.rounds) * 1e3:.3f}", flush=True)


if __name__ == "__main__":
    main()
