"""What torch initializes lazily the first time a network is trained, run once ahead of time.

Autograd, the optimizers and the data loader set themselves up on first use; the optimizers'
first step alone imports ``torch._dynamo`` (over a second). The fork server runs this once, so
that no worker forked after it pays for it again.
"""

from __future__ import annotations


def warm_up_training(torch) -> None:
    """Train a tiny network a few steps with SGD (momentum) and Adam through a shuffling
    ``DataLoader``, and take one ``torch.autograd.grad``: every path training code takes."""
    from torch import nn
    from torch.nn import functional
    from torch.utils.data import DataLoader, TensorDataset

    generator = torch.Generator().manual_seed(0)
    inputs, labels = torch.randn(8, 4, generator=generator), torch.tensor([0, 1] * 4)
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), torch.nn.utils.skip_init(nn.Linear, 3, 2))
    for optimizer in (torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9), torch.optim.Adam(model.parameters())):
        for batch, targets in DataLoader(
            TensorDataset(inputs, labels), batch_size=4, shuffle=True, generator=generator
        ):
            optimizer.zero_grad()
            functional.cross_entropy(model(batch), targets).backward()
            optimizer.step()
    torch.autograd.grad(functional.cross_entropy(model(inputs), labels), list(model.parameters()))
