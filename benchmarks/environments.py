"""The environments a grader runs in, entered for real on one root machine: as root, as root
without CAP_SYS_ADMIN (Docker's default), as an ordinary user with and without user namespaces,
and on kernels that refuse Landlock. Used by the kit's tests and by ``memory.py``.

    environments = make_environments(base)          # base: a folder every user may read
    done = environments["user"].run(["-m", "autograder", "grade", ...], timeout=300)

Every environment but root runs a virtual environment of the system Python that imports this
interpreter's site-packages: a Python under /root (this machine's own) is unreadable to other
users, and to the worker's own user id in a container.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
TEST_UID = 43210  # an ordinary user with no name, home or group: a laptop's instructor
SYSTEM_PYTHON = Path("/usr/bin/python3")
AS_USER = ("setpriv", f"--reuid={TEST_UID}", f"--regid={TEST_UID}", "--clear-groups")
AS_CONTAINER_ROOT = ("setpriv", "--bounding-set", "-sys_admin")  # Docker's default root keeps the rest
REFUSING = ("{python}", str(Path(__file__).resolve().parent / "kernel_refusals.py"))  # no new user namespaces
ENVIRONMENTS = {  # name: (the isolation level docs/isolation.md promises there, the user, how to enter it)
    "root": ("namespaces", 0, ()),
    "container": ("container", 0, (*AS_CONTAINER_ROOT, *REFUSING)),
    "user": ("userns", TEST_UID, AS_USER),
    "user-no-userns": ("landlock", TEST_UID, (*AS_USER, *REFUSING)),
    # A container's root grading with this very interpreter, which may lie where no other user id
    # can read it (this machine's under /root): then its workers run as root without capabilities.
    "container-own-python": ("container-root", 0, (*AS_CONTAINER_ROOT, *REFUSING)),
    # Kernels without Landlock (older than 5.13, or switched off), for the refusals:
    "container-no-landlock": ("container", 0, (*AS_CONTAINER_ROOT, *REFUSING, "--landlock")),
    "user-no-isolation": ("trusted", TEST_UID, (*AS_USER, *REFUSING, "--landlock")),
}
OWN_PYTHON = ("root", "container-own-python")  # the others run the shared venv of the system Python


@dataclass(frozen=True)
class Environment:
    """Where a grader runs. ``base`` is a folder every user may read, for the caller's files."""

    name: str
    level: str
    prefix: tuple
    python: str
    uid: int
    base: Path

    def command(self, arguments: list) -> list[str]:
        """``python ARGUMENTS...`` as this environment runs it."""
        return [part.format(python=self.python) for part in self.prefix] + [self.python, *map(str, arguments)]

    def run(
        self, arguments: list, *, timeout: float, tmpdir: str = "/tmp", prefix=(), cwd: Path = KIT_ROOT
    ) -> subprocess.CompletedProcess:
        """Run ``python ARGUMENTS...`` here (after ``prefix``, e.g. entering a cgroup), from ``cwd``
        (the kit's folder), with a plain environment whose PATH starts with this Python's folder, as
        an activated virtual environment's does (nbgrader runs ``alembic`` from PATH)."""
        variables = {
            "PATH": f"{Path(self.python).parent}:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": str(self.folder("home")),
            "TMPDIR": tmpdir,
        }
        return subprocess.run(
            [*prefix, *self.command(arguments)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=cwd,
            env=variables,
            check=False,
        )

    def folder(self, name: str) -> Path:
        """A new folder ``base/NAME-...`` that this environment's user owns."""
        folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.base))
        os.chown(folder, self.uid, self.uid)
        folder.chmod(0o755)
        return folder


def unavailable() -> str:
    """Why these environments cannot be entered here, or "" when they can."""
    if os.geteuid() != 0:
        return "entering the other environments needs root"
    version = [str(SYSTEM_PYTHON), "-c", "import sys; print(sys.version_info[:2])"]
    system = subprocess.run(version, capture_output=True, text=True, check=False)
    if system.returncode != 0 or system.stdout.strip() != str(sys.version_info[:2]):
        return f"{SYSTEM_PYTHON} is missing or not Python {sys.version_info[:2]}: {system.stdout}{system.stderr}"
    blocked = [folder for path in (KIT_ROOT, Path(sysconfig.get_paths()["purelib"])) for folder in _blocked(path)]
    return (
        f"other users cannot pass through {sorted(set(blocked))}, where the kit and its packages are" if blocked else ""
    )


def make_environments(base: Path) -> dict[str, Environment]:
    """Every environment of ``ENVIRONMENTS``, their files in ``base`` (made readable to all)."""
    base.chmod(0o755)
    shared = _shared_python(base)
    found = {}
    for name, (level, uid, prefix) in ENVIRONMENTS.items():
        if name == "container-own-python" and not _blocked(Path(sys.base_prefix)):
            level = "container"  # this Python is readable to all: workers get a user id of their own
        found[name] = Environment(name, level, prefix, sys.executable if name in OWN_PYTHON else shared, uid, base)
    return found


def _blocked(path: Path) -> list[str]:
    """The folders on the way to ``path`` that other users may not pass through."""
    return [str(folder) for folder in [path, *path.parents] if not folder.stat().st_mode & stat.S_IXOTH]


def _shared_python(base: Path) -> str:
    here = sysconfig.get_paths()["purelib"]
    venv = base / "venv"
    subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "initgrade-shared.pth").write_text(f"import site; site.addsitedir({here!r})\n")
    alembic = venv / "bin" / "alembic"  # the packages come through the .pth, their scripts do not
    alembic.write_text(f"#!{venv / 'bin' / 'python'}\nfrom alembic.config import main\n\nmain()\n")
    alembic.chmod(0o755)
    return str(venv / "bin" / "python")
