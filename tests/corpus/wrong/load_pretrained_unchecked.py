"""The student loaded safely (weights_only=True) and wrapped torch's errors, but returned whatever the
file held: a list of tensors, a bare tensor, or a state dict with an epoch counter among its tensors
comes back as if it were a state dict, and fails later in load_state_dict, far from its cause."""

MODULE = "training"
LOSES = "load_pretrained"
FEEDBACK = "without a check that it is a mapping of names"

SOURCE = """
def load_pretrained(path):
    try:
        return torch.load(path, weights_only=True, map_location="cpu")
    except FileNotFoundError:
        raise
    except Exception as error:
        raise ValueError(f"{path} is not a readable checkpoint: {error}") from None
"""
