"""The grader's dependencies, pinned to the versions of the environment that builds the zip.

    pinned_requirements(requires) -> ["contourpy==1.3.3", "numpy==2.4.6", ...]   (torch left out)
    torch_version() -> "2.13.0"

Gradescope installs the zip's environment once, at set-up, from these pins and with ``--no-deps``,
so it holds exactly the versions the kit was run and tested with here, and nothing is resolved or
downloaded later. The walk follows the kit's own requirements (``requires``, the wheel's ``Requires-
Dist``) through every installed distribution, with each environment marker evaluated for this
interpreter; it leaves out nbgrader (the Gradescope grader never runs it) but takes nbformat, which
came with it. Torch is pinned separately, since it comes from its own CPU index.
"""

from __future__ import annotations

import importlib.metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

NOT_NEEDED = "nbgrader"  # the nbgrader course's: neither it nor what it alone requires is installed
ALSO_NEEDED = ("nbformat",)  # came with nbgrader; the release (the stubs a Gradescope upload is compared to) reads it
APART = "torch"  # installed before the pins, from its own CPU index


def pinned_requirements(requires: list[str]) -> list[str]:
    """``name==version`` for every distribution the grader needs, starting from the requirement
    lines ``requires``, sorted by name; torch's own dependencies are included. ``RuntimeError``
    naming a requirement this environment lacks."""
    wanted = [
        req
        for req in map(Requirement, requires)
        if _applies(req, frozenset()) and canonicalize_name(req.name) != NOT_NEEDED
    ]
    wanted += [Requirement(name) for name in ALSO_NEEDED]
    found: dict[str, str] = {}
    while wanted:
        requirement = wanted.pop()
        name = canonicalize_name(requirement.name)
        if name in found:
            continue
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            raise RuntimeError(
                f"the grader needs {requirement}, which is not installed here; install the kit with "
                "`pip install -e .` and build the zip again"
            ) from None
        wanted += _requirements(name, frozenset(requirement.extras))
    return [f"{name}=={version}" for name, version in sorted(found.items()) if name != APART]


def torch_version() -> str:
    """The installed torch's public version (``"2.13.0"`` for ``2.13.0+cpu``)."""
    return importlib.metadata.version("torch").split("+", 1)[0]


def _requirements(distribution: str, extras: frozenset[str]) -> list[Requirement]:
    """The requirements of the installed ``distribution`` that apply here, with ``extras`` asked for."""
    requirements = map(Requirement, importlib.metadata.requires(distribution) or [])
    return [requirement for requirement in requirements if _applies(requirement, extras)]


def _applies(requirement: Requirement, extras: frozenset[str]) -> bool:
    marker = requirement.marker
    return marker is None or any(marker.evaluate({"extra": extra}) for extra in extras or {""})
