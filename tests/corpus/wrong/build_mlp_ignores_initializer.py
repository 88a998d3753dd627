"""The student built the nn.Linear layers and zeroed their biases but never called the
initializer, so the weights keep PyTorch's default (Kaiming-uniform, a=sqrt(5)) initialization,
drawn from torch's global generator, and rng is never used. Caught by the public build_mlp test
with a deterministic initializer."""

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
    for i in range(len(sizes) - 1):
        linear = nn.Linear(sizes[i], sizes[i + 1])
        with torch.no_grad():
            linear.bias.zero_()
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)
"""
