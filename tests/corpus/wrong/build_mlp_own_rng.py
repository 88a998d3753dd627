"""The student called the initializer with a generator of their own, np.random.default_rng(0),
instead of the rng passed in: the model no longer depends on the caller's seed (seed 5 builds the
same model as seed 0) and the caller's generator is never advanced. The public tests (which all
pass default_rng(0)) do not catch it."""

MODULE = "training"
LOSES = "build_mlp"
FEEDBACK = None

SOURCE = """
def build_mlp(layer_sizes, initializer, rng, activation="relu"):
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least two sizes (inputs and outputs); received {layer_sizes!r}")
    for size in sizes:
        _check_positive_int("every layer size", size)
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(map(repr, ACTIVATIONS))}; received {activation!r}")
    generator = np.random.default_rng(0)
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        weight = np.asarray(initializer((fan_in, fan_out), generator), dtype=np.float32)
        if weight.shape != (fan_in, fan_out):
            raise ValueError(
                f"the initializer returned shape {weight.shape} for layer {i}; expected {(fan_in, fan_out)}"
            )
        linear = torch.nn.utils.skip_init(nn.Linear, fan_in, fan_out)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight.T)))
            linear.bias.zero_()
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)
"""
