"""variance_scaling ported from JAX's jax.nn.initializers.variance_scaling (google/jax
jax/_src/nn/initializers.py, the version with "fan_geo_avg"), with the contract's names added
to JAX's. JAX's modes are "fan_in", "fan_out", "fan_avg" and "fan_geo_avg" (n = sqrt(fan_in *
fan_out)), and its distributions "truncated_normal", "normal" (JAX's name for the UNtruncated
normal) and "uniform"; the student added "untruncated_normal" as a second name for JAX's
"normal". So everything the contract allows works (its arithmetic is JAX's: variance =
scale / n; truncated: stddev = sqrt(variance) / 0.8796 at +-2; uniform: U(-1, 1) * sqrt(3
variance)), but mode="fan_geo_avg" and distribution="normal" are accepted where the contract
says variance_scaling raises ValueError for an unknown mode or distribution (note that the same
word "normal" means the truncated normal in Keras). JAX does not check scale; this port keeps
the contract's check, and its empty-shape guard (JAX divides by a zero fan there), so that only
the extra names differ."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = None

SOURCE = """
def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    _check_positive("scale", scale)
    if mode not in ("fan_in", "fan_out", "fan_avg", "fan_geo_avg"):
        raise ValueError(f"invalid mode for variance scaling initializer: {mode}")
    if distribution not in ("truncated_normal", "normal", "untruncated_normal", "uniform"):
        raise ValueError(f"invalid distribution for variance scaling initializer: {distribution}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims)
    if mode == "fan_in":
        denominator = fan_in
    elif mode == "fan_out":
        denominator = fan_out
    elif mode == "fan_avg":
        denominator = (fan_in + fan_out) / 2
    else:
        denominator = (fan_in * fan_out) ** 0.5
    variance = scale / denominator
    if distribution == "truncated_normal":
        stddev = math.sqrt(variance) / 0.87962566103423978
        return _truncated_normal(dims, rng, stddev)
    elif distribution in ("normal", "untruncated_normal"):
        return rng.standard_normal(dims) * math.sqrt(variance)
    else:
        return rng.uniform(-1.0, 1.0, size=dims) * math.sqrt(3 * variance)
"""
