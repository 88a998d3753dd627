"""The student used a negative slope of 0 when param is None for leaky_relu (the docstring and
PyTorch say 0.01): calculate_gain("leaky_relu") returns sqrt(2) = 1.414214 instead of
sqrt(2 / 1.0001) = 1.414143, a relative error of 5e-5 that only an exact comparison sees. The
public tests (which pass param=0.2) do not catch it."""

MODULE = "initializers"
LOSES = "calculate_gain"
FEEDBACK = None

SOURCE = """
def calculate_gain(nonlinearity, param=None):
    _check_choice("nonlinearity", nonlinearity, NONLINEARITIES)
    if nonlinearity == "leaky_relu":
        slope = 0.0 if param is None else param
        if not (_is_real(slope) and math.isfinite(slope)):
            raise ValueError(f"param (the negative slope) must be a finite number; received {param!r}")
        return math.sqrt(2.0 / (1.0 + slope**2))
    return {"linear": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3.0, "relu": math.sqrt(2.0), "selu": 0.75}[nonlinearity]
"""
