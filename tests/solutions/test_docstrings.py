"""The examples in the reference modules' docstrings run and give what they show."""

import doctest

import pytest

from autograder.reference import load_reference, solutions_dir


@pytest.mark.parametrize("name", ["initializers", "training", "data"])
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(solutions_dir())  # as a student runs them, beside the files they name (the checkpoint)
    module = load_reference(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (details above)"
