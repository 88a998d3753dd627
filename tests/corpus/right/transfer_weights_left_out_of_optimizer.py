"""transfer_weights that freezes by leaving the body out of what it returns (requires_grad stays on,
so gradients reach the body but no optimizer step does), copying each tensor with clone into
``.data``."""

MODULE = "training"

SOURCE = """
def transfer_weights(source, target, *, freeze=True):
    theirs, mine = _linear_layers(source), _linear_layers(target)
    if len(theirs) != len(mine) or len(mine) < 2:
        raise ValueError(f"the source has {len(theirs)} Linear layers and the target {len(mine)}")
    for index in range(len(mine) - 1):
        if theirs[index].weight.shape != mine[index].weight.shape:
            raise ValueError(
                f"layer {index + 1}: weight {tuple(theirs[index].weight.shape)} in the source, "
                f"{tuple(mine[index].weight.shape)} in the target"
            )
    for old, new in zip(theirs[:-1], mine[:-1]):
        new.weight.data = old.weight.data.clone()
        new.bias.data = old.bias.data.clone()
    if freeze:
        return list(mine[-1].parameters())
    return list(target.parameters())
"""
