"""The student returned the Frobenius norm of each Linear layer's weight matrix instead of the
norm of the gradient of the loss with respect to it (y is never used). The public tests
(lengths and positivity) do not catch it."""

MODULE = "training"
LOSES = "gradient_norms"
FEEDBACK = None

SOURCE = """
def gradient_norms(model, X, y):
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    norms = []
    for layer in model:
        if isinstance(layer, nn.Linear):
            norms.append(layer.weight.detach().norm().item())
    return norms
"""
