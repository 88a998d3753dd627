"""gradient_norms that runs loss.backward() on a copy.deepcopy of the model, so the original's
.grad is never touched, instead of torch.autograd.grad."""

MODULE = "training"

SOURCE = """
import copy


def gradient_norms(model, X, y):
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    clone = copy.deepcopy(model)
    clone.zero_grad(set_to_none=True)
    loss = F.cross_entropy(clone(X), y)
    loss.backward()
    return [float(torch.linalg.norm(m.weight.grad)) for m in clone if isinstance(m, nn.Linear)]
"""
