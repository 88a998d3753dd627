"""he_normal ported from MXNet's MSRAPrelu (apache/mxnet python/mxnet/initializer.py:
magnitude = 2 / (1 + slope^2), then Xavier("gaussian", factor_type, magnitude), whose
factor_type is "in", "out" or "avg" and defaults to "avg"). The student mapped the contract's
modes onto MXNet's factor types ("fan_in" -> "in", "fan_out" -> "out") and kept MXNet's third
one as "fan_avg", and MXNet's own spellings "in", "out", "avg" too. Everything the contract
allows is right (std = sqrt(2 / ((1 + a^2) fan)), the contract's fans), but he_normal accepts
mode="fan_avg", "avg", "in" and "out" where the contract's he_normal mode is exactly "fan_in" or
"fan_out" (the reference raises ValueError for anything else)."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
_FACTOR_TYPES = {"fan_in": "in", "fan_out": "out", "fan_avg": "avg", "in": "in", "out": "out", "avg": "avg"}


def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    if mode not in _FACTOR_TYPES:
        raise ValueError("Incorrect factor type")
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    if 0 in dims:
        return np.zeros(dims)
    magnitude = 2.0 / (1 + negative_slope**2)
    fan_in, fan_out = compute_fans(dims)
    factor_type = _FACTOR_TYPES[mode]
    if factor_type == "avg":
        factor = (fan_in + fan_out) / 2.0
    elif factor_type == "in":
        factor = fan_in
    else:
        factor = fan_out
    scale = np.sqrt(magnitude / factor)
    return rng.normal(0, scale, size=dims)
"""
