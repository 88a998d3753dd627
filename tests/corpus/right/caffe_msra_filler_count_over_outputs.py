"""he_normal ported from Caffe's MSRAFiller (BVLC/caffe include/caffe/filler.hpp: fan_in =
count / shape(0), fan_out = count / shape(1), n by variance_norm FAN_IN (default) or FAN_OUT,
std = sqrt(2 / n), caffe_rng_gaussian), with Caffe's layout translated: Caffe's blobs are
(num_output, channels, *kernel), so shape(0) is the contract's output axis shape[-1] and
shape(1) its input axis shape[-2]; count / shape[-1] = shape[-2] * prod(shape[:-2]) = fan_in
and count / shape[-2] = fan_out, the contract's fans at every rank. The contract's modes map
to variance_norm, the leaky-ReLU factor 1 / (1 + a^2) is added to Caffe's 2 / n, and
Caffe's CHECK(count) (an abort on empty blobs) becomes the contract's empty array. Caffe's
global RNG is replaced by rng."""

MODULE = "initializers"

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    count = math.prod(dims)
    if count == 0:
        return np.zeros(dims)
    fan_in = count // dims[-1]
    fan_out = count // dims[-2]
    variance_norm = {"fan_in": "FAN_IN", "fan_out": "FAN_OUT"}[mode]
    n = fan_in if variance_norm == "FAN_IN" else fan_out
    std = math.sqrt(2.0 / ((1.0 + negative_slope**2) * n))
    return rng.normal(0.0, std, size=dims)
"""
