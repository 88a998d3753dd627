"""he_normal ported from CS231n's random_weight (cs231n assignment 2, PyTorch.ipynb, "Barebones
PyTorch: Initialization": ``fan_in = shape[0]`` for an FC weight, ``fan_in =
np.prod(shape[1:])`` for a conv weight "[out_channel, in_channel, kH, kW]", then
``torch.randn(shape) * np.sqrt(2. / fan_in)``), with the leaky-ReLU factor and fan_out added in
the same conventions (FC weights are (in, out), used as x.mm(w); conv weights are torch's
(out, in, kH, kW), so fan_out = shape[0] * prod(shape[2:])). Dense kernels are right, but a
contract convolution kernel (3, 3, 32, 64) gets fan_in = 3 * 32 * 64 = 6144 instead of 288
(and fan_out likewise 3 * 32 * 64 = 6144 instead of 576): CS231n mixes two layouts, the
contract uses (*kernel, in_channels, out_channels) for convolutions. torch.randn is replaced by rng."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    shape = _as_shape(shape, min_rank=2)
    if len(shape) == 2:  # FC weight
        fan_in, fan_out = shape
    else:  # conv weight [out_channel, in_channel, kH, kW]
        fan_in = np.prod(shape[1:])
        fan_out = shape[0] * np.prod(shape[2:])
    if 0 in shape:
        return np.zeros(shape)
    fan = fan_in if mode == "fan_in" else fan_out
    return rng.standard_normal(shape) * np.sqrt(2.0 / ((1 + negative_slope**2) * fan))
"""
