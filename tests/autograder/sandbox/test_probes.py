"""Networks rebuilt from specs: the given kernels, zero biases, and torch's global generator untouched."""

import numpy as np
import pytest
import torch
from torch import nn

from autograder.sandbox import probes


@pytest.mark.parametrize("activation, module", [("relu", nn.ReLU), ("tanh", nn.Tanh), ("sigmoid", nn.Sigmoid)])
def test_a_network_has_the_specs_kernels_transposed_and_zero_biases(activation, module):
    kernels = [np.arange(12.0).reshape(3, 4) / 7, np.arange(8.0).reshape(4, 2) - 3]
    model = probes.build_network({"weights": kernels, "activation": activation})
    linears = [m for m in model if isinstance(m, nn.Linear)]
    assert [type(m) for m in model] == [nn.Linear, module, nn.Linear], f"modules {list(model)}"
    for linear, kernel in zip(linears, kernels):
        assert linear.weight.dtype == torch.float32
        assert np.allclose(linear.weight.detach().numpy().T, kernel), "the weight is not the spec's kernel, transposed"
        assert not linear.bias.detach().any(), f"bias {linear.bias.detach()} is not zero"


def test_building_a_network_leaves_torchs_global_generator_as_it_was():
    """The worker builds networks right before calling student code, which may draw from it."""
    spec = {"weights": [np.ones((5, 6)), np.ones((6, 2))], "activation": "relu"}
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    probes.build_network(spec)
    drawn = torch.rand(3)
    assert torch.equal(drawn, expected), f"after build_network the generator gave {drawn}, not {expected}"
