"""The student averaged the batch mean losses (each batch weighted equally) instead of averaging
over samples: when the last batch is smaller (len(X) not a multiple of batch_size) the epoch
loss is biased towards that batch. Exact when batch_size divides len(X) (e.g. 180 samples in
batches of 60) and for full-batch training; the public tests (180 samples, batch 64) do not
catch it."""

MODULE = "training"
LOSES = "train"
FEEDBACK = None

SOURCE = """
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
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        initial_loss = F.cross_entropy(model(X), y).item()
    history = []
    for epoch in range(epochs):
        order = torch.randperm(len(X), generator=generator)
        batch_losses = []
        for start in range(0, len(X), batch_size):
            idx = order[start:start + batch_size]
            opt.zero_grad()
            loss = F.cross_entropy(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
            batch_losses.append(loss.item())
        history.append(sum(batch_losses) / len(batch_losses))
    return {"loss": history, "initial_loss": initial_loss}
"""
