"""The student recorded the standard deviation of each hidden Linear layer's output (the
pre-activation) instead of the output after the activation. Identical for activation="linear",
different for relu, tanh, sigmoid (for ReLU the post-activation std is roughly 0.58 times the
pre-activation std). The public tests (lengths and positivity) do not catch it."""

MODULE = "training"
LOSES = "activation_stds"
FEEDBACK = None

SOURCE = """
def activation_stds(model, X):
    h = _as_inputs(X)
    layers = list(model)
    stds = []
    with torch.no_grad():
        for i, layer in enumerate(layers):
            h = layer(h)
            if isinstance(layer, nn.Linear) and i < len(layers) - 1:
                stds.append(h.std(correction=0).item())
    return stds
"""
