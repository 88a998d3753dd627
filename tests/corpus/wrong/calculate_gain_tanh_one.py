"""The student returned gain 1 for tanh (treating it as linear around zero) instead of PyTorch's
5/3. Caught by the public calculate_gain test."""

MODULE = "initializers"
LOSES = "calculate_gain"
FEEDBACK = None

SOURCE = """
def calculate_gain(nonlinearity, param=None):
    _check_choice("nonlinearity", nonlinearity, NONLINEARITIES)
    if nonlinearity in ("linear", "sigmoid", "tanh"):
        return 1.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "selu":
        return 0.75
    slope = 0.01 if param is None else param
    if not (_is_real(slope) and math.isfinite(slope)):
        raise ValueError(f"param (the negative slope) must be a finite number; received {param!r}")
    return math.sqrt(2.0 / (1.0 + slope**2))
"""
