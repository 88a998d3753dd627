"""The student returned the ReLU variance factor 2 as the gain instead of sqrt(2) (the gain
multiplies the standard deviation, not the variance). Caught by the public calculate_gain test."""

MODULE = "initializers"
LOSES = "calculate_gain"
FEEDBACK = None

SOURCE = """
def calculate_gain(nonlinearity, param=None):
    _check_choice("nonlinearity", nonlinearity, NONLINEARITIES)
    gains = {"linear": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3.0, "relu": 2.0, "selu": 0.75}
    if nonlinearity != "leaky_relu":
        return gains[nonlinearity]
    slope = 0.01 if param is None else param
    if not (_is_real(slope) and math.isfinite(slope)):
        raise ValueError(f"param (the negative slope) must be a finite number; received {param!r}")
    return math.sqrt(2.0 / (1.0 + slope**2))
"""
