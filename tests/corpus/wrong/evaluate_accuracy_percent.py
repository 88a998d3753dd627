"""The student returned the accuracy as a percentage (0 to 100) instead of a fraction in [0, 1].
Caught by the public evaluate test unless the model gets everything wrong."""

MODULE = "training"
LOSES = "evaluate"
FEEDBACK = None

SOURCE = """
def evaluate(model, X, y):
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    with torch.no_grad():
        logits = model(X)
        loss = F.cross_entropy(logits, y).item()
        correct = (logits.argmax(dim=1) == y).sum().item()
    return loss, 100.0 * correct / len(y)
"""
