"""Which functions each public test checks, collected in a released student folder (nothing is run).

Run as a script in its own process, with the folder as the current directory::

    python collect.py        -> on stdout: [{"nodeid": ..., "line": N, "functions": [...]}, ...]

The tests are collected by pytest and each is mapped to the functions it checks by the release's own
rule, ``public_tests.checked_by`` (the rule the notebook's public-test cells use), so the template's
points and the notebook's cells cannot disagree on which test checks what. It runs apart from the kit
because collecting imports the student modules and the tests under their plain names.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path


class _Plan:
    """A pytest plugin that keeps, for each collected test, its id, line and the functions it checks."""

    def __init__(self, checked_by):
        self._checked_by = checked_by
        self.tests: list[dict] = []
        self.errors: list[str] = []

    def pytest_collectreport(self, report):
        if report.failed:
            self.errors.append(f"{report.nodeid}: {report.longrepr}")

    def pytest_collection_modifyitems(self, items):
        self.tests = [
            {"nodeid": item.nodeid, "line": item.location[1] + 1, "functions": self._checked_by(item)} for item in items
        ]


def main() -> int:
    folder = Path.cwd()
    sys.path.insert(0, str(folder))
    import public_tests
    import pytest

    plan = _Plan(public_tests.checked_by)
    arguments = ["tests", "--collect-only", "-q", "-p", "no:cacheprovider", "--rootdir", str(folder)]
    with contextlib.redirect_stdout(sys.stderr):
        status = pytest.main(arguments, plugins=[plan])
    if status != 0 or plan.errors:
        print(f"the public tests could not be collected (pytest exit status {int(status)})", file=sys.stderr)
        print("\n".join(plan.errors), file=sys.stderr)
        return 1
    json.dump(plan.tests, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
