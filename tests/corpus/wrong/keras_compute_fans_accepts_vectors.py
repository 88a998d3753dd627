"""compute_fans ported from Keras 3's compute_fans (keras-team/keras
keras/src/initializers/random_initializers.py), which never raises: a shape of rank 0 gives
(1, 1) ("just to avoid errors for constants") and a shape (n,) gives (n, n). The contract says
compute_fans raises ValueError for a shape with fewer than two dimensions, and every fan-based
initializer inherits that error; here variance_scaling((10,), rng) returns ten weights drawn
with n = 10 instead of raising. Ranks >= 2 are right (receptive field = product of all
dimensions but the last two)."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = None

SOURCE = """
def compute_fans(shape):
    shape = tuple(shape)
    if len(shape) < 1:
        fan_in = fan_out = 1
    elif len(shape) == 1:
        fan_in = fan_out = shape[0]
    elif len(shape) == 2:
        fan_in = shape[0]
        fan_out = shape[1]
    else:
        receptive_field_size = 1
        for dim in shape[:-2]:
            receptive_field_size *= dim
        fan_in = shape[-2] * receptive_field_size
        fan_out = shape[-1] * receptive_field_size
    return int(fan_in), int(fan_out)
"""
