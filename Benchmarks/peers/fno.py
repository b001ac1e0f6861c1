"""PyTorch peer of `neurop-bench fno`: neuraloperator 2.0's FNO on 64x64, batch 32, 1 -> 1 channel,
hidden_channels 32, n_modes (12, 12), 4 layers (its defaults otherwise), on random data.

Training step: zero_grad, forward, relative L2 loss (neuraloperator's LpLoss(d=2, p=2), mean over
the batch), backward, Adam step. Inference: forward under torch.no_grad() in eval mode.

Usage: python fno.py [--threads 2] [--train-rounds 10] [--infer-rounds 20]
Prints `peer NAME VALUE` lines: parameter counts (numel, a complex entry counting once, and real
scalars), median samples/s for training and inference, and this process's peak resident memory
(getrusage ru_maxrss, MiB) after both.
"""
import argparse
import resource

import torch

from timing import median_seconds



def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--train-rounds", type=int, default=10)
    parser.add_argument("--infer-rounds", type=int, default=20)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--resolution", type=int, default=64)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    from neuralop.losses import LpLoss
    from neuralop.models import FNO

    model = FNO(n_modes=(12, 12), in_channels=1, out_channels=1, hidden_channels=32, n_layers=4)
    params = list(model.parameters())
    print(f"peer parameters {sum(p.numel() for p in params)}", flush=True)
    print(f"peer real-parameters {sum(p.numel() * (2 if p.is_complex() else 1) for p in params)}", flush=True)
    n = args.resolution
    x = torch.randn(args.batch, 1, n, n)
    target = torch.randn(args.batch, 1, n, n)
    loss_fn = LpLoss(d=2, p=2, reduction="mean")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def train_step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), target)
        loss.backward()
        optimizer.step()

    def infer():
        with torch.no_grad():
            model(x)

    model.train()
    train = median_seconds(train_step, args.train_rounds)
    print(f"peer train-samples-per-second {args.batch / train:.3f}", flush=True)
    model.eval()
    inference = median_seconds(infer, args.infer_rounds)
    print(f"peer infer-samples-per-second {args.batch / inference:.3f}", flush=True)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peer peak-memory-mib {peak_kib / 1024:.1f}", flush=True)


if __name__ == "__main__":
    main()
