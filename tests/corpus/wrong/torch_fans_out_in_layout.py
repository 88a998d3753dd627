"""compute_fans ported from PyTorch's _calculate_fan_in_and_fan_out (pytorch/pytorch
torch/nn/init.py) without adapting its layout: torch weights are (out, in, *kernel), so
fan_in = shape[1] * prod(shape[2:]) and fan_out = shape[0] * prod(shape[2:]). On the contract's
(fan_in, fan_out) and (*kernel, in_channels, out_channels) shapes this swaps the fans of every
dense kernel ((512, 128) gives (128, 512)) and is wrong for every convolution kernel
((3, 3, 32, 64) gives (6144, 6144) instead of (288, 576); (2, 3, 4, 5, 6) gives (360, 240)
instead of (120, 144)). he_normal, which takes its fan from compute_fans, draws with the wrong
variance. Rank < 2 raises ValueError as the contract asks."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def compute_fans(shape):
    dims = _as_shape(shape)
    if len(dims) < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    num_input_fmaps = dims[1]
    num_output_fmaps = dims[0]
    receptive_field_size = 1
    for s in dims[2:]:
        receptive_field_size *= s
    return num_input_fmaps * receptive_field_size, num_output_fmaps * receptive_field_size
"""
