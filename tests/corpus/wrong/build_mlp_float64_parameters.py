"""The student wrapped torch.from_numpy(weight.T) of the initializer's float64 output in
nn.Parameter without converting to float32: the weights are float64 while the biases and the
inputs are float32, so the model cannot even run a forward pass on float32 data (dtype mismatch
error). Caught by the public build_mlp dtype test and every test that trains."""

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
        weight = np.asarray(initializer((fan_in, fan_out), rng))
        if weight.shape != (fan_in, fan_out):
            raise ValueError(
                f"the initializer returned shape {weight.shape} for layer {i}; expected {(fan_in, fan_out)}"
            )
        linear = torch.nn.utils.skip_init(nn.Linear, fan_in, fan_out)
        linear.weight = nn.Parameter(torch.from_numpy(weight.T.copy()))
        with torch.no_grad():
            linear.bias.zero_()
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)
"""
