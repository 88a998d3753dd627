"""transfer_weights with copy_ under torch.no_grad(), freezing by requires_grad=False, and returning
``target.parameters()`` itself (a generator, frozen parameters included: an optimizer skips those,
since they never get a gradient)."""

MODULE = "training"

SOURCE = """
def transfer_weights(source, target, *, freeze=True):
    pairs = list(zip(_linear_layers(source), _linear_layers(target)))
    if len(_linear_layers(source)) != len(_linear_layers(target)) or len(pairs) < 2:
        raise ValueError("source and target need the same number of Linear layers, two at least")
    for position, (old, new) in enumerate(pairs[:-1]):
        if old.weight.shape != new.weight.shape:
            raise ValueError(f"Linear layer {position} differs: {list(old.weight.shape)} vs {list(new.weight.shape)}")
    for old, new in pairs[:-1]:
        with torch.no_grad():
            new.weight.copy_(old.weight)
            new.bias.copy_(old.bias)
        if freeze:
            new.weight.requires_grad = False
            new.bias.requires_grad = False
    return target.parameters()
"""
