"""The student copied the body and returned every parameter whatever ``freeze`` says: the "frozen"
network is fine-tuned like the other, and the comparison's two pre-trained lines coincide."""

MODULE = "training"
LOSES = "transfer_weights"
FEEDBACK = "With freeze=True the body can still be trained"

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
    return list(target.parameters())
"""
