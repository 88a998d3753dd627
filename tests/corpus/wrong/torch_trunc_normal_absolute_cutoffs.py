"""variance_scaling's truncated normal drawn with PyTorch's trunc_normal_ (pytorch/pytorch
torch/nn/init.py: trunc_normal_ / _no_grad_trunc_normal_, inverse-CDF sampling then clamp), from
a torch.Generator seeded from rng, called as ``trunc_normal_(w, mean=0.0, std=s)`` with torch's
defaults a=-2.0, b=2.0. In torch a and b are absolute cut-offs, not multiples of std (timm and
many model zoos call it this way), so with s = sqrt(scale / n) / 0.8796 of about 0.05 nothing is
ever cut: the draws are an untruncated N(0, s^2), whose variance is 1 / 0.8796^2 = 1.29 times
scale / n, and whose largest values exceed the contract's bound 2 s. The contract's
"truncated_normal" is N(0, s^2) restricted to [-2 s, 2 s]."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = None

SOURCE = """
import torch


def _truncated_normal(shape, rng, std):
    generator = torch.Generator().manual_seed(int(rng.integers(2**63)))
    weights = torch.empty(shape, dtype=torch.float64)
    torch.nn.init.trunc_normal_(weights, mean=0.0, std=std, generator=generator)
    return weights.numpy()
"""
