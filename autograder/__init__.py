"""Instructor side of the weight-initialization assignment kit: release, grading, reports.

The folders follow one submission's way through the kit; imports point down this list only:

    cli.py, demo.py   the ``initgrade`` command and its demo; parse arguments, call the library
    platforms/        nbgrader course, Gradescope zip, GitHub Classroom template, their commands
    review/           what an instructor reads besides the grades: the similarity report
    batch.py          grade many submissions and write every report: the one place both meet
    release/          solutions/ -> the student files and notebook, with the leak check
    grading/          load one submission, run the hidden suite on it -> GradingResults
    reports/          renderers of GradingResults (results.json, grades.csv, junit.xml, HTML, ...)
    hidden/           the hidden pytest suite, a module per group of tests
    checks/           the statistics and checks the hidden suite and notebooks share
    sandbox/          the door: isolation levels, fork server, worker, wire, the judge's proxy
    results.py        the results model every stage shares

and five leaves any module may import: this package (``kit_version``), ``reference`` (where the
kit's files are), ``secret`` (the course secret), ``text`` (text for students made safe) and
``mistakes`` (the catalogue of mistakes the hidden suite names, each written once).
``reports`` imports only ``results``; the ``sandbox`` imports nothing above it. Each subpackage's
docstring says what it takes, what it returns and what it may import
(``tests/autograder/test_layers.py`` holds every part to it).
"""

from __future__ import annotations

import functools

DISTRIBUTION = "initgrade"


@functools.cache
def kit_version() -> str:
    """The installed version of the ``initgrade`` distribution, or ``"unknown"`` when it is not
    installed (the package run from a source tree). Looked up on first use: importing
    ``importlib.metadata`` costs ~15 ms, which every worker would otherwise pay."""
    import importlib.metadata

    try:
        return importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def __getattr__(name: str):
    """``autograder.__version__``, computed lazily by ``kit_version``."""
    if name == "__version__":
        return kit_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
