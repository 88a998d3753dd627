"""PyTorch's kaiming_normal_ (pytorch/pytorch torch/nn/init.py: kaiming_normal_,
_calculate_correct_fan, calculate_gain) ported to he_normal. torch lowercases ``mode`` before
checking it (``mode = mode.lower()``), so this port accepts "FAN_IN", "Fan_Out", "fan_IN", ...
which the contract does not list (he_normal's mode is exactly "fan_in" or "fan_out"; anything
else must raise ValueError), and a mode that is not a string (None, 1) raises AttributeError
instead of ValueError. Like torch it returns early for a zero-element shape (torch warns
"Initializing zero-element tensors is a no-op"), so he_normal((0,), rng) gives an empty array
where the contract raises ValueError for fewer than two dimensions; its leaky-ReLU gain accepts
any int or float (also nan and inf) and refuses NumPy scalars such as np.float32(0.2).
The arithmetic is torch's: gain = sqrt(2 / (1 + a^2)), std = gain / sqrt(fan); the fans are the
contract's (*kernel, in, out) fans, since torch's own (out, in, *kernel) layout is the subject
of another entry. The hidden tests only try mode="fan_sideways"."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def _torch_leaky_relu_gain(param):
    # torch.nn.init.calculate_gain("leaky_relu", param): True/False are ints, hence the first test
    if not isinstance(param, bool) and isinstance(param, int) or isinstance(param, float):
        negative_slope = param
    else:
        raise ValueError(f"negative_slope {param} not a valid number")
    return math.sqrt(2.0 / (1 + negative_slope**2))


def _torch_correct_fan(dims, mode):
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError(f"Mode {mode} not supported, please use one of {valid_modes}")
    fan_in, fan_out = compute_fans(dims)
    return fan_in if mode == "fan_in" else fan_out


def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    rng = _require_generator(rng)
    dims = _as_shape(shape)
    if 0 in dims:
        return np.zeros(dims)  # torch: a no-op on a zero-element tensor
    fan = _torch_correct_fan(dims, mode)
    std = _torch_leaky_relu_gain(negative_slope) / math.sqrt(fan)
    return rng.normal(0.0, std, size=dims)
"""
