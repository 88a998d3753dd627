"""PyTorch's calculate_gain (pytorch/pytorch torch/nn/init.py, the version with "selu") ported
as is. It returns 1 not only for "linear" and "sigmoid" but for every name in torch's
``linear_fns``: "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
"conv_transpose3d". The contract lists exactly linear, sigmoid, tanh, relu, leaky_relu and selu
and says calculate_gain raises ValueError for any other nonlinearity, so calculate_gain("conv2d")
must raise. Also unlike the contract: the leaky-ReLU param is accepted only as a Python int or
float (np.float32(0.2) is refused with ValueError although it is a number), nan and inf are
accepted, and linear/sigmoid return the int 1. The values for the six listed names are right;
the hidden tests only try "swish"."""

MODULE = "initializers"
LOSES = "calculate_gain"
FEEDBACK = None

SOURCE = """
def calculate_gain(nonlinearity, param=None):
    linear_fns = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"]
    if nonlinearity in linear_fns or nonlinearity == "sigmoid":
        return 1
    elif nonlinearity == "tanh":
        return 5.0 / 3
    elif nonlinearity == "relu":
        return math.sqrt(2.0)
    elif nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, int) or isinstance(param, float):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    elif nonlinearity == "selu":
        return 3.0 / 4
    else:
        raise ValueError(f"Unsupported nonlinearity {nonlinearity}")
"""
