"""build_mlp that builds a plain Python list of layers, creates each nn.Linear on the "meta"
device (so torch's default initialization draws nothing) and replaces its weight and bias with
new Parameters made by torch.tensor(weight.T.copy(), dtype=torch.float32) and torch.zeros,
instead of skip_init and copy_."""

MODULE = "training"

SOURCE = """
def build_mlp(layer_sizes, initializer, rng, activation="relu"):
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least two sizes (inputs and outputs); received {layer_sizes!r}")
    for size in sizes:
        _check_positive_int("every layer size", size)
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(map(repr, ACTIVATIONS))}; received {activation!r}")
    modules = []
    n_layers = len(sizes) - 1
    for k in range(n_layers):
        n_in, n_out = sizes[k], sizes[k + 1]
        w = np.asarray(initializer((n_in, n_out), rng))
        if w.shape != (n_in, n_out):
            raise ValueError(f"the initializer returned shape {w.shape} for layer {k}; expected {(n_in, n_out)}")
        layer = nn.Linear(n_in, n_out, device="meta")
        layer.weight = nn.Parameter(torch.tensor(w.T.copy(), dtype=torch.float32))
        layer.bias = nn.Parameter(torch.zeros(n_out, dtype=torch.float32))
        modules.append(layer)
        if k != n_layers - 1:
            modules.append(ACTIVATIONS[activation]())
    return nn.Sequential(*modules)
"""
