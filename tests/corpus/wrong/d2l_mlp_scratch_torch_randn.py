"""random_normal written as Dive into Deep Learning's MLP from scratch initializes weights
(d2l-ai/d2l-en chapter_multilayer-perceptrons/mlp-implementation.md, MLPScratch:
``nn.Parameter(torch.randn(num_inputs, num_hiddens) * sigma)`` with sigma = 0.01), returned as a
NumPy array (float32). The draws are N(0, std^2) as asked, but they come from torch's global
generator, not from the rng passed in (which is never used): the same rng seed gives different
weights on every call, and the contract says randomness comes only from the Generator given."""

MODULE = "initializers"
LOSES = "random_normal"
FEEDBACK = None

SOURCE = """
import torch


def random_normal(shape, rng, std=0.01):
    _check_positive("std", std)
    _require_generator(rng)
    dims = _as_shape(shape)
    return (torch.randn(dims) * std).numpy()
"""
