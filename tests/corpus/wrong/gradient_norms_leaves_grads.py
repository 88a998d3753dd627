"""The student zeroed the model's gradients, called loss.backward() and read the .grad norms: the
numbers are right, but the call overwrites whatever .grad held before (and leaves .grad set
where it was None), although the contract says .grad is left untouched. The public tests do not
catch it."""

MODULE = "training"
LOSES = "gradient_norms"
FEEDBACK = None

SOURCE = """
def gradient_norms(model, X, y):
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    model.zero_grad()
    loss = F.cross_entropy(model(X), y)
    loss.backward()
    return [layer.weight.grad.norm().item() for layer in model if isinstance(layer, nn.Linear)]
"""
