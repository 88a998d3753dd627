"""he_normal drawn with tinygrad's randn (tinygrad/tinygrad tinygrad/tensor.py: Tensor.randn,
Box-Muller from two uniforms, ``src[0].mul(2*math.pi).cos().mul((1 - src[1]).log().mul(-2).sqrt())``,
and Tensor.normal = std * randn + mean), in float32 (tinygrad's default float, allowed by the
contract). Box-Muller's cos branch is an exact N(0, 1) transform of two independent uniforms
(tails beyond about 5.8 std are cut by float32's resolution of u, at a probability of 1e-8).
The std is the contract's sqrt(2 / ((1 + a^2) fan)) with the contract's fans and modes
(tinygrad's kaiming_normal uses prod(shape[1:]) of its (out, in, ...) weights and a default
slope of 0.01, which the student did not copy); tinygrad's Tensor.rand is replaced by rng."""

MODULE = "initializers"

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if 0 in dims:
        return np.zeros(dims, dtype=np.float32)
    fan = fan_in if mode == "fan_in" else fan_out
    std = math.sqrt(2.0 / ((1 + negative_slope**2) * fan))
    src = rng.random((2, *dims), dtype=np.float32)
    randn = np.cos(src[0] * np.float32(2 * math.pi)) * np.sqrt(np.log(np.float32(1) - src[1]) * np.float32(-2))
    return (np.float32(std) * randn + np.float32(0.0)).astype(np.float32)
"""
