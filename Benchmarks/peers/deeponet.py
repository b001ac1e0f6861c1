"""PyTorch peer of `neurop-bench deeponet`: a plain torch DeepONet (no DeepXDE) of the antiderivative
model's size, trained on random data with the Cartesian-product evaluation.

Branch: Linear(m, 40), ReLU, Linear(40, p); trunk: Linear(d, 40), ReLU, Linear(40, p), ReLU (the
trunk keeps its activation after the last layer, as DeepXDE's); G = b @ t.T + b0, b0 one scalar
initialised to 0. nn.Linear's default initialisation, as neurop's. Training step: zero_grad,
forward, MSE loss (mean over all elements), backward, Adam step (lr 1e-3).

The step is timed with `--threads` intra-op threads and, when that is more than one, again with
one: on a shared 2-core machine torch's two threads wait for each other whenever another process
holds a core (medians of 1-60 ms a step were seen for a 0.3-1 ms step), and a peer should be
measured at its best.

Usage: python deeponet.py [--threads 2] [--rounds 200] [--batch 100] [--sensors 100]
                          [--queries 100] [--width 40] [--basis 40]
Prints `peer NAME VALUE` lines: the parameter count and the median training samples/s with
`--threads` threads (`train-samples-per-second`) and with one (`train-samples-per-second-1-thread`).
"""
import argparse
import torch
from torch import nn

from timing import median_seconds


class DeepONet(nn.Module):
    def __init__(self, sensors, dimension, width, basis):
        super().__init__()
        self.branch = nn.Sequential(nn.Linear(sensors, width), nn.ReLU(), nn.Linear(width, basis))
        self.trunk = nn.Sequential(nn.Linear(dimension, width), nn.ReLU(), nn.Linear(width, basis), nn.ReLU())
        self.b0 = nn.Parameter(torch.zeros(1))

    def forward(self, v, y):
        return self.branch(v) @ self.trunk(y).T + self.b0



def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--sensors", type=int, default=100)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--width", type=int, default=40)
    parser.add_argument("--basis", type=int, default=40)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    model = DeepONet(args.sensors, 1, args.width, args.basis)
    print(f"peer parameters {sum(p.numel() for p in model.parameters())}", flush=True)
    v = torch.randn(args.batch, args.sensors)
    y = torch.linspace(0, 1, args.queries).reshape(-1, 1)
    target = torch.randn(args.batch, args.queries)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()

    def train_step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(v, y), target)
        loss.backward()
        optimizer.step()

    model.train()
    step = median_seconds(train_step, args.rounds, warmup=20)
    print(f"peer train-samples-per-second {args.batch / step:.3f}", flush=True)
    if args.threads > 1:
        torch.set_num_threads(1)
        step = median_seconds(train_step, args.rounds, warmup=20)
        print(f"peer train-samples-per-second-1-thread {args.batch / step:.3f}", flush=True)


if __name__ == "__main__":
    main()
