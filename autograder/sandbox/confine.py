"""Confining one worker at its level, before any student code runs.

    supervisor: needed = python_dirs(hidden)              (listed while nothing is confined)
                home = prepare_home(level, request)       (levels without a private root)
    worker:     work = confine(level, request, home)      (view, limits, Landlock, user, seccomp)
                check_reachable(work, needed)             (what it must read, it can)

The worker serves the student's code from ``work`` afterwards. At the ``container``,
``landlock`` and ``trusted`` levels its folder is ``home``: a fresh copy of the submission in
``home/submission`` and a private ``home/tmp``, under the grader's scratch folder, removed by the
supervisor when the worker ends.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from pathlib import Path

from autograder.sandbox import landlock, seccomp
from autograder.sandbox.limits import Limits, set_limits, tasks_of
from autograder.sandbox.namespaces import build_root, give_to
from autograder.sandbox.paths import DEVICES, ETC_FOR_ROOT, inside, visible_dirs
from autograder.sandbox.system import PR_SET_NO_NEW_PRIVS, check, libc, prctl

_CAPABILITY_VERSION_3 = 0x20080522
PR_CAPBSET_DROP, PR_SET_SECUREBITS = 24, 28
_SECURE_NO_ROOT = 0b101111  # NOROOT and NO_SETUID_FIXUP, each locked; KEEP_CAPS off, locked
WRITABLE = ("submission", "tmp")  # the parts of its home a worker may change


class EnvironmentProblem(RuntimeError):
    """The confined worker cannot read what it needs: the machine's set-up, not the student, is at fault."""


def prepare_home(level: str, request: dict) -> Path | None:
    """For levels without a private root: a fresh folder (mode 711) holding a copy of the
    submission and a temporary folder, both the worker's to write; None for the namespace levels."""
    if level in ("namespaces", "userns"):
        return None
    home = Path(tempfile.mkdtemp(prefix="worker-", dir=request["scratch"]))
    home.chmod(0o711)
    shutil.copytree(request["work"], home / "submission", symlinks=True)
    (home / "tmp").mkdir(mode=0o700)
    if level == "container":
        for writable in WRITABLE:
            give_to(home / writable, request["uid"])
    return home


def confine(level: str, request: dict, home: Path | None) -> Path:
    """Confine this process (the worker) at ``level``; return the folder it serves from."""
    limits, hidden, uid = Limits(**request["limits"]), [Path(p) for p in request["hidden"]], request["uid"]
    if level in ("namespaces", "userns"):
        work = build_root(
            Path(request["root"]),
            Path(request["work"]),
            hidden,
            limits.tmp_size,
            owner=uid if level == "namespaces" else 0,
        )
        tmp = Path("/tmp")
    else:
        work, tmp = home / "submission", home / "tmp"
        os.chdir(work)
    set_limits(limits, user_tasks=tasks_of(os.getuid()) if level in ("landlock", "trusted") else 0)
    if level in ("container", "container-root", "landlock") and landlock.abi() >= 1:
        _landlock(home, [*hidden, Path("/etc")] if level == "container-root" else hidden)
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    if level in ("namespaces", "container"):
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    elif level == "container-root":
        _give_up_root()
    elif os.geteuid() == 0 or level == "userns":
        _drop_capabilities()
    if seccomp.available():
        seccomp.refuse_network_and_escapes()
    os.environ.clear()
    os.environ.update(HOME=str(work), TMPDIR=str(tmp), PATH="/usr/bin:/bin", LANG="C.UTF-8")
    return work


def check_reachable(work: Path, needed: list[Path]) -> None:
    """Raise ``EnvironmentProblem`` naming the first thing the confined worker cannot read: a
    file of its copy of the submission, or one of the folders ``needed`` (``python_dirs()``, listed
    before confinement)."""
    who = f"the worker (user id {os.getuid()})"
    try:
        _read_all(work)
    except OSError as error:
        raise EnvironmentProblem(
            f"{who} cannot read its copy of the submission at {error.filename} ({error.strerror}): every folder "
            "above it must let every user pass; set TMPDIR to such a folder (e.g. /tmp, mode 1777) and run again"
        ) from None
    for folder in needed:
        try:
            os.listdir(folder)
        except OSError as error:
            raise EnvironmentProblem(
                f"{who} cannot read {folder}, where Python imports from ({error.strerror}): install the kit in a "
                "Python every user can read, e.g. a virtual environment made with /usr/bin/python3 outside /root"
            ) from None


def _read_all(folder: Path) -> None:
    """Open every file beneath ``folder`` for reading, list every folder; ``OSError`` if one fails."""
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            _read_all(Path(entry.path))
        elif entry.is_file(follow_symlinks=False):
            open(entry.path, "rb").close()


def python_dirs(hidden: list[Path]) -> list[Path]:
    """The folders Python imports from (but hidden ones) that exist."""
    folders = [Path(os.path.normpath(p)) for p in sys.path if p and os.path.isabs(p)]
    folders.append(Path(os.__file__).parent)
    return [f for f in dict.fromkeys(folders) if f.is_dir() and not any(f == h or inside(f, h) for h in hidden)]


def _landlock(home: Path, hidden: list[Path]) -> None:
    rules = landlock.Ruleset()
    for folder in visible_dirs(hidden):
        _allow_except(rules, folder, hidden)
    if Path("/etc") in hidden:  # a root worker: only what Python may look up, never /etc/shadow or host keys
        for name in ETC_FOR_ROOT:
            if (Path("/etc") / name).exists():
                rules.allow(Path("/etc") / name, landlock.READ_FILE)
    for name in DEVICES:
        rules.allow(Path("/dev") / name, landlock.READ_FILE | landlock.WRITE_FILE)
    for writable in WRITABLE:
        rules.allow(home / writable, landlock.EVERYTHING)
    rules.restrict_self()


def _allow_except(rules: landlock.Ruleset, top: Path, hidden: list[Path]) -> None:
    """Allow reading beneath ``top`` but not beneath any hidden path inside it: the folders on the
    way to a hidden path may be listed, their other entries read. A link to a folder counts as the
    folder it leads to (a virtual environment's ``lib64 -> lib``): Landlock follows it."""
    real = Path(os.path.realpath(top))
    within = [h for h in hidden if inside(h, top) or inside(h, real)]
    if not within:
        rules.allow(top, landlock.READ)
        return
    rules.allow(top, landlock.READ_DIR)
    for entry in os.scandir(top):
        path, real = Path(entry.path), Path(os.path.realpath(entry.path))
        if not any(p == h or inside(p, h) for h in hidden for p in (path, real)):
            _allow_except(rules, path, hidden)


def _drop_capabilities() -> None:
    header = (ctypes.c_uint32 * 2)(_CAPABILITY_VERSION_3, 0)
    check(libc.capset(header, (ctypes.c_uint32 * 6)()), "capset")


def _give_up_root() -> None:
    """Stay user id 0 but hold no capability, now or after any exec: no supplementary groups, an
    empty bounding set, and secure bits that stop root from regaining capabilities (locked)."""
    os.setgroups([])
    for capability in range(64):  # the kernel refuses a number past its last capability: all are gone
        if libc.prctl(PR_CAPBSET_DROP, ctypes.c_ulong(capability), 0, 0, 0) != 0:
            break
    prctl(PR_SET_SECUREBITS, _SECURE_NO_ROOT)
    _drop_capabilities()
