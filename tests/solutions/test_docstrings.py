"""The examples in the reference modules' docstrings run and give what they show, from the
folder the modules are in, as a student runs them in theirs (load_pretrained's example reads the
checkpoint beside them)."""

import doctest

import pytest

from autograder.reference import SOLUTIONS_DIR, load_reference


@pytest.mark.parametrize("name", ["initializers", "training", "data"])
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(SOLUTIONS_DIR)
    module = load_reference(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (details above)"
