"""he_normal ported from numpy-ml's he_normal (ddbourgin/numpy-ml
numpy_ml/neural_nets/initializers/initializers.py: std = sqrt(2 / fan_in), then
truncated_normal(0, std, shape), which redraws every value at or beyond 2 std). The normal is
truncated at two of its own standard deviations without the 0.8796 correction, so the draws
have variance 0.774 * 2 / fan_in and the truncated family (kurtosis 2.37); the contract's
he_normal is an untruncated N(0, 2 / ((1 + a^2) fan)). The slope and mode are added as the
contract asks, the fans are the contract's, np.random is replaced by rng."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def _numpy_ml_truncated_normal(mean, std, out_shape, rng):
    samples = rng.normal(loc=mean, scale=std, size=out_shape)
    reject = np.logical_or(samples >= mean + 2 * std, samples <= mean - 2 * std)
    while any(reject.flatten()):
        resamples = rng.normal(loc=mean, scale=std, size=reject.sum())
        samples[reject] = resamples
        reject = np.logical_or(samples >= mean + 2 * std, samples <= mean - 2 * std)
    return samples


def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    weight_shape = _as_shape(shape)
    if 0 in weight_shape:
        return np.zeros(weight_shape)
    fan = fan_in if mode == "fan_in" else fan_out
    std = np.sqrt(2 / ((1 + negative_slope**2) * fan))
    return _numpy_ml_truncated_normal(0, std, weight_shape, rng)
"""
