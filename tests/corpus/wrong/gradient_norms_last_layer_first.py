"""The student collected the gradient norms walking back from the output (as backpropagation does)
and returned them last layer first instead of first layer first. The public tests (lengths and
positivity) do not catch it."""

MODULE = "training"
LOSES = "gradient_norms"
FEEDBACK = None

SOURCE = """
def gradient_norms(model, X, y):
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    weights = [layer.weight for layer in model if isinstance(layer, nn.Linear)]
    loss = F.cross_entropy(model(X), y)
    grads = torch.autograd.grad(loss, weights)
    norms = []
    for g in reversed(grads):
        norms.append(g.norm().item())
    return norms
"""
