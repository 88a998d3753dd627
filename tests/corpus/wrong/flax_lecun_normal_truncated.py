"""lecun_normal written as Flax's default kernel initializer (google/flax flax/linen/linear.py:
``default_kernel_init = initializers.lecun_normal()``, i.e. jax.nn.initializers.lecun_normal =
variance_scaling(1.0, "fan_in", "truncated_normal") in google/jax
jax/_src/nn/initializers.py): a normal truncated at two standard deviations, with the 0.8796
correction so that the variance is 1 / fan_in. The contract's lecun_normal is an untruncated
N(0, 1 / fan_in); the family differs (kurtosis 2.37 instead of 3, nothing beyond 2.27 std)."""

MODULE = "initializers"
LOSES = "lecun_normal"
FEEDBACK = None

SOURCE = """
def lecun_normal(shape, rng):
    return variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal")
"""
