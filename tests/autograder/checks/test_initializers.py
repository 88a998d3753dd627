"""Initializer checks: targets from the contract, verdicts, and mistakes named in feedback."""

import math

import numpy as np
import pytest

from autograder.checks import initializers as checks
from autograder.mistakes import MISTAKES
from autograder.sandbox.submission import ArrayReply


@pytest.mark.parametrize(
    "function, shape, options, family, variance",
    [
        ("he_normal", (512, 128), {}, "normal", 2 / 512),
        ("he_uniform", (512, 128), {"mode": "fan_out", "negative_slope": 1.0}, "uniform", 1 / 128),
        ("xavier_normal", (3, 3, 32, 64), {"gain": 2.0}, "normal", 4 * 2 / (288 + 576)),
        ("lecun_uniform", (128, 512), {}, "uniform", 1 / 128),
        ("variance_scaling", (512, 128), {}, "truncated_normal", 1 / 512),
        (
            "variance_scaling",
            (512, 128),
            {"mode": "fan_avg", "scale": 3.0, "distribution": "untruncated_normal"},
            "normal",
            3 / 320,
        ),
        ("random_uniform", (10, 10), {"limit": 0.3}, "uniform", 0.03),
    ],
    ids=["he", "he-options", "xavier-conv-gain", "lecun-uniform", "vs-default", "vs-options", "random-uniform"],
)
def test_targets_follow_the_contract(function, shape, options, family, variance):
    goal = checks.target(function, shape, options)
    assert (goal.family, goal.variance) == (family, pytest.approx(variance))


def test_bounds_of_uniform_and_truncated_targets():
    assert checks.target("he_uniform", (512, 128), {}).bound == pytest.approx(math.sqrt(6 / 512))
    assert checks.target("variance_scaling", (512, 128), {}).bound == pytest.approx(
        2 * math.sqrt(1 / 512) / 0.87962566103423978
    )


def draws(variance, family="normal", n=65_536, seed=0):
    rng = np.random.default_rng(seed)
    if family == "uniform":
        return rng.uniform(-1, 1, n) * math.sqrt(3 * variance)
    return rng.normal(0, math.sqrt(variance), n)


@pytest.mark.parametrize(
    "function, options, wrong_variance, mistake",
    [
        ("he_normal", {}, 2 / 128, "fans-swapped"),
        ("xavier_normal", {}, 1 / 512, "fan-in-for-xavier"),
        ("xavier_normal", {}, 1 / 640, "fans-summed"),
        ("he_normal", {"negative_slope": 1.0}, 2 / 512, "slope-ignored"),
        ("he_normal", {"negative_slope": 0.5}, 2 / (1.5 * 512), "slope-not-squared"),
        ("xavier_normal", {"gain": 3.0}, 3 * 2 / 640, "gain-on-variance"),
        ("variance_scaling", {"scale": 4.0, "distribution": "untruncated_normal"}, 1 / 512, "scale-ignored"),
        ("lecun_normal", {}, math.sqrt(1 / 512), "std-as-variance"),
        ("he_normal", {}, 1 / 512, "he-factor-missing"),
    ],
    ids=[
        "he-fan",
        "xavier-fan-in",
        "xavier-sum",
        "slope-ignored",
        "slope-unsquared",
        "gain-variance",
        "scale-ignored",
        "std-as-variance",
        "he-no-2",
    ],
)
def test_variance_feedback_names_the_mistake(function, options, wrong_variance, mistake):
    shape = (512, 128)
    verdict = checks.check_variance(
        draws(wrong_variance),
        checks.target(function, shape, options),
        "here",
        checks.mistakes(function, shape, options),
    )
    assert not verdict.passed and verdict.mistake == mistake, verdict.message
    assert verdict.explained.endswith(MISTAKES[mistake])


def test_a_variance_mistake_is_not_named_for_draws_of_another_family_or_centre():
    """rng.normal(-b, b) for U(-b, b) on a (3n, n) kernel has the variance fan_out for fan_in would
    give: the variance alone cannot tell them apart, so it names neither."""
    goal = checks.target("lecun_uniform", (384, 128), {})
    samples = draws(3 * goal.variance) - math.sqrt(3 * goal.variance)
    verdict = checks.check_variance(samples, goal, "here", checks.mistakes("lecun_uniform", (384, 128), {}))
    assert not verdict.passed and verdict.mistake == "", verdict.message


def test_variance_feedback_names_the_receptive_field_mistake():
    shape = (3, 3, 32, 64)
    verdict = checks.check_variance(
        draws(2 / 32), checks.target("he_normal", shape, {}), "here", checks.mistakes("he_normal", shape, {})
    )
    assert verdict.mistake == "receptive-field-ignored", verdict.message


def test_variance_accepts_correct_draws_and_says_what_it_measured():
    verdict = checks.check_variance(
        draws(2 / 512), checks.target("he_normal", (512, 128), {}), "he_normal(512, 128)", []
    )
    assert verdict.passed and verdict.message.startswith("he_normal(512, 128): variance 0.0039")


def test_a_variance_check_refuses_too_few_draws():
    with pytest.raises(ValueError, match="at least 65536 draws; received 100"):
        checks.check_variance(draws(1.0, n=100), checks.target("he_normal", (512, 128), {}), "x", [])


def test_family_feedback_names_uniform_draws_where_normal_was_asked():
    verdict = checks.check_family(draws(1.0, "uniform"), checks.target("he_normal", (512, 128), {}), "here")
    assert not verdict.passed and "look like uniform draws where normal draws were asked" in verdict.message
    assert verdict.mistake == "wrong-family"


def test_mean_feedback_spots_one_sided_uniform_draws():
    samples = np.abs(draws(1.0, "uniform"))
    verdict = checks.check_mean(samples, checks.target("random_uniform", (512, 128), {"limit": 1.0}), "here")
    assert not verdict.passed and verdict.mistake == "uniform-from-zero", verdict.message


@pytest.mark.parametrize(
    "scale, passed, text",
    [(1.0, True, "largest"), (1.2, False, "beyond the bound"), (0.5, False, "within 1 % of the bound")],
    ids=["right", "too-wide", "too-narrow"],
)
def test_bounds_verdicts(scale, passed, text):
    goal = checks.target("he_uniform", (512, 128), {})
    verdict = checks.check_bounds(draws(goal.variance, "uniform") * scale, goal, "here")
    assert verdict.passed == passed and text in verdict.message


def test_a_bound_of_sqrt_var_is_named():
    goal = checks.target("he_uniform", (512, 128), {})
    verdict = checks.check_bounds(draws(goal.variance, "uniform") / math.sqrt(3), goal, "here")
    assert not verdict.passed and verdict.mistake == "uniform-bound-sqrt-var", verdict.message


@pytest.mark.parametrize(
    "reply, text",
    [
        (ArrayReply(np.zeros((4, 3)), "list", "none"), "returned a list"),
        (ArrayReply(np.zeros((4, 3)), "ndarray", "int64"), "dtype int64"),
        (ArrayReply(np.zeros((4, 3)), "ndarray", "float16"), "dtype float16; expected float64 or float32"),
        (ArrayReply(np.zeros((4, 3)), "ndarray", "float128"), "dtype float128; expected float64 or float32"),
        (ArrayReply(np.zeros((3, 4)), "ndarray", "float64"), "returned shape (3, 4)"),
        (ArrayReply(np.full((4, 3), np.nan), "ndarray", "float64"), "NaN or infinite"),
    ],
    ids=["list", "int", "float16", "longdouble", "shape", "nan"],
)
def test_array_verdicts(reply, text):
    verdict = checks.check_array(reply, (4, 3), "zeros")
    assert not verdict.passed and text in verdict.message


def test_units_and_orthogonality_verdicts():
    tiled = np.tile(np.arange(4.0), (5, 1))
    assert "rows (input units) repeat" in checks.check_units_differ(tiled, "x").message
    q = np.linalg.qr(np.random.default_rng(0).standard_normal((8, 4)))[0]
    assert checks.check_orthogonal(q * 2, 2.0, "x").passed
    failed = checks.check_orthogonal(q, 2.0, "x")
    assert not failed.passed and failed.mistake == "orthogonal-gain", failed.message


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_array_verdicts_accept_the_contract_dtypes(dtype):
    assert checks.check_array(ArrayReply(np.zeros((4, 3)), "ndarray", dtype), (4, 3), "zeros").passed


def test_a_float32_draw_rounded_up_past_the_bound_is_accepted():
    """float32(bound) lies above the float64 bound by up to 6e-8 relative: a correct float32 xavier_uniform
    can return it (the case of a correct submission that lost a point under a 1e-9 allowance)."""
    goal = checks.target("xavier_uniform", (512, 128), {})
    samples = draws(goal.variance, "uniform")
    bound32 = float(np.nextafter(np.float32(goal.bound), np.float32(np.inf)))  # one float32 ulp above
    samples[0] = bound32
    assert bound32 > goal.bound * (1 + 1e-9)
    assert checks.check_bounds(samples, goal, "here").passed
    samples[0] = goal.bound * (1 + 1e-5)
    assert not checks.check_bounds(samples, goal, "here").passed


def test_float32_orthogonal_matrices_pass_at_any_gain():
    """torch's float32 QR is orthogonal to about 1e-6, times gain^2: under the former fixed 1e-6 a correct
    float32 orthogonal(128, 32) with gain 2.5 failed."""
    torch = pytest.importorskip("torch")
    generator = torch.Generator().manual_seed(0)
    q, r = torch.linalg.qr(torch.randn(128, 32, generator=generator))
    q = (q * torch.sign(torch.diag(r))).numpy().astype(np.float64)
    assert checks.check_orthogonal(2.5 * q, 2.5, "x").passed
    assert not checks.check_orthogonal(2.5 * q + 1e-2, 2.5, "x").passed


def haar_draws(rng, count: int, n: int = 4) -> np.ndarray:
    matrices = []
    for _ in range(count):
        q, r = np.linalg.qr(rng.standard_normal((n, n)))
        matrices.append(q * np.sign(np.diag(r)))
    return np.stack(matrices)


def test_uniform_orthogonal_draws_pass_entry_by_entry():
    verdict = checks.check_orthogonal_uniform(haar_draws(np.random.default_rng(0), 4000), "orthogonal(4, 4)")
    assert verdict.passed, verdict.message


@pytest.mark.parametrize(
    "construction, mistake",
    [
        (lambda a: np.linalg.qr(a)[0], "orthogonal-sign"),
        (lambda a: np.linalg.svd(a)[0], "orthogonal-sign"),
    ],
    ids=["qr-without-signs", "svd-u-alone"],
)
def test_a_biased_construction_fails_entry_by_entry(construction, mistake):
    """An SVD's U has entry means of about -0.25 (first) and +0.23 (last) that nearly cancel on the
    diagonal: the pooled diagonal mean the check used before passed it on some seeds."""
    rng = np.random.default_rng(1)
    matrices = np.stack([construction(rng.standard_normal((4, 4))) for _ in range(4000)])
    verdict = checks.check_orthogonal_uniform(matrices, "orthogonal(4, 4)")
    assert not verdict.passed and verdict.mistake == mistake, verdict.message


def test_a_fixed_orthogonal_matrix_is_not_called_a_missing_sign_correction():
    verdict = checks.check_orthogonal_uniform(np.stack([np.eye(4)] * 4000), "orthogonal(4, 4)")
    assert not verdict.passed and verdict.mistake == "", verdict.message
