"""load_pretrained relying on torch.load's default, weights_only=True since torch 2.6, with an
OrderedDict check and every reading error turned into ValueError."""

MODULE = "training"

SOURCE = """
def load_pretrained(path):
    import collections

    try:
        state = torch.load(path, map_location="cpu")
    except FileNotFoundError:
        raise
    except Exception as error:
        raise ValueError(f"could not read {path} as a checkpoint ({type(error).__name__})") from None
    if not isinstance(state, (dict, collections.OrderedDict)) or len(state) == 0:
        raise ValueError(f"{path} does not hold a state dict")
    bad = [key for key, value in state.items() if not (isinstance(key, str) and isinstance(value, torch.Tensor))]
    if bad:
        raise ValueError(f"{path} holds entries that are not named tensors: {bad[:3]}")
    return {key: value for key, value in state.items()}
"""
