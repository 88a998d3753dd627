"""train with an nn.CrossEntropyLoss module and, for "sgd", hand-written momentum updates
(v = momentum * v + grad, p -= lr * v, the first step with v = grad, as torch.optim.SGD does)
instead of torch.optim.SGD; Adam still comes from torch.optim. Same history as the reference up
to float rounding."""

MODULE = "training"

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
    criterion = nn.CrossEntropyLoss()
    params = [p for p in (model.parameters() if parameters is None else parameters) if p.requires_grad]
    adam = torch.optim.Adam(params, lr=lr) if optimizer == "adam" else None
    velocity = [None] * len(params)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        initial_loss = criterion(model(X), y).item()
    history = []
    n = X.shape[0]
    for _ in range(epochs):
        perm = torch.randperm(n, generator=generator)
        epoch_total = 0.0
        for start in range(0, n, batch_size):
            rows = perm[start:start + batch_size]
            for p in params:
                p.grad = None
            loss = criterion(model(X[rows]), y[rows])
            loss.backward()
            if adam is not None:
                adam.step()
            else:
                with torch.no_grad():
                    for i, p in enumerate(params):
                        if p.grad is None:
                            continue
                        if momentum == 0:
                            step = p.grad
                        elif velocity[i] is None:
                            velocity[i] = p.grad.clone()
                            step = velocity[i]
                        else:
                            velocity[i].mul_(momentum).add_(p.grad)
                            step = velocity[i]
                        p.sub_(lr * step)
            epoch_total += loss.item() * len(rows)
        history.append(epoch_total / n)
    return {"loss": history, "initial_loss": initial_loss}
"""
