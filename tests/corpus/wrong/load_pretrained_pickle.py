"""The student read the checkpoint with ``torch.load(path, weights_only=False)``, as older tutorials
do, and checked what came out afterwards: by then the file's pickle has run whatever code it names,
so a checkpoint from an untrusted source owns the machine before the check refuses it."""

MODULE = "training"
LOSES = "load_pretrained"
FEEDBACK = "weights_only=True"

SOURCE = """
def load_pretrained(path):
    try:
        state = torch.load(path, weights_only=False, map_location="cpu")
    except FileNotFoundError:
        raise
    except Exception as error:
        raise ValueError(f"cannot read {path}: {error}") from None
    if not isinstance(state, dict) or not all(isinstance(k, str) and torch.is_tensor(v) for k, v in state.items()):
        raise ValueError(f"{path} does not hold a state dict of tensors")
    return dict(state)
"""
