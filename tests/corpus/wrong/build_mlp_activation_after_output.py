"""The student put the activation after every Linear layer, including the last, so the network
returns activated outputs instead of logits (with ReLU, negative logits are cut to zero). Caught
by the public build_mlp structure test."""

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
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        weight = np.asarray(initializer((fan_in, fan_out), rng), dtype=np.float32)
        if weight.shape != (fan_in, fan_out):
            raise ValueError(
                f"the initializer returned shape {weight.shape} for layer {i}; expected {(fan_in, fan_out)}"
            )
        linear = torch.nn.utils.skip_init(nn.Linear, fan_in, fan_out)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight.T)))
            linear.bias.zero_()
        layers.append(linear)
        layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)
"""
