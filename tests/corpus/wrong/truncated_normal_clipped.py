"""The student "truncated" the normal by clipping to [-2 s, 2 s] with np.clip instead of redrawing
the values outside: about 4.6 % of the weights sit exactly on +-2 s and the variance is about
1.19 times scale / n (the 0.8796 correction assumes real truncation). The public tests do not
catch it."""

MODULE = "initializers"
LOSES = "variance_scaling"
FEEDBACK = None

SOURCE = """
def _truncated_normal(shape, rng, std):
    values = rng.normal(0.0, std, size=shape)
    return np.clip(values, -2.0 * std, 2.0 * std)
"""
