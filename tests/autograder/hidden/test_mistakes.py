"""The catalogue of mistakes: every sentence is one a teacher would write, and every id the hidden
suite and its checks name is in it."""

import ast
import re

import pytest

from autograder.checks import initializers as checks
from autograder.mistakes import MISTAKES, explain, facts, only
from autograder.reference import PACKAGE_DIR

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")
SOURCES = sorted([*(PACKAGE_DIR / "hidden").glob("*.py"), *(PACKAGE_DIR / "checks").glob("*.py")])


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_every_sentence_is_a_sentence(mistake):
    sentence = MISTAKES[mistake]
    assert ID.match(mistake), mistake
    assert sentence[0].isupper() and sentence.endswith("."), sentence
    assert "?" not in sentence and "  " not in sentence and sentence == sentence.strip(), sentence


def ids_in(path) -> set[str]:
    """String constants shaped like an id (``"kernel-reshaped"``) in a module's code, except pytest's
    ``ids=`` names and module constants in capitals (data, such as arguments a test passes)."""
    tree = ast.parse(path.read_text())
    data = [k.value for call in ast.walk(tree) for k in getattr(call, "keywords", []) if k.arg == "ids"]
    data += [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets)
    ]
    skipped = {id(node) for part in data for node in ast.walk(part)}
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and ID.match(node.value)
        and id(node) not in skipped
    }


@pytest.mark.parametrize("path", SOURCES, ids=[path.stem for path in SOURCES])
def test_every_id_the_suite_names_is_in_the_catalogue(path):
    unknown = ids_in(path) - set(MISTAKES)
    assert not unknown, f"{path.name} names mistakes not in MISTAKES: {sorted(unknown)}"


@pytest.mark.parametrize(
    "function, options",
    [
        ("he_normal", {"negative_slope": 0.5, "mode": "fan_out"}),
        ("xavier_uniform", {"gain": 2.0}),
        ("variance_scaling", {"scale": 3.0}),
        ("random_normal", {"std": 0.05}),
    ],
    ids=["he", "xavier", "scaling", "normal"],
)
def test_the_variance_mistakes_are_catalogued(function, options):
    assert {mistake for mistake, _ in checks.mistakes(function, (3, 3, 16, 32), options)} <= set(MISTAKES)


def test_explain_adds_the_sentence_once_and_facts_takes_it_off():
    output = explain("layer 1 differs", "kernel-reshaped")
    assert output == f"layer 1 differs. {MISTAKES['kernel-reshaped']}"
    assert facts(output, "kernel-reshaped") == "layer 1 differs." and explain("x", "") == "x"
    with pytest.raises(KeyError):
        explain("x", "no-such-mistake")


@pytest.mark.parametrize(
    "candidates, named",
    [
        ([], ""),
        (["fans-swapped"], "fans-swapped"),
        (["fans-swapped", "fans-swapped", ""], "fans-swapped"),
        (["fans-swapped", "mode-ignored"], ""),
    ],
    ids=["none", "one", "repeated", "two"],
)
def test_only_names_a_mistake_when_one_alone_explains_the_evidence(candidates, named):
    assert only(candidates) == named


def test_the_scan_sees_the_ids_the_suite_names():
    seen = set().union(*(ids_in(path) for path in SOURCES))
    assert {"kernel-reshaped", "zero-grad-missing", "fans-swapped", "accuracy-percent"} <= seen, seen
