"""Hidden tests of training.py's compare_initializers: one call compares three initializers in a
deep ReLU net. Its measurements and training are judged against what the student's own build_mlp,
activation_stds, gradient_norms, train and evaluate give on the same models (so a mistake in one
of those costs points there, not here), and the vanishing it shows against thresholds that the
judge's own numbers for the posed problem clear by a wide margin."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import rounding
from autograder.checks.statistics import Verdict
from autograder.hidden.problems import make_data
from autograder.hidden.recompute import close, reference
from autograder.hidden.support import COMPARISON_KEY, first_posable, judge
from autograder.sandbox import probes

DEEP = [10, *[64] * 8, 3]
COMPARED = {"he": {"kind": "he"}, "small": {"kind": "normal", "std": 0.01}, "zeros": {"kind": "zeros"}}
TRAINED, MEASURED = ("loss", "test_accuracy"), ("activation_stds", "gradient_norms")
AGREEMENT = 1e-4  # relative: the same functions on the same models, in another order of float32 operations


def networks(seed: int, shared: bool) -> dict:
    """The network specs compare_initializers must build: each from np.random.default_rng(seed), or
    (``shared``) all from one generator, in the order of COMPARED."""
    generator = np.random.default_rng(seed)
    specs = {}
    for name, spec in COMPARED.items():
        rng = generator if shared else np.random.default_rng(seed)
        initializer = probes.make_initializer(spec)
        specs[name] = {"weights": [initializer((a, b), rng) for a, b in zip(DEEP, DEEP[1:])], "activation": "relu"}
    return specs


def vanishing_measures(spec: dict, X, y) -> list[tuple[list[float], list[float]]]:
    """(activation stds, gradient norms) of a network at initialization, in float64 and as the
    judge's own float32 pass computes them: two precisions whose agreement shows the rounding."""
    weights = rounding.held_as_float32(spec["weights"])
    passed = rounding.forward(weights, X, "relu")
    norms = [norm for norm, _ in rounding.backward(passed, weights, y).norm_errors()]
    exact = ([std for std, _ in rounding.std_errors(passed)], norms)
    model = probes.build_network(spec)
    return [exact, (reference.activation_stds(model, X), reference.gradient_norms(model, X, y))]


def shows_vanishing(measures: dict, margin: float) -> bool:
    """The three claims of the vanishing test, ``margin`` times stronger than its thresholds."""
    (small_stds, small_norms), (he_stds, he_norms) = measures["small"], measures["he"]
    return (
        small_stds[-1] <= 1e-6 / margin * small_stds[0]
        and small_norms[0] <= 1e-6 / margin * he_norms[0]
        and max(he_stds) <= 4 / margin**0.25 * min(he_stds)
    )


def pose_comparison(seed: int):
    """A comparison problem (data, options) whose networks, built either way and measured in either
    precision, show the vanishing 10 times beyond the test's thresholds (the He spread 10^(1/4)
    = 1.78 times within its factor 4); None otherwise."""
    data = make_data(seed)
    options = {"layer_sizes": DEEP, "activation": "relu", "epochs": 3, "lr": 0.01, "seed": seed % 1000}
    for shared in (False, True):
        specs = networks(options["seed"], shared)
        by_precision = zip(*(vanishing_measures(specs[name], data[0], data[1]) for name in ("small", "he")))
        if not all(shows_vanishing(dict(zip(("small", "he"), pair)), 10) for pair in by_precision):
            return None
    return data, options


@pytest.fixture(scope="module")
def comparison(submission, hidden_seed, pytestconfig):
    """The student's answer on the posed problem, stashed for the feedback plots: (data, options, answer)."""
    data, options = first_posable(hidden_seed, "compare", pose_comparison)
    got = submission.compare_initializers(COMPARED, data, **options)
    pytestconfig.stash[COMPARISON_KEY] = got
    return data, options, got


@pytest.fixture(scope="module")
def from_parts(submission, comparison):
    """What the student's parts give for the same models: ``from_parts(shared)`` builds them from a
    fresh generator each, or from one shared generator; each way is asked of the worker once."""
    data, options, _ = comparison
    made = {}

    def parts(shared: bool) -> dict:
        if shared not in made:
            made[shared] = submission.compare_from_parts(COMPARED, data, **options, shared_rng=shared)
        return made[shared]

    return parts


def agrees_either_way(got: dict, from_parts, keys) -> bool:
    """``got`` agrees on ``keys`` with the student's parts, models built one way or the other."""
    return agrees(got, from_parts(False), keys) or agrees(got, from_parts(True), keys)


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


def agrees(got: dict, parts: dict, keys) -> bool:
    return all(
        close(got[name].get(key), parts[name][key], rtol=AGREEMENT, atol=1e-30, equal_nan=True)
        for name in COMPARED
        for key in keys
    )


@pytest.mark.points(2)
@pytest.mark.title("compare_initializers: activation stds and gradient norms measured at initialization")
def test_compare_measurements(comparison, from_parts):
    _, options, got = comparison
    judge(well_formed(got, MEASURED, options["epochs"]))
    judge(
        Verdict(
            agrees_either_way(got, from_parts, MEASURED),
            "activation_stds or gradient_norms differ from what your activation_stds and gradient_norms give "
            "on the networks build_mlp makes with np.random.default_rng(seed), before training: measure at "
            "initialization",
        )
    )


@pytest.mark.points(1)
@pytest.mark.title("compare_initializers: training loss history and test accuracy")
def test_compare_training(comparison, from_parts):
    _, options, got = comparison
    judge(well_formed(got, TRAINED, options["epochs"]))
    for name in COMPARED:
        accuracy = got[name]["test_accuracy"][0]
        judge(Verdict(0 <= accuracy <= 1, f"{name}: 'test_accuracy' is {accuracy}; expected a fraction in [0, 1]"))
    judge(
        Verdict(
            agrees_either_way(got, from_parts, TRAINED),
            "'loss' or 'test_accuracy' differ from what your train (its history) and evaluate (after "
            "training, on the test set) give for the networks build_mlp makes with np.random.default_rng(seed)",
        )
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
