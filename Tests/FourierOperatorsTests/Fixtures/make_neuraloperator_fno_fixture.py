"""Writes neuraloperator_fno.json: tiny neuraloperator 2.0 FNOs (1D, 2D, 3D) with their weights by
state_dict name, an input batch, the output, the relative L2 loss against a target and its
gradient with respect to every weight, for FourierOperatorsTests/PeerFixtureTests.swift.

Complex spectral weights are stored as their real view (torch.view_as_real: trailing axis re, im),
and so are their gradients (the gradient with respect to the real and imaginary parts).
The loss is neuraloperator's relative L2 as the FNO paper reports it: per sample
||y - t||_2 / ||t||_2 over all non-batch axes, averaged over the batch.

Run (neuraloperator 2.0.0, torch 2.x CPU; deterministic, seed 0):
    Benchmarks/.venv/bin/python Tests/FourierOperatorsTests/Fixtures/make_neuraloperator_fno_fixture.py
"""
import json
import os

import torch
from neuralop.models import FNO

torch.manual_seed(0)


def flat(t):
    t = t.detach()
    if t.is_complex():
        t = torch.view_as_real(t)
    return t.reshape(-1).tolist()


def shape(t):
    return list(torch.view_as_real(t).shape) if t.is_complex() else list(t.shape)


def relative_l2(y, t):
    d, n = (y - t).flatten(1), t.flatten(1)
    return (d.norm(dim=1) / n.norm(dim=1)).mean()


def case(name, options, batch, extents, fine_extents=None):
    model = FNO(**options)
    # Non-trivial soft gates and biases, so that a mapping mistake cannot hide behind an init of ones.
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.1 * torch.randn_like(p))
    x = torch.randn(batch, options["in_channels"], *extents)
    target = torch.randn(batch, options["out_channels"], *extents)
    y = model(x)
    loss = relative_l2(y, target)
    loss.backward()
    params = dict(model.named_parameters())
    result = {
        "name": name,
        "options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in options.items()},
        "batch": batch,
        "extents": list(extents),
        "parameterCount": sum(p.numel() for p in model.parameters()),
        "parameters": {k: {"shape": shape(p), "values": flat(p)} for k, p in params.items()},
        "gradients": {k: {"shape": shape(p.grad), "values": flat(p.grad)} for k, p in params.items()},
        "x": flat(x),
        "y": flat(y),
        "target": flat(target),
        "loss": loss.item(),
    }
    if fine_extents is not None:
        fine_x = torch.randn(batch, options["in_channels"], *fine_extents)
        with torch.no_grad():
            result["fineExtents"] = list(fine_extents)
            result["fineX"] = flat(fine_x)
            result["fineY"] = flat(model(fine_x))
    return result


cases = [
    # Defaults (grid embedding, channel MLP with soft gating, linear skip) with domain padding
    # 0.25: round(2.5) = 2 cells per end on the first axis and round(1.5) = 2 on the second (half to
    # even), 2 -> 3 channels, 3 layers; also run on a grid twice as fine.
    case("2d-defaults-padded",
         dict(n_modes=(4, 6), in_channels=2, out_channels=3, hidden_channels=8, n_layers=3, domain_padding=0.25),
         batch=2, extents=(10, 6), fine_extents=(20, 12)),
    # 1D without the channel MLP (GELU twice between layers), no positional embedding, a single
    # linear lifting (lifting_channel_ratio=0) and projection ratio 1.5.
    case("1d-plain",
         dict(n_modes=(8,), in_channels=1, out_channels=1, hidden_channels=6, n_layers=2, use_channel_mlp=False,
              positional_embedding=None, lifting_channel_ratio=0, projection_channel_ratio=1.5),
         batch=3, extents=(32,)),
    # 3D with defaults.
    case("3d-defaults",
         dict(n_modes=(4, 4, 4), in_channels=1, out_channels=1, hidden_channels=4, n_layers=2),
         batch=1, extents=(8, 6, 8)),
]
import neuralop
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "neuraloperator_fno.json")
with open(out, "w") as f:
    json.dump({"torch": torch.__version__, "neuraloperator": neuralop.__version__, "cases": cases}, f)
