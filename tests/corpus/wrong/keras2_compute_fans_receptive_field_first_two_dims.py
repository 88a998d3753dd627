"""compute_fans ported from Keras 2's _compute_fans(shape, data_format="channels_last")
(keras/initializers.py of Keras 2.0-2.2, and tensorflow/python/keras/initializers.py of
TensorFlow 1.x). For ranks 3, 4 and 5 it takes the receptive field as
``np.prod(shape[:2])``: right for a 2-D convolution kernel (kh, kw, in, out), wrong for a 1-D
kernel (k, in, out), where it multiplies k by in_channels, and for a 3-D kernel
(kd, kh, kw, in, out), where it leaves kw out; for rank >= 6 it falls back to
fan_in = fan_out = sqrt(prod(shape)). So (5, 16, 8) gives (1280, 640) instead of (80, 40) and
(2, 3, 4, 5, 6) gives (30, 36) instead of (120, 144). The contract's receptive field is the
product of all dimensions but the last two, at every rank. Keras 2 has no rank check (a (10,)
shape falls into the sqrt branch); this port keeps the contract's ValueError below rank 2, so
only the rank-3 and rank-5+ fans differ. he_normal, which takes its fan from compute_fans, draws
with a variance 16 times too small on a (5, 16, 8) kernel and 4 times too large on a
(2, 3, 4, 5, 6) kernel."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def compute_fans(shape, data_format="channels_last"):
    shape = list(_as_shape(shape, min_rank=2))
    if len(shape) == 2:
        fan_in = shape[0]
        fan_out = shape[1]
    elif len(shape) in {3, 4, 5}:
        if data_format == "channels_first":
            receptive_field_size = np.prod(shape[2:])
            fan_in = shape[1] * receptive_field_size
            fan_out = shape[0] * receptive_field_size
        elif data_format == "channels_last":
            receptive_field_size = np.prod(shape[:2])
            fan_in = shape[-2] * receptive_field_size
            fan_out = shape[-1] * receptive_field_size
        else:
            raise ValueError("Invalid data_format: " + data_format)
    else:
        fan_in = math.sqrt(np.prod(shape))
        fan_out = math.sqrt(np.prod(shape))
    return fan_in, fan_out
"""
