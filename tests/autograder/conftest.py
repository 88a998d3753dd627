"""Fixtures shared by the autograder's tests: one grader, and the environments graders run in."""

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.grading import Grader
from autograder.reference import KIT_ROOT

HERE = Path(__file__).resolve().parent
TEST_UID = 43210  # an ordinary user with no name, home or group: a laptop's instructor
SYSTEM_PYTHON = Path("/usr/bin/python3")
AS_USER = ("setpriv", f"--reuid={TEST_UID}", f"--regid={TEST_UID}", "--clear-groups")
AS_CONTAINER_ROOT = ("setpriv", "--bounding-set", "-sys_admin")  # Docker's default root keeps the rest
REFUSING = ("{python}", str(HERE / "kernel_refusals.py"))  # no new user namespaces
ENVIRONMENTS = {  # name: (the isolation level the README promises there, the user, how to enter it)
    "root": ("namespaces", 0, ()),
    "container": ("container", 0, (*AS_CONTAINER_ROOT, *REFUSING)),
    "user": ("userns", TEST_UID, AS_USER),
    "user-no-userns": ("landlock", TEST_UID, (*AS_USER, *REFUSING)),
    # Kernels without Landlock (older than 5.13, or switched off), for the refusals:
    "container-no-landlock": ("container", 0, (*AS_CONTAINER_ROOT, *REFUSING, "--landlock")),
    "user-no-isolation": ("trusted", TEST_UID, (*AS_USER, *REFUSING, "--landlock")),
}


@pytest.fixture(scope="session")
def grader():
    """One grader for the whole run, as a batch uses one: its fork server starts once."""
    with Grader() as shared:
        yield shared


@dataclass(frozen=True)
class Environment:
    """Where a grader runs: as root, as root without CAP_SYS_ADMIN, or as an ordinary user with or
    without user namespaces. ``base`` is a folder every user may read, for the test's files."""

    name: str
    level: str
    prefix: tuple
    python: str
    uid: int
    base: Path

    def run(self, arguments: list, *, timeout: float, tmpdir: str = "/tmp") -> subprocess.CompletedProcess:
        """Run ``python ARGUMENTS...`` here, from the kit's folder, with a plain environment."""
        command = [part.format(python=self.python) for part in self.prefix] + [self.python, *map(str, arguments)]
        home = self.folder("home")
        variables = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(home), "TMPDIR": tmpdir}
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, cwd=KIT_ROOT, env=variables, check=False
        )

    def folder(self, name: str) -> Path:
        """A new folder ``base/NAME-...`` that this environment's user owns."""
        folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.base))
        os.chown(folder, self.uid, self.uid)
        folder.chmod(0o755)
        return folder


def _shared_python(base: Path) -> str:
    """A virtual environment of the system Python that imports from this run's site-packages: a
    Python under /root (this machine's own) is unreadable to every other user, this one is not."""
    here = sysconfig.get_paths()["purelib"]
    venv = base / "venv"
    subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "initgrade-tests.pth").write_text(f"import site; site.addsitedir({here!r})\n")
    return str(venv / "bin" / "python")


def _unreadable_to_others(paths: list[Path]) -> list[str]:
    blocked = []
    for path in paths:
        for folder in [path, *path.parents]:
            if not folder.stat().st_mode & stat.S_IXOTH:
                blocked.append(str(folder))
    return sorted(set(blocked))


@pytest.fixture(scope="session")
def environments():
    """Every environment this machine can reach, by name (``ENVIRONMENTS``)."""
    if os.geteuid() != 0:
        pytest.skip("entering the other environments needs root; the kit's CI runs as root")
    version = [str(SYSTEM_PYTHON), "-c", "import sys; print(sys.version_info[:2])"]
    system = subprocess.run(version, capture_output=True, text=True, check=False)
    if system.returncode != 0 or system.stdout.strip() != str(sys.version_info[:2]):
        pytest.skip(f"{SYSTEM_PYTHON} is missing or not Python {sys.version_info[:2]}: {system.stdout}{system.stderr}")
    blocked = _unreadable_to_others([KIT_ROOT, Path(sysconfig.get_paths()["purelib"])])
    if blocked:
        pytest.skip(f"other users cannot pass through {blocked}, where the kit and its packages are")
    base = Path(tempfile.mkdtemp(prefix="initgrade-environments-"))
    base.chmod(0o755)
    python = _shared_python(base)
    found = {}
    for name, (level, uid, prefix) in ENVIRONMENTS.items():
        found[name] = Environment(name, level, prefix, sys.executable if name == "root" else python, uid, base)
    yield found
    shutil.rmtree(base, ignore_errors=True)
