"""The student "froze" the body by giving it a parameter group with a learning rate of 0, leaving
requires_grad on: plain SGD then leaves it as it is, but backpropagation still computes every body
gradient, and the first scheduler or learning-rate change (OneCycleLR sets every group's rate)
trains the body after all."""

MODULE = "training"
LOSES = "transfer_weights"
FEEDBACK = "frozen by a learning rate of 0"

SOURCE = """
def transfer_weights(source, target, *, freeze=True):
    theirs, mine = _linear_layers(source), _linear_layers(target)
    if len(theirs) != len(mine) or len(mine) < 2:
        raise ValueError(f"the source has {len(theirs)} Linear layers, the target {len(mine)}")
    for number, (old, new) in enumerate(zip(theirs[:-1], mine[:-1]), start=1):
        if old.weight.shape != new.weight.shape:
            raise ValueError(f"layer {number}: shapes {tuple(old.weight.shape)} and {tuple(new.weight.shape)}")
    with torch.no_grad():
        for old, new in zip(theirs[:-1], mine[:-1]):
            new.weight.copy_(old.weight)
            new.bias.copy_(old.bias)
    if not freeze:
        return list(target.parameters())
    body = [p for layer in mine[:-1] for p in layer.parameters()]
    return [{"params": body, "lr": 0.0}, {"params": list(mine[-1].parameters())}]
"""
