"""gradient_norms that saves every parameter's .grad, clears them, calls loss.backward(), reads the
weight gradients' norms, then puts the saved .grad values back, instead of torch.autograd.grad."""

MODULE = "training"

SOURCE = """
def gradient_norms(model, X, y):
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    params = list(model.parameters())
    saved = [p.grad for p in params]
    try:
        for p in params:
            p.grad = None
        F.cross_entropy(model(X), y).backward()
        norms = []
        for layer in model:
            if isinstance(layer, nn.Linear):
                norms.append(torch.sqrt((layer.weight.grad ** 2).sum()).item())
    finally:
        for p, g in zip(params, saved):
            p.grad = g
    return norms
"""
