"""results.json in Gradescope's autograder format, one per student."""

from __future__ import annotations

import json
from pathlib import Path

from autograder.reports.atomic import write_text_atomic
from autograder.results import GradingResults


def write_results_json(results: GradingResults, path: Path) -> Path:
    """Write ``results.to_gradescope()`` to ``path`` (keys in a fixed order, no timestamps)."""
    return write_text_atomic(path, json.dumps(results.to_gradescope(), indent=2) + "\n")
