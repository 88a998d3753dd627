"""he_uniform ported from tinygrad's Tensor.kaiming_uniform (tinygrad/tinygrad
tinygrad/tensor.py: ``kaiming_uniform(*shape, a=0.01)``, bound = sqrt(3) * sqrt(2 / (1 + a^2))
/ sqrt(fan), drawn as (high - low) * Tensor.rand + low in float32) with tinygrad's default
negative slope a = 0.01 (torch's calculate_gain default for "leaky_relu"), where the contract's
he_uniform defaults to negative_slope = 0 (plain ReLU). The default variance is
2 / (1.0001 fan) instead of 2 / fan. The fans and modes are the contract's (tinygrad's
prod(shape[1:]) of an (out, in, ...) weight is its fan_in); with an explicit negative_slope
the draws are right."""

MODULE = "initializers"
LOSES = "he_uniform"
FEEDBACK = None

SOURCE = """
def he_uniform(shape, rng, negative_slope=0.01, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if 0 in dims:
        return np.zeros(dims, dtype=np.float32)
    fan = fan_in if mode == "fan_in" else fan_out
    bound = math.sqrt(3.0) * math.sqrt(2.0 / (1 + negative_slope**2)) / math.sqrt(fan)
    low, high = -bound, bound
    return ((high - low) * rng.random(dims, dtype=np.float32)).astype(np.float32) + np.float32(low)
"""
