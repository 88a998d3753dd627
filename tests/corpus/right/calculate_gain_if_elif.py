"""calculate_gain as an if/elif chain with its own error messages instead of a dict lookup."""

MODULE = "initializers"

SOURCE = """
def calculate_gain(nonlinearity, param=None):
    if nonlinearity == "linear" or nonlinearity == "sigmoid":
        return 1.0
    elif nonlinearity == "tanh":
        return 5.0 / 3.0
    elif nonlinearity == "relu":
        return math.sqrt(2.0)
    elif nonlinearity == "leaky_relu":
        if param is None:
            a = 0.01
        elif isinstance(param, numbers.Real) and not isinstance(param, bool) and math.isfinite(param):
            a = param
        else:
            raise ValueError(f"param (the negative slope) must be a finite number; received {param!r}")
        return math.sqrt(2.0 / (1.0 + a * a))
    elif nonlinearity == "selu":
        return 3.0 / 4.0
    else:
        raise ValueError(
            "nonlinearity must be one of 'linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'; "
            f"received {nonlinearity!r}"
        )
"""
