"""Imports point down only: each part of the package imports only the parts its ``__init__``
docstring names (the flow of a submission read from the folders, see ``autograder/__init__.py``)."""

import ast
from pathlib import Path

import pytest

import autograder

PACKAGE = Path(autograder.__file__).resolve().parent
LEAVES = {"autograder", "reference", "secret", "text", "mistakes"}  # import nothing of the kit but each other's names
MAY_IMPORT = {
    "reference": set(),
    "secret": set(),
    "text": set(),
    "mistakes": set(),
    "autograder": set(),
    "results": LEAVES,
    "sandbox": LEAVES,
    "checks": LEAVES,
    "hidden": LEAVES | {"results", "checks", "sandbox"},
    "grading": LEAVES | {"results", "sandbox", "checks", "hidden"},
    "reports": LEAVES | {"results"},
    "release": LEAVES | {"results", "grading"},
    "batch": LEAVES | {"results", "sandbox", "grading", "reports"},
    "platforms": LEAVES | {"results", "sandbox", "grading", "reports", "release", "batch"},
    "review": LEAVES | {"results", "grading", "reports"},
    "demo": LEAVES | {"results", "reports", "batch"},
    "cli": LEAVES | {"results", "sandbox", "reports", "release", "batch", "platforms", "review", "demo"},
    "__main__": {"cli"},
}
MODULES = sorted(path for path in PACKAGE.rglob("*.py") if "solutions" not in path.relative_to(PACKAGE).parts)


def module_name(path: Path) -> str:
    """``"autograder.sandbox"`` for ``sandbox/__init__.py``, ``"autograder.sandbox.wire"`` for ``sandbox/wire.py``."""
    return ".".join(("autograder", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


def part_of(module: str) -> str:
    """``"sandbox"`` for ``autograder.sandbox.wire``, ``"autograder"`` for the package itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "autograder"


def kit_imports(path: Path) -> set[str]:
    """Every ``autograder...`` module ``path`` imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            if node.module == "autograder":  # from autograder import batch, ...
                names |= {f"autograder.{alias.name}" for alias in node.names if alias.name != "kit_version"}
    return {name for name in names if name == "autograder" or name.startswith("autograder.")}


def test_every_part_of_the_package_has_its_rule():
    parts = {part_of(module_name(path)) for path in MODULES}
    missing, unused = parts - set(MAY_IMPORT), set(MAY_IMPORT) - parts
    assert not missing and not unused, f"parts without a rule: {missing}; rules for no part: {unused}"


@pytest.mark.parametrize("path", MODULES, ids=[str(path.relative_to(PACKAGE)) for path in MODULES])
def test_imports_point_down_only(path):
    module = module_name(path)
    own = part_of(module)
    upward = sorted(name for name in kit_imports(path) if part_of(name) not in MAY_IMPORT[own] | {own})
    assert not upward, f"{module} ({own}) imports {upward}; {own} may import only {sorted(MAY_IMPORT[own])}"
