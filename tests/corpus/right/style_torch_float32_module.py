"""Every initializer written with torch in float32 (torch's default dtype), each drawing from a
torch.Generator seeded from the rng it is given, and returning a float32 ndarray: uniform draws by
``torch.rand``, normal by ``torch.randn``, the truncated normal by resampling, orthogonal by
``torch.linalg.qr`` with the sign correction. The contract's checks of the arguments come first,
written again here, so that everything the contract refuses is refused."""

MODULE = "initializers"

SOURCE = """
import torch


def _torch_generator(rng):
    return torch.Generator().manual_seed(int(_require_generator(rng).integers(2**62)))


def _draw(shape, rng, family, variance):
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims, dtype=np.float32)
    generator = _torch_generator(rng)
    std = math.sqrt(variance)
    if family == "uniform":
        bound = math.sqrt(3.0 * variance)
        values = (torch.rand(dims, generator=generator) * 2 - 1) * bound
    elif family == "normal":
        values = torch.randn(dims, generator=generator) * std
    else:
        scale = std / TRUNCATED_NORMAL_STD
        values = torch.randn(dims, generator=generator)
        outside = values.abs() > 2
        while bool(outside.any()):
            values[outside] = torch.randn(int(outside.sum()), generator=generator)
            outside = values.abs() > 2
        values = values * scale
    return values.numpy().astype(np.float32)


def random_normal(shape, rng, std=0.01):
    _check_positive("std", std)
    return _draw(shape, rng, "normal", std**2)


def random_uniform(shape, rng, limit=0.05):
    _check_positive("limit", limit)
    return _draw(shape, rng, "uniform", limit**2 / 3)


def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    _check_positive("scale", scale)
    _check_choice("mode", mode, MODES)
    _check_choice("distribution", distribution, DISTRIBUTIONS)
    fan_in, fan_out = compute_fans(shape)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    family = {"truncated_normal": "truncated", "untruncated_normal": "normal", "uniform": "uniform"}[distribution]
    return _draw(shape, rng, family, scale / n) if n else np.zeros(_as_shape(shape), dtype=np.float32)


def xavier_normal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    return variance_scaling(shape, rng, gain**2, "fan_avg", "untruncated_normal")


def xavier_uniform(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    return variance_scaling(shape, rng, gain**2, "fan_avg", "uniform")


def _he_scale(negative_slope, mode):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    return 2.0 / (1.0 + negative_slope**2)


def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    return variance_scaling(shape, rng, _he_scale(negative_slope, mode), mode, "untruncated_normal")


def he_uniform(shape, rng, negative_slope=0.0, mode="fan_in"):
    return variance_scaling(shape, rng, _he_scale(negative_slope, mode), mode, "uniform")


def lecun_normal(shape, rng):
    return variance_scaling(shape, rng, 1.0, "fan_in", "untruncated_normal")


def lecun_uniform(shape, rng):
    return variance_scaling(shape, rng, 1.0, "fan_in", "uniform")


def orthogonal(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    dims = _as_shape(shape, min_rank=2)
    generator = _torch_generator(rng)
    rows, cols = math.prod(dims[:-1]), dims[-1]
    if rows * cols == 0:
        return np.zeros(dims, dtype=np.float32)
    q, r = torch.linalg.qr(torch.randn(max(rows, cols), min(rows, cols), generator=generator))
    q = q * torch.where(torch.diagonal(r) < 0, -1.0, 1.0)
    if rows < cols:
        q = q.T
    return (gain * q).reshape(dims).numpy().astype(np.float32)
"""
