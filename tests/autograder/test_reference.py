"""Loading the reference modules under private names."""

import sys

import pytest

from autograder import reference


def test_reference_modules_load_under_private_names():
    initializers = reference.load_reference("initializers")
    assert initializers.__name__ == "initgrade_reference.initializers"
    assert reference.load_reference("initializers") is initializers
    assert "initializers" not in sys.modules or sys.modules["initializers"] is not initializers


def test_unknown_reference_module_lists_what_exists():
    with pytest.raises(ValueError, match=r"no reference module named 'initialisers'; available: \[.*'initializers'"):
        reference.load_reference("initialisers")


def test_missing_solutions_folder_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(reference, "SOLUTIONS_DIR", tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match=r"not found at .*nowhere; .*pip install -e \."):
        reference.solutions_dir()
