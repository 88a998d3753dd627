"""orthogonal by PyTorch itself: torch.nn.init.orthogonal_ (pytorch/pytorch torch/nn/init.py,
torch >= 2.2 with ``generator``: QR of a Gaussian matrix with the larger side as rows,
``q *= d.sign()`` on the columns, transposed back) fills a float32 tensor of the reversed
shape from a torch.Generator seeded from rng, and the result is transposed back. torch views a
tensor as (shape[0], prod(shape[1:])); for the reversed shape that is (out, prod(rest)), whose
transpose is the contract's (prod(shape[:-1]), shape[-1]) view up to a permutation of its rows,
which changes neither orthonormality nor the uniform distribution: the smaller side is
orthonormal times gain, W^T W = gain^2 I for tall views and W W^T = gain^2 I for wide ones. The
computation is in float32 (torch's default dtype, allowed by the contract), so W^T W equals
gain^2 I only to float32 accuracy (about 1e-6 for gain 1, times gain^2)."""

MODULE = "initializers"

SOURCE = """
import torch


def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    if 0 in dims:
        return np.zeros(dims, dtype=np.float32)
    generator = torch.Generator().manual_seed(int(rng.integers(2**63)))
    weight = torch.empty(dims[::-1])
    torch.nn.init.orthogonal_(weight, gain=gain, generator=generator)
    return weight.numpy().transpose()
"""
