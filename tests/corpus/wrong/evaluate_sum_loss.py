"""The student computed evaluate's loss with reduction="sum", the total cross-entropy over the
samples instead of the mean: it is len(X) times too large. The public tests (loss > 0) do not
catch it."""

MODULE = "training"
LOSES = "evaluate"
FEEDBACK = None

SOURCE = """
def evaluate(model, X, y):
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    with torch.no_grad():
        logits = model(X)
        loss = F.cross_entropy(logits, y, reduction="sum").item()
        accuracy = (logits.argmax(dim=1) == y).float().mean().item()
    return loss, accuracy
"""
