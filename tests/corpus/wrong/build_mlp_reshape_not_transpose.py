"""The student turned the (fan_in, fan_out) kernel into torch's (out_features, in_features) layout
with weight.reshape(fan_out, fan_in) instead of weight.T: the shapes fit and the network runs, but
the entries are scrambled, so layer weights are not initializer(...).T. Caught by the public
build_mlp test with a deterministic initializer."""

MODULE = "training"
LOSES = "build_mlp"
FEEDBACK = "transpose"

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
    for i in range(len(sizes) - 1):
        fan_in, fan_out = sizes[i], sizes[i + 1]
        weight = np.asarray(initializer((fan_in, fan_out), rng), dtype=np.float32)
        if weight.shape != (fan_in, fan_out):
            raise ValueError(
                f"the initializer returned shape {weight.shape} for layer {i}; expected {(fan_in, fan_out)}"
            )
        linear = torch.nn.utils.skip_init(nn.Linear, fan_in, fan_out)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(weight.reshape(fan_out, fan_in)))
            linear.bias.zero_()
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)
"""
