"""xavier_uniform by PyTorch itself: torch.nn.init.xavier_uniform_ (pytorch/pytorch
torch/nn/init.py, torch >= 2.2, which takes a ``generator``) fills a float32 tensor of the
reversed shape, drawing from a torch.Generator seeded from rng, and the result is transposed
back. Reversing (*kernel, in, out) gives torch's (out, in, *kernel reversed), whose
_calculate_fan_in_and_fan_out is exactly the contract's (fan_in = in * prod(kernel),
fan_out = out * prod(kernel)) at every rank, and the full transpose restores the contract's
layout; the bound is gain * sqrt(6 / (fan_in + fan_out)). The only randomness is the seed taken
from rng (rng.integers advances it, so successive calls differ and the same rng state repeats
the weights). abs(gain) is passed because torch's uniform_ refuses a negative range, and the
distribution U(-b, b) does not depend on the sign; empty shapes return empty arrays (torch
would divide by a zero fan). float32 is allowed."""

MODULE = "initializers"

SOURCE = """
import torch


def xavier_uniform(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    if 0 in dims:
        return np.zeros(dims, dtype=np.float32)
    generator = torch.Generator().manual_seed(int(rng.integers(2**63)))
    weight = torch.empty(dims[::-1])
    torch.nn.init.xavier_uniform_(weight, gain=abs(gain), generator=generator)
    return weight.numpy().transpose()
"""
