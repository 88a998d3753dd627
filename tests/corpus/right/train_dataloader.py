"""train built on torch.utils.data.DataLoader(TensorDataset(X, y), shuffle=True) with a
torch.Generator seeded with seed: reproducible and per-epoch reshuffled like the reference, but
the DataLoader consumes the generator differently, so with mini-batches the visiting order (and
the exact per-epoch history) differs from the reference's; full-batch histories agree."""

MODULE = "training"

SOURCE = """
from torch.utils.data import DataLoader, TensorDataset


def train(model, X, y, *, epochs, lr, batch_size=64, optimizer="sgd", momentum=0.9, seed=0, parameters=None):
    X = _as_inputs(X)
    y = _as_labels(y, len(X))
    _check_positive_int("epochs", epochs)
    _check_positive_int("batch_size", batch_size)
    if not (_is_real(lr) and math.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive finite number; received {lr!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be an integer; received {seed!r}")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of 'sgd', 'adam'; received {optimizer!r}")
    if not (_is_real(momentum) and 0 <= momentum < 1):
        raise ValueError(f"momentum must be a number in [0, 1); received {momentum!r}")
    if optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters() if parameters is None else parameters, lr=lr, momentum=momentum)
    else:
        opt = torch.optim.Adam(model.parameters() if parameters is None else parameters, lr=lr)
    g = torch.Generator()
    g.manual_seed(int(seed))
    loader = DataLoader(TensorDataset(X, y), batch_size=int(batch_size), shuffle=True, generator=g)
    with torch.no_grad():
        initial_loss = F.cross_entropy(model(X), y).item()
    losses = []
    for _ in range(epochs):
        running, seen = 0.0, 0
        for xb, yb in loader:
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            running += loss.item() * xb.shape[0]
            seen += xb.shape[0]
        losses.append(running / seen)
    return {"loss": losses, "initial_loss": initial_loss}
"""
