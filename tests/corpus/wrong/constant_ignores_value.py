"""The student's constant always returns ones (np.ones) whatever value is asked for. Caught by the
public test constant(..., value=0.25)."""

MODULE = "initializers"
LOSES = "constant"
FEEDBACK = None

SOURCE = """
def constant(shape, rng=None, value=1.0):
    if not (_is_real(value) and math.isfinite(value)):
        raise ValueError(f"value must be a finite number; received {value!r}")
    return np.ones(_as_shape(shape))
"""
