"""Where the kit's files live, and loading the reference solution modules.

The reference modules in ``solutions/`` are written as top-level student modules
(``import initializers``), so they are loaded here by file path under private names
(``initgrade_reference.<name>``); nothing is added to ``sys.path`` and a student's module of
the same name can never be mistaken for the reference.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
KIT_ROOT = PACKAGE_DIR.parent
#: True in a clone (``pip install -e .``); False for the wheel ``initgrade gradescope`` builds, which
#: carries the reference inside the package (``BUNDLED_SOLUTIONS``) and nothing else of the clone.
FROM_CLONE = (KIT_ROOT / "solutions").is_dir()
BUNDLED_SOLUTIONS = PACKAGE_DIR / "solutions"
SOLUTIONS_DIR = KIT_ROOT / "solutions" if FROM_CLONE or not BUNDLED_SOLUTIONS.is_dir() else BUNDLED_SOLUTIONS
ASSIGNMENT_DIR = KIT_ROOT / "assignment"

_PRIVATE_PREFIX = "initgrade_reference."
_LOADING = threading.RLock()  # the judge's preload loads them in the background (grading.preload)


def solutions_dir() -> Path:
    """Return ``solutions/``, or raise ``FileNotFoundError`` saying how to install the kit."""
    if not SOLUTIONS_DIR.is_dir():
        raise FileNotFoundError(
            f"the reference solutions were not found at {SOLUTIONS_DIR}; initgrade runs from a "
            "clone of the kit installed with `pip install -e .`"
        )
    return SOLUTIONS_DIR


def load_reference(name: str) -> ModuleType:
    """Import ``solutions/<name>.py`` once and return it.

    >>> load_reference("initializers").compute_fans((3, 3, 32, 64))
    (288, 576)
    """
    qualified = _PRIVATE_PREFIX + name
    with _LOADING:
        return sys.modules.get(qualified) or _load(qualified, name)


def _load(qualified: str, name: str) -> ModuleType:
    path = solutions_dir() / f"{name}.py"
    if not path.is_file():
        available = sorted(p.stem for p in solutions_dir().glob("*.py"))
        raise ValueError(f"no reference module named {name!r}; available: {available}")
    spec = importlib.util.spec_from_file_location(qualified, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[qualified]
        raise
    return module
