"""Instructor side of the weight-initialization assignment kit: release, grading, reports."""

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
