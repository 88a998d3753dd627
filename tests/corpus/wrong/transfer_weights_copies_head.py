"""The student copied every Linear layer whose shapes match, the head included: when the source and
the target answer questions of the same size, the target starts with the source task's answers
instead of its own initializer. (With the release's ten-way source and five-way target the shapes
differ and nothing shows; the hidden suite uses a target whose head has the source's shape.)"""

MODULE = "training"
LOSES = "transfer_weights"
FEEDBACK = "The head is copied from the source too"

SOURCE = """
def transfer_weights(source, target, *, freeze=True):
    theirs, mine = _linear_layers(source), _linear_layers(target)
    if len(theirs) != len(mine) or len(mine) < 2:
        raise ValueError(f"layer counts differ: {len(theirs)} in the source, {len(mine)} in the target")
    for number, (old, new) in enumerate(zip(theirs[:-1], mine[:-1]), start=1):
        if old.weight.shape != new.weight.shape:
            raise ValueError(f"layer {number} has shape {tuple(old.weight.shape)} vs {tuple(new.weight.shape)}")
    with torch.no_grad():
        for old, new in zip(theirs, mine):
            if old.weight.shape == new.weight.shape:
                new.weight.copy_(old.weight)
                new.bias.copy_(old.bias)
    for layer in mine[:-1]:
        for parameter in layer.parameters():
            parameter.requires_grad_(not freeze)
    return [p for p in target.parameters() if p.requires_grad]
"""
