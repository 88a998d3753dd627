"""feedback.html names each mistake a submission makes once, and none it does not make; a function
not written yet appears once, with its points."""

import html
import re

import pytest

from autograder.mistakes import MISTAKES, NOT_WRITTEN
from autograder.reports.feedback_html import render_feedback
from autograder.results import GradingResults, TestResult

# What each sample submission gets wrong, read from its code (the examples have no other description):
KNOWN_MISTAKES = {
    # written unlike the reference, and correct
    "s001_correct": set(),
    "s002_classic_mistakes": {
        "variance-as-std",  # xavier_normal: rng.normal(0.0, var), the variance as the scale
        "fans-swapped",  # he_normal: fan_out, fan_in = compute_fans(shape), "torch keeps (out, in)"
        "wrong-family",  # lecun_uniform: rng.normal(-limit, limit) where U(-limit, limit) is asked
        "truncation-uncorrected",  # variance_scaling: truncated at 2 std without dividing by 0.8796
        "kernel-reshaped",  # build_mlp: w.reshape(fan_out, fan_in) instead of w.T
        "zero-grad-missing",  # train: no optimizer.zero_grad() in the loop
        "checkpoint-unpickled",  # load_pretrained: torch.load(..., weights_only=False)
        "frozen-by-zero-lr",  # transfer_weights: the body in a parameter group with lr=0
    },
    # every function it did not write still raises NotImplementedError; the rest is correct
    "s003_partial": {NOT_WRITTEN},
}


def named(results: GradingResults) -> set[str]:
    return {test.mistake for test in results.tests if test.mistake}


def test_every_example_has_its_known_mistakes_stated(graded_examples):
    assert set(graded_examples) == set(KNOWN_MISTAKES)


@pytest.mark.parametrize("example", sorted(KNOWN_MISTAKES))
def test_an_example_is_diagnosed_with_exactly_the_mistakes_it_makes(graded_examples, example):
    results, run = graded_examples[example]
    assert not run.internal_errors, run.internal_errors
    assert named(results) == KNOWN_MISTAKES[example], [(t.name, t.mistake) for t in results.tests if t.mistake]
    assert all(not test.mistake for test in results.tests if test.passed)


@pytest.mark.parametrize("example", sorted(KNOWN_MISTAKES))
def test_feedback_names_each_mistake_once(graded_examples, example):
    page = html.unescape(render_feedback(graded_examples[example][0]))
    counts = {mistake: page.count(sentence) for mistake, sentence in MISTAKES.items() if mistake != NOT_WRITTEN}
    assert {mistake for mistake, count in counts.items() if count} == KNOWN_MISTAKES[example] - {NOT_WRITTEN}
    assert all(count <= 1 for count in counts.values()), counts


def test_feedback_shows_each_function_not_written_once_with_its_points(graded_examples):
    results = graded_examples["s003_partial"][0]
    page = html.unescape(render_feedback(results))
    blank = [group for group in results.groups() if group.not_written]
    assert {group.function for group in blank} >= {"he_uniform", "train", "evaluate"}
    assert page.count(MISTAKES[NOT_WRITTEN]) == len(blank)
    assert "NotImplementedError: he_uniform is not written yet" not in page  # no line per test
    for group in blank:
        summary = f"<strong>{group.function}</strong>: 0 / {group.possible:g} points, not written yet"
        assert len(re.findall(re.escape(summary), re.sub(r"<span[^>]*>|</span>", "", page))) == 1, group.function


def not_written(name: str, points: float = 1.0) -> TestResult:
    return TestResult(f"he_uniform: {name}", 0.0, points, "he_uniform raised NotImplementedError", mistake=NOT_WRITTEN)


def test_a_function_is_not_written_only_when_every_test_failed_for_it():
    blank = GradingResults("s", tests=[not_written("mean"), not_written("variance", 2.0)])
    assert blank.groups()[0].not_written
    page = html.unescape(render_feedback(blank))
    assert page.count(MISTAKES[NOT_WRITTEN]) == 1 and "0 / 3 points" in page
    assert "he_uniform: mean" not in page and "he_uniform: variance" not in page
    half = GradingResults("s", tests=[not_written("mean"), TestResult("he_uniform: variance", 2.0, 2.0)])
    assert not half.groups()[0].not_written
    assert "he_uniform: mean" in render_feedback(half)


def test_a_mistake_costing_several_tests_shows_its_sentence_at_the_first():
    sentence = MISTAKES["kernel-reshaped"]
    tests = [
        TestResult("build_mlp: weights", 0.0, 2.0, f"layer 1 differs. {sentence}", mistake="kernel-reshaped"),
        TestResult("build_mlp: rng", 0.0, 1.0, f"weights differ. {sentence}", mistake="kernel-reshaped"),
    ]
    page = html.unescape(render_feedback(GradingResults("s", tests=tests)))
    assert page.count(sentence) == 1
    assert 'weights differ. (The same mistake as in "build_mlp: weights".)' in page
