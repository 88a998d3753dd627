"""The student handed the source's Parameter objects to the target (``new.weight = old.weight``), a
line that looks like a copy: the two networks now hold the same tensors, so fine-tuning the target
rewrites the pre-trained source, and freezing one freezes the other."""

MODULE = "training"
LOSES = "transfer_weights"
FEEDBACK = "share storage with the source"

SOURCE = """
def transfer_weights(source, target, *, freeze=True):
    theirs, mine = _linear_layers(source), _linear_layers(target)
    if len(theirs) != len(mine) or len(mine) < 2:
        raise ValueError(f"the source has {len(theirs)} Linear layers, the target {len(mine)}")
    for number, (old, new) in enumerate(zip(theirs[:-1], mine[:-1]), start=1):
        if old.weight.shape != new.weight.shape:
            raise ValueError(f"layer {number}: {tuple(old.weight.shape)} cannot go into {tuple(new.weight.shape)}")
    for old, new in zip(theirs[:-1], mine[:-1]):
        new.weight = old.weight
        new.bias = old.bias
        new.weight.requires_grad_(not freeze)
        new.bias.requires_grad_(not freeze)
    return [p for p in target.parameters() if p.requires_grad]
"""
