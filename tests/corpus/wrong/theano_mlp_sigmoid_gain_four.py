"""calculate_gain following the Theano Deep Learning Tutorials' mlp.py (lisa-lab/
DeepLearningTutorials code/mlp.py, HiddenLayer: ``if activation == theano.tensor.nnet.sigmoid:
W_values *= 4``, "results presented in [Xavier10] suggest that you should use 4 times larger
initial weights for sigmoid compared to tanh"), with tanh's factor taken as the tutorial's
baseline of 1: calculate_gain("sigmoid") returns 4 and calculate_gain("tanh") 1. The contract's
gains are PyTorch's: sigmoid 1, tanh 5/3. The other four are right."""

MODULE = "initializers"
LOSES = "calculate_gain"
FEEDBACK = None

SOURCE = """
def calculate_gain(nonlinearity, param=None):
    _check_choice("nonlinearity", nonlinearity, NONLINEARITIES)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if not (_is_real(slope) and math.isfinite(slope)):
            raise ValueError(f"param (the negative slope) must be a finite number; received {param!r}")
        return math.sqrt(2.0 / (1.0 + slope**2))
    return {"linear": 1.0, "sigmoid": 4.0, "tanh": 1.0, "relu": math.sqrt(2.0), "selu": 0.75}[nonlinearity]
"""
