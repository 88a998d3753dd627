"""results.json in Gradescope's autograder format, one per student."""

from __future__ import annotations

import json
from pathlib import Path

from autograder.reports.atomic import write_text_atomic
from autograder.results import GradingResults


def render_results_json(results: GradingResults) -> str:
    """``results.to_gradescope()`` as JSON text (keys in a fixed order, no timestamps)."""
    return json.dumps(results.to_gradescope(), indent=2) + "\n"


def write_results_json(results: GradingResults, path: Path) -> Path:
    """Write ``render_results_json(results)`` to ``path`` atomically."""
    return write_text_atomic(path, render_results_json(results))
