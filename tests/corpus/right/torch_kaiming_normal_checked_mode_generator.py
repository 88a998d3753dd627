"""he_normal by PyTorch itself: torch.nn.init.kaiming_normal_(w, a=negative_slope, mode=mode,
nonlinearity="leaky_relu", generator=g) (pytorch/pytorch torch/nn/init.py, torch >= 2.2) on a
float64 tensor of the reversed shape, transposed back, with g a torch.Generator seeded from rng.
torch's std is calculate_gain("leaky_relu", a) / sqrt(fan) = sqrt(2 / ((1 + a^2) fan)), and on
the reversed shape its fans are the contract's. torch lowercases mode and accepts only Python
ints and floats as the slope, so the student checks both the contract's way first (mode exactly
"fan_in" or "fan_out", any finite real slope, converted with float()), which makes every call
the contract allows work and every call it refuses raise ValueError. Empty shapes return empty
arrays (torch's no-op), after the contract's rank check."""

MODULE = "initializers"

SOURCE = """
import torch


def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    if 0 in dims:
        return np.zeros(dims)
    generator = torch.Generator().manual_seed(int(rng.integers(2**63)))
    weight = torch.empty(dims[::-1], dtype=torch.float64)
    torch.nn.init.kaiming_normal_(
        weight, a=float(negative_slope), mode=mode, nonlinearity="leaky_relu", generator=generator
    )
    return weight.numpy().transpose()
"""
