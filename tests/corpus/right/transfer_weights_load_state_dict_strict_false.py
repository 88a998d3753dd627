"""transfer_weights by state dict: the source's entries minus its head's go into the target with
``load_state_dict(strict=False)`` (which copies values into the target's own tensors), the body is
frozen by requires_grad, and the parameters still requiring grad are returned."""

MODULE = "training"

SOURCE = """
def transfer_weights(source, target, *, freeze=True):
    named = lambda model: [name for name, module in model.named_modules() if isinstance(module, nn.Linear)]
    theirs, mine = named(source), named(target)
    if len(theirs) != len(mine) or len(mine) < 2:
        raise ValueError(f"{len(theirs)} Linear layers in the source, {len(mine)} in the target; need equal and >= 2")
    source_state, target_state = source.state_dict(), target.state_dict()
    body = {}
    for number, (old, new) in enumerate(zip(theirs[:-1], mine[:-1]), start=1):
        for part in ("weight", "bias"):
            value, slot = source_state[f"{old}.{part}"], target_state[f"{new}.{part}"]
            if value.shape != slot.shape:
                raise ValueError(f"layer {number} ({new}): {part} {tuple(value.shape)} vs {tuple(slot.shape)}")
            body[f"{new}.{part}"] = value
    target.load_state_dict(body, strict=False)
    if freeze:
        for name, parameter in target.named_parameters():
            if name in body:
                parameter.requires_grad = False
    return [parameter for parameter in target.parameters() if parameter.requires_grad]
"""
