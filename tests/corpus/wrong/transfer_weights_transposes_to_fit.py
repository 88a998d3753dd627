"""The student made a layer fit when its shape matched only transposed, copying ``old.weight.T``: the
copy runs, but a layer with its fans swapped computes something else entirely (its units are the
source's inputs), and the mismatch it should have reported goes unseen."""

MODULE = "training"
LOSES = "transfer_weights"
FEEDBACK = "matches only transposed"

SOURCE = """
def transfer_weights(source, target, *, freeze=True):
    theirs, mine = _linear_layers(source), _linear_layers(target)
    if len(theirs) != len(mine) or len(mine) < 2:
        raise ValueError(f"the source has {len(theirs)} Linear layers, the target {len(mine)}")
    for number, (old, new) in enumerate(zip(theirs[:-1], mine[:-1]), start=1):
        if old.weight.shape != new.weight.shape and old.weight.T.shape != new.weight.shape:
            raise ValueError(f"layer {number}: shapes {tuple(old.weight.shape)} and {tuple(new.weight.shape)}")
    with torch.no_grad():
        for old, new in zip(theirs[:-1], mine[:-1]):
            weight = old.weight if old.weight.shape == new.weight.shape else old.weight.T
            new.weight.copy_(weight)
            if new.bias.shape == old.bias.shape:
                new.bias.copy_(old.bias)
            new.weight.requires_grad_(not freeze)
            new.bias.requires_grad_(not freeze)
    return [p for p in target.parameters() if p.requires_grad]
"""
