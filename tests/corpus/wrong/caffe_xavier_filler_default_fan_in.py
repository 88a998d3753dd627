"""xavier_uniform ported from Caffe's XavierFiller (BVLC/caffe include/caffe/filler.hpp):
scale = sqrt(3 / n) with n = fan_in by default (variance_norm FAN_IN; AVERAGE and FAN_OUT are
options), U(-scale, scale). Caffe's fans are count / shape(0) and count / shape(1) of its
(num_output, channels, *kernel) blobs; translated to the contract's layout they are
count / shape[-1] = fan_in and count / shape[-2] = fan_out, right at every rank. But Caffe's
"xavier" default is LeCun's bound sqrt(3 / fan_in), not Glorot's sqrt(6 / (fan_in + fan_out))
(the comment in filler.hpp says so: "does not use the fan_out value"), so xavier_uniform draws
with variance gain^2 / fan_in instead of gain^2 * 2 / (fan_in + fan_out). With
variance_norm="AVERAGE" it would be right."""

MODULE = "initializers"
LOSES = "xavier_uniform"
FEEDBACK = None

SOURCE = """
def xavier_uniform(shape, rng, gain=1.0, variance_norm="FAN_IN"):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    count = math.prod(dims)
    if count == 0:
        return np.zeros(dims)  # Caffe: CHECK(blob->count()) aborts
    fan_in = count // dims[-1]
    fan_out = count // dims[-2]
    n = fan_in
    if variance_norm == "AVERAGE":
        n = (fan_in + fan_out) / 2.0
    elif variance_norm == "FAN_OUT":
        n = fan_out
    scale = abs(gain) * math.sqrt(3.0 / n)
    return rng.uniform(-scale, scale, size=dims)
"""
