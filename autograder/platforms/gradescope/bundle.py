"""The Gradescope autograder zip: ``initgrade gradescope [--out autograder.zip]``.

    build_autograder_zip(out, *, secret) -> out

The zip holds, at its root: ``setup.sh`` and ``run_autograder`` (LF line endings, executable inside
the zip), the kit as a wheel (``initgrade-<version>-py3-none-any.whl``, carrying the reference
solutions inside its package, since a wheel holds nothing of the clone but the package),
``requirements.txt`` (every other dependency of the grader, pinned to this environment's versions)
and ``initgrade_secret``, the course secret (mode 600; ``setup.sh`` keeps it root's alone). Gradescope
unpacks it into ``/autograder/source``, runs ``setup.sh`` once when it builds the image, and
``run_autograder`` for every submission (``run.py``).
"""

from __future__ import annotations

import email.parser
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from autograder.platforms.gradescope.requirements import pinned_requirements, torch_version
from autograder.reference import FROM_CLONE, KIT_ROOT, PACKAGE_DIR, solutions_dir
from autograder.reports.atomic import write_bytes_atomic
from autograder.reports.gradescope import render_results_json
from autograder.results import GradingResults

FILES = Path(__file__).resolve().parent / "files"
SECRET_FILE = "initgrade_secret"
SCRIPTS = ("setup.sh", "run_autograder")
FALLBACK_REASON = (
    "the autograder stopped before it finished grading (it was cut off, or failed to start); "
    "your submission was not graded"
)
_EXECUTABLE, _PRIVATE, _READABLE = 0o100755, 0o100600, 0o100644
_UNCOPIED = shutil.ignore_patterns("__pycache__", "*.pyc")


def build_autograder_zip(out: Path, *, secret: str) -> Path:
    """Write the autograder zip to ``out`` (replaced atomically; mode 600, as it holds the course
    secret) and return ``out``. ``ValueError`` for an ``out`` that does not end in ``.zip`` or is a
    folder, or an empty secret; ``RuntimeError`` when the wheel cannot be built (its message holds pip's)."""
    out = Path(out)
    if out.suffix.lower() != ".zip" or out.is_dir():
        raise ValueError(f"--out must name a .zip file to write; received {str(out)!r}")
    if not secret:
        raise ValueError("the course secret must not be empty")
    with tempfile.TemporaryDirectory(prefix="initgrade-zip-") as scratch:
        wheel = build_wheel(Path(scratch))
        members = [
            *((name, script_text(name).encode(), _EXECUTABLE) for name in SCRIPTS),
            ("requirements.txt", requirements_text(wheel_requires(wheel)).encode(), _READABLE),
            (wheel.name, wheel.read_bytes(), _READABLE),
            (SECRET_FILE, (secret + "\n").encode(), _PRIVATE),
        ]
        return write_bytes_atomic(out, _zip_bytes(members, Path(scratch) / "autograder.zip"), mode=0o600)


def script_text(name: str) -> str:
    """``setup.sh`` or ``run_autograder`` with this environment's versions and the fallback results
    filled in."""
    text = (FILES / name).read_text(encoding="utf-8")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    fallback = render_results_json(GradingResults(student_id="unknown", grader_error=FALLBACK_REASON)).rstrip("\n")
    for placeholder, value in {
        "@PYTHON_VERSION@": version,
        "@TORCH_VERSION@": torch_version(),
        "@FALLBACK_RESULTS@": fallback,
    }.items():
        text = text.replace(placeholder, value)
    return text


def requirements_text(requires: list[str]) -> str:
    """requirements.txt: ``pinned_requirements(requires)`` under a comment saying how they are used."""
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    header = (
        f"# The grader's dependencies at the versions it was built with (Python {version}), installed with\n"
        "# --no-deps by setup.sh; torch is installed before them, from its CPU index.\n"
    )
    return header + "".join(f"{line}\n" for line in pinned_requirements(requires))


def wheel_requires(wheel: Path) -> list[str]:
    """The ``Requires-Dist`` lines of ``wheel``'s metadata."""
    with zipfile.ZipFile(wheel) as archive:
        [metadata] = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        message = email.parser.BytesParser().parsebytes(archive.read(metadata))
    return message.get_all("Requires-Dist") or []


def build_wheel(scratch: Path) -> Path:
    """Build the kit's wheel in ``scratch`` with pip from a copy of the package that holds the
    reference solutions (``reference.BUNDLED_SOLUTIONS``); return the wheel's path."""
    if not FROM_CLONE:
        raise RuntimeError(
            f"the Gradescope zip is built from a clone of the kit installed with `pip install -e .`; "
            f"this kit is installed at {PACKAGE_DIR}"
        )
    stage = scratch / "kit"
    shutil.copytree(PACKAGE_DIR, stage / "autograder", ignore=_UNCOPIED)
    shutil.copytree(solutions_dir(), stage / "autograder" / "solutions", ignore=_UNCOPIED)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(KIT_ROOT / name, stage / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet"]
    built = subprocess.run([*command, "-w", str(scratch / "dist"), str(stage)], capture_output=True, text=True)
    wheels = sorted((scratch / "dist").glob("*.whl"))
    if built.returncode != 0 or len(wheels) != 1:
        raise RuntimeError(f"pip could not build the kit's wheel (exit status {built.returncode}):\n{built.stderr}")
    return wheels[0]


def _zip_bytes(members: list[tuple[str, bytes, int]], path: Path) -> bytes:
    """A zip of ``(name, data, mode)`` members, each with its Unix mode, deflated."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path.read_bytes()
