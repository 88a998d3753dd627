"""activation_stds with forward pre-hooks on every Linear layer but the first (each records the
population std of the tensor entering it) and one ordinary forward pass, instead of walking the
Sequential by hand. The hooks are removed afterwards."""

MODULE = "training"

SOURCE = """
def activation_stds(model, X):
    X = _as_inputs(X)
    recorded = []

    def record(module, inputs):
        h = inputs[0]
        recorded.append(torch.sqrt(torch.mean((h - h.mean()) ** 2)).item())

    linears = [m for m in model if isinstance(m, nn.Linear)]
    handles = [layer.register_forward_pre_hook(record) for layer in linears[1:]]
    try:
        with torch.no_grad():
            model(X)
    finally:
        for handle in handles:
            handle.remove()
    return recorded
"""
