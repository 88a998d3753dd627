"""The student recorded the standard deviation after every layer's activation and also of the
network's output, so the list has one number per Linear layer (the last being the std of the
logits) instead of one per hidden layer. Caught by the public length test."""

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
            last = i == len(layers) - 1
            if last or isinstance(layers[i + 1], nn.Linear):
                stds.append(h.std(correction=0).item())
    return stds
"""
