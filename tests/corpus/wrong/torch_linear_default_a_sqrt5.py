"""he_uniform written after PyTorch's nn.Linear.reset_parameters (pytorch/pytorch
torch/nn/modules/linear.py), which initializes weights with
``init.kaiming_uniform_(self.weight, a=math.sqrt(5))``: the student made a = sqrt(5) the default
negative slope. torch's kaiming_uniform_ arithmetic is kept (gain = sqrt(2 / (1 + a^2)),
bound = gain * sqrt(3 / fan)), so by default the bound is sqrt(6 / (6 fan)) = 1 / sqrt(fan) and
the variance 1 / (3 fan), a sixth of the contract's 2 / fan: the contract's default
negative_slope is 0 (plain ReLU). With an explicit negative_slope the draws are right. Mode is
checked exactly as the contract asks."""

MODULE = "initializers"
LOSES = "he_uniform"
FEEDBACK = None

SOURCE = """
def he_uniform(shape, rng, negative_slope=math.sqrt(5), mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if 0 in dims:
        return np.zeros(dims)
    fan = fan_in if mode == "fan_in" else fan_out
    gain = math.sqrt(2.0 / (1 + negative_slope**2))
    bound = math.sqrt(3.0) * gain / math.sqrt(fan)
    return rng.uniform(-bound, bound, size=dims)
"""
