"""The student called torch.load safely and checked the contents, but let torch's own exceptions
through: a file that is not a checkpoint ends in UnpicklingError, RuntimeError or BadZipFile
depending on its bytes, never the ValueError the docstring promises."""

MODULE = "training"
LOSES = "load_pretrained"
FEEDBACK = "instead of a ValueError"

SOURCE = """
def load_pretrained(path):
    state = torch.load(path, weights_only=True, map_location="cpu")
    if not isinstance(state, dict) or not all(isinstance(k, str) and torch.is_tensor(v) for k, v in state.items()):
        raise ValueError(f"{path} does not hold names and tensors only")
    return dict(state)
"""
