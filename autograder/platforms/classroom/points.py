"""The points of the public tests in GitHub Classroom, from the hidden rubric: one source decides both.

    hidden_points() -> {function: points}                  the hidden rubric, summed by function
    public_test_plan(release) -> [{nodeid, line, functions}]  which functions each public test checks
    points_table(points, plan) -> {max_score, unit, functions, tests: [{nodeid, line, points, shares}]}

Each function's hidden points are spread over the public tests that check it, in whole multiples of
``UNIT`` (a quarter point, so sums are exact in binary floating point): every test gets the same
number of units, and the units left over go one each to the function's first tests. A test that checks
several functions gets its share of each. So the Classroom total is the autograded total of the hidden
suite, and a student sees partial credit per function on every push.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from autograder.grading import hidden_rubric
from autograder.release.stubs import encoded

UNIT = 0.25
COLLECTOR = Path(__file__).resolve().parent / "collect.py"


def hidden_points() -> dict[str, float]:
    """``{function: points}`` of the hidden suite, in suite order; a test grades the function its title
    names before the first colon (``results.TestResult.function``)."""
    points: dict[str, float] = {}
    for title, value, _visibility in hidden_rubric():
        function = title.split(":", 1)[0]
        points[function] = points.get(function, 0.0) + value
    return points


def public_test_plan(release: Mapping[str, str | bytes]) -> list[dict]:
    """Collect the public tests of ``release`` (``autograder.release.render_release()``) in a folder of
    their own, in a separate process, and return ``[{"nodeid", "line", "functions"}]`` in test order.
    Raises ``RuntimeError`` if the tests cannot be collected (the release is broken, not the call)."""
    with tempfile.TemporaryDirectory(prefix="initgrade-classroom-") as scratch:
        for name, content in release.items():
            (Path(scratch) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(scratch) / name).write_bytes(encoded(content))
        done = subprocess.run(
            [sys.executable, str(COLLECTOR)],
            cwd=scratch,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    if done.returncode != 0:
        raise RuntimeError(f"the release's public tests could not be collected:\n{done.stderr.strip()}")
    return json.loads(done.stdout)


def points_table(points: Mapping[str, float], plan: list[dict]) -> dict:
    """The points of each public test of ``plan`` from the functions' ``points`` (see the module docstring).

    Raises ``ValueError`` for a function whose points are not a whole number of units, and for one that
    no public test checks, since its points could not be earned in Classroom."""
    shares: list[dict[str, float]] = [{} for _ in plan]
    for function, total in points.items():
        units = total / UNIT
        if units < 0 or abs(units - round(units)) > 1e-9:
            raise ValueError(
                f"the points of {function} must be a non-negative multiple of {UNIT:g} to be spread over its "
                f"public tests; received {total:g}"
            )
        checking = [index for index, test in enumerate(plan) if function in test["functions"]]
        if not checking:
            raise ValueError(
                f"no public test checks {function}, so its {total:g} hidden points could not be earned in "
                "Classroom; add a public test whose name or parameters name it"
            )
        each, left_over = divmod(round(units), len(checking))
        for rank, index in enumerate(checking):
            shares[index][function] = (each + (rank < left_over)) * UNIT
    tests = [
        {
            "nodeid": test["nodeid"],
            "line": test["line"],
            "points": sum(share.values()),
            "shares": {function: share.get(function, 0.0) for function in test["functions"]},
        }
        for test, share in zip(plan, shares)
    ]
    return {"max_score": sum(points.values()), "unit": UNIT, "functions": dict(points), "tests": tests}
