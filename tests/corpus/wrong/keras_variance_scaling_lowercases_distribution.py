"""Keras 3's VarianceScaling (keras-team/keras keras/src/initializers/random_initializers.py:
VarianceScaling.__init__ and __call__) ported to variance_scaling, with the truncated normal of
Keras's NumPy backend (keras/src/backend/numpy/random.py: truncated_normal, which draws whole
batches and keeps the values within 2 std). Keras lowercases ``distribution`` and maps "normal"
to "truncated_normal" ("compatibility with keras-team/keras"), so this port accepts "normal",
"Uniform", "TRUNCATED_NORMAL", "Untruncated_Normal", ... which the contract does not list (it
says variance_scaling raises ValueError for an unknown distribution; the names are exactly
"truncated_normal", "untruncated_normal", "uniform"), and a distribution that is not a string
raises AttributeError instead of ValueError. Keras's ``scale <= 0.0`` test also lets nan and inf
through (the contract's scale is a positive finite number); with scale=nan and the default
truncated normal, the batch-rejection loop never keeps a value and runs forever. ``mode`` is checked exactly, as in
Keras 3. The arithmetic (scale / max(1, n), stddev = sqrt(scale) / 0.8796..., limit =
sqrt(3 scale)) and the contract's fans are right for every spelling the contract allows."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = None

SOURCE = """
def _keras_truncated_normal(dims, rng, stddev):
    lower_bound, upper_bound = -2 * stddev, 2 * stddev
    flat_shape = math.prod(dims)
    random_numbers = np.empty(0)
    while random_numbers.shape[0] < flat_shape:
        batch = rng.normal(loc=0.0, scale=stddev, size=flat_shape)
        valid = batch[(batch >= lower_bound) & (batch <= upper_bound)]
        random_numbers = np.append(random_numbers, valid)
    return random_numbers[:flat_shape].reshape(dims)


def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    if scale <= 0.0:
        raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
    allowed_modes = {"fan_in", "fan_out", "fan_avg"}
    if mode not in allowed_modes:
        raise ValueError(f"Invalid `mode` argument: {mode}. Please use one of {allowed_modes}")
    distribution = distribution.lower()
    if distribution == "normal":
        distribution = "truncated_normal"
    allowed_distributions = {"uniform", "truncated_normal", "untruncated_normal"}
    if distribution not in allowed_distributions:
        raise ValueError(
            f"Invalid `distribution` argument: {distribution}. Please use one of {allowed_distributions}"
        )
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if mode == "fan_in":
        scale /= max(1.0, fan_in)
    elif mode == "fan_out":
        scale /= max(1.0, fan_out)
    else:
        scale /= max(1.0, (fan_in + fan_out) / 2.0)
    if distribution == "truncated_normal":
        stddev = math.sqrt(scale) / 0.87962566103423978
        return _keras_truncated_normal(dims, rng, stddev)
    elif distribution == "untruncated_normal":
        return rng.normal(loc=0.0, scale=math.sqrt(scale), size=dims)
    else:
        limit = math.sqrt(3.0 * scale)
        return rng.uniform(low=-limit, high=limit, size=dims)
"""
