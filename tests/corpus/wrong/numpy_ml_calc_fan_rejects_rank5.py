"""compute_fans and he_uniform ported from numpy-ml (ddbourgin/numpy-ml
numpy_ml/neural_nets/utils/utils.py: calc_fan; numpy_ml/neural_nets/initializers: he_uniform,
b = sqrt(6 / fan_in), U(-b, b)). calc_fan knows dense (2-D) and 1-D/2-D convolution (3-D and
4-D) kernels only and raises ValueError("Unrecognized weight dimension") for anything else, so a
3-D convolution kernel (kd, kh, kw, in, out), or any rank >= 5, cannot be initialized: the
contract's compute_fans works at every rank >= 2 ((2, 3, 4, 5, 6) gives (120, 144)) and so must
he_uniform. The leaky-ReLU factor and mode are added as the contract asks (numpy-ml's
he_uniform has neither), np.random is replaced by rng; ranks 2-4 are right."""

MODULE = "initializers"
LOSES = "he_uniform"
FEEDBACK = None

SOURCE = """
def compute_fans(shape):
    weight_shape = _as_shape(shape)
    if len(weight_shape) == 2:
        fan_in, fan_out = weight_shape
    elif len(weight_shape) in [3, 4]:
        in_ch, out_ch = weight_shape[-2:]
        kernel_size = int(np.prod(weight_shape[:-2]))
        fan_in, fan_out = in_ch * kernel_size, out_ch * kernel_size
    else:
        raise ValueError("Unrecognized weight dimension: {}".format(weight_shape))
    return fan_in, fan_out


def he_uniform(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    weight_shape = _as_shape(shape)
    if 0 in weight_shape:
        return np.zeros(weight_shape)
    fan = fan_in if mode == "fan_in" else fan_out
    b = np.sqrt(6 / ((1 + negative_slope**2) * fan))
    return rng.uniform(-b, b, size=weight_shape)
"""
