"""Hidden tests of training.py's compare_initializers: one call compares three initializers in a
deep ReLU net; its answer is judged for its measurements, its training and the vanishing it shows."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.statistics import Verdict
from autograder.hidden.problems import make_data, network
from autograder.hidden.recompute import close, prior_only, reference
from autograder.hidden.support import COMPARISON_KEY, judge, seed_for
from autograder.sandbox import probes

DEEP = [10, *[64] * 8, 3]
COMPARED = {"he": {"kind": "he"}, "small": {"kind": "normal", "std": 0.01}, "zeros": {"kind": "zeros"}}


@pytest.fixture(scope="module")
def comparison(submission, hidden_seed, pytestconfig):
    """The student's answer on the run's data, stashed for the feedback plots: (data, options, answer)."""
    data = make_data(seed_for(hidden_seed, "compare data"))
    seed = seed_for(hidden_seed, "compare") % 1000
    options = {"layer_sizes": DEEP, "activation": "relu", "epochs": 3, "lr": 0.01, "seed": seed}
    got = submission.compare_initializers(COMPARED, data, **options)
    pytestconfig.stash[COMPARISON_KEY] = got
    return data, options, got


TRAINED, MEASURED = ("loss", "test_accuracy"), ("activation_stds", "gradient_norms")


def well_formed(got: dict, keys, epochs: int) -> Verdict:
    """The comparison has an entry per initializer, each with lists of the promised lengths under ``keys``."""
    expected = {"loss": epochs, "test_accuracy": 1, "activation_stds": len(DEEP) - 2, "gradient_norms": len(DEEP) - 1}
    lengths = {key: expected[key] for key in keys}
    if set(got) != set(COMPARED):
        return Verdict(False, f"compare_initializers returned names {sorted(got)}; expected {sorted(COMPARED)}")
    for name, entry in got.items():
        for key, length in lengths.items():
            if len(entry.get(key, [])) != length:
                return Verdict(
                    False,
                    f"{name}: {key!r} has {len(entry.get(key, []))} values; expected {length} "
                    f"(docstring: per epoch, one accuracy, per hidden layer, per Linear layer)",
                )
    return Verdict(True, "every entry has the promised keys and lengths")


@pytest.mark.points(2)
@pytest.mark.title("compare_initializers: activation stds and gradient norms measured at initialization")
def test_compare_measurements(comparison):
    (X, y, _, _), options, got = comparison
    judge(well_formed(got, MEASURED, options["epochs"]))
    fresh = {name: network(spec, DEEP, options["seed"]) for name, spec in COMPARED.items()}
    shared_rng = np.random.default_rng(options["seed"])  # one generator for all models, in order
    shared = {
        name: {
            "weights": [probes.make_initializer(spec)((a, b), shared_rng) for a, b in zip(DEEP, DEEP[1:])],
            "activation": "relu",
        }
        for name, spec in COMPARED.items()
    }

    def matches(networks) -> bool:
        for name, spec in networks.items():
            model = probes.build_network(spec)
            stds, norms = reference.activation_stds(model, X), reference.gradient_norms(model, X, y)
            if not (
                close(got[name].get("activation_stds"), stds, rtol=1e-3, atol=1e-30)
                and close(got[name].get("gradient_norms"), norms, rtol=1e-3, atol=1e-30)
            ):
                return False
        return True

    judge(
        Verdict(
            matches(fresh) or matches(shared),
            "activation_stds or gradient_norms differ from those of the "
            "networks before training, built with np.random.default_rng(seed): measure at initialization",
        )
    )


@pytest.mark.points(1)
@pytest.mark.title("compare_initializers: training loss history and test accuracy")
def test_compare_training(comparison):
    (X, y, _, _), options, got = comparison
    judge(well_formed(got, TRAINED, options["epochs"]))
    for name in COMPARED:
        accuracy = got[name]["test_accuracy"][0]
        judge(Verdict(0 <= accuracy <= 1, f"{name}: 'test_accuracy' is {accuracy}; expected a fraction in [0, 1]"))
    judge(
        prior_only(got["zeros"]["loss"][-1], y),
        Verdict(got["he"]["loss"][-1] < got["he"]["loss"][0], "he: the training loss did not fall"),
    )


@pytest.mark.points(1)
@pytest.mark.title("compare_initializers: in a deep ReLU net N(0, 0.01) vanishes while He holds")
def test_compare_vanishing(comparison):
    _, options, got = comparison
    judge(well_formed(got, MEASURED, options["epochs"]))
    small, he = got["small"], got["he"]
    judge(
        Verdict(
            small["activation_stds"][-1] < 1e-6 * small["activation_stds"][0],
            f"N(0, 0.01): activation std {small['activation_stds'][0]:.3g} in layer 1 and "
            f"{small['activation_stds'][-1]:.3g} in layer 8; expected a collapse by more than 10^6",
        ),
        Verdict(
            small["gradient_norms"][0] < 1e-6 * he["gradient_norms"][0],
            f"N(0, 0.01): first-layer gradient norm {small['gradient_norms'][0]:.3g} vs He's "
            f"{he['gradient_norms'][0]:.3g}; expected smaller by more than 10^6",
        ),
        Verdict(
            max(he["activation_stds"]) < 4 * min(he["activation_stds"]),
            f"He: activation stds {np.round(he['activation_stds'], 3).tolist()} vary by more than a factor 4",
        ),
    )
