"""Gradescope's harness (``benchmarks/gradescope.py``, as ``initgrade_benchmark_gradescope``), and its
results.json specification as a JSON schema, for every test here to check against.

Written from Gradescope's documentation of the autograder's output: a top-level ``score`` or
``tests`` (or both), optional ``execution_time`` (seconds), ``output`` with its format, default
formats for the tests' names and outputs, ``visibility`` and ``stdout_visibility``, ``extra_data``;
each test with ``score``, ``max_score``, ``status`` ("passed" or "failed"), ``name``, ``number``,
``output`` and its format, ``tags``, ``visibility`` and ``extra_data``. Nothing else is allowed.
"""

import importlib.util
import sys

import jsonschema
import pytest

from autograder.reference import KIT_ROOT

_spec = importlib.util.spec_from_file_location(
    "initgrade_benchmark_gradescope", KIT_ROOT / "benchmarks" / "gradescope.py"
)
harness = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = harness  # dataclasses look their module up while the class is made
_spec.loader.exec_module(harness)

FORMATS = ["text", "html", "simple_format", "md", "ansi"]
VISIBILITIES = ["hidden", "after_due_date", "after_published", "visible"]
TEST = {
    "type": "object",
    "properties": {
        "score": {"type": "number"},
        "max_score": {"type": "number"},
        "status": {"enum": ["passed", "failed"]},
        "name": {"type": "string"},
        "name_format": {"enum": FORMATS},
        "number": {"type": "string"},
        "output": {"type": "string"},
        "output_format": {"enum": FORMATS},
        "tags": {"type": "array", "items": {"type": "string"}},
        "visibility": {"enum": VISIBILITIES},
        "extra_data": {"type": "object"},
    },
    "additionalProperties": False,
}
RESULTS = {
    "type": "object",
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number"},
        "output": {"type": "string"},
        "output_format": {"enum": FORMATS},
        "test_output_format": {"enum": FORMATS},
        "test_name_format": {"enum": FORMATS},
        "visibility": {"enum": VISIBILITIES},
        "stdout_visibility": {"enum": VISIBILITIES},
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": TEST},
        "leaderboard": {"type": "array"},
    },
    "anyOf": [{"required": ["score"]}, {"required": ["tests"]}],
    "additionalProperties": False,
}


@pytest.fixture(scope="session")
def check_results_json():
    """``check(results)``: fails, saying where, unless ``results`` meets Gradescope's specification."""

    def check(results: dict) -> None:
        errors = sorted(jsonschema.Draft202012Validator(RESULTS).iter_errors(results), key=str)
        assert not errors, "results.json does not meet Gradescope's specification: " + "; ".join(
            f"{list(error.absolute_path)}: {error.message}" for error in errors[:5]
        )

    return check
