"""Confining a worker process: namespaces, a private filesystem view, no privileges, limits.

Four levels; a grader takes the strongest the machine allows (``LEVELS`` lists what it may cap
it at):

* ``"root"`` (the grader runs as root, as on Gradescope and CI machines): the worker gets its
  own PID, mount, network, IPC and UTS namespaces, a root filesystem holding only the system
  and Python directories (read-only) and its copy of the submission at ``/submission``, runs as
  an unprivileged user id of its own, and has no network;
* ``"userns"`` (not root, unprivileged user namespaces allowed): the same namespaces and
  filesystem view inside a user namespace, with every capability dropped;
* ``"user"`` (root, but namespaces refused, as in a container without CAP_SYS_ADMIN): an
  unprivileged user id of its own and resource limits, no private filesystem view or network;
* ``"process"``: a separate process in its own session with resource limits only.

Everything here runs in the supervisor or the worker (``autograder.forkserver``), never in
the judge.
"""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 36, 38
_CAPABILITY_VERSION_3 = 0x20080522
_SYSTEM_DIRS = ("/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin", "/etc")
_DEVICES = ("null", "zero", "random", "urandom")

DESCRIPTIONS = {
    "root": "separate process as an unprivileged user, own PID/mount/network namespaces, "
    "private read-only filesystem view without the grader, no network, resource limits",
    "userns": "separate process in a user namespace without capabilities, own PID/mount/network "
    "namespaces, private read-only filesystem view without the grader, no network, resource limits",
    "user": "separate process as an unprivileged user with resource limits; this machine refused "
    "namespaces, so the student's code could read world-readable files and reach the network",
    "process": "separate process with resource limits only: this machine allowed no namespaces, so the "
    "student's code could read files and reach the network (grade as root, or allow unprivileged "
    "user namespaces, for full isolation)",
}

_libc = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class Limits:
    """Resource limits of one worker (bytes and seconds)."""

    memory: int = 3 * 1024**3  # address space added on top of what the preloaded worker maps
    cpu_seconds: int = 900
    file_size: int = 16 * 1024**2
    processes: int = 64  # only enforced with a worker user id of its own ("root" level)
    open_files: int = 256
    tmp_size: int = 64 * 1024**2  # each of /tmp, /dev/shm and the submission's folder


DEFAULT_LIMITS = Limits()


def _check(result: int, what: str) -> None:
    if result != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")


def prctl(option: int, value: int) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0), f"prctl({option})")


LEVELS = ("root", "userns", "process")  # what a grader may ask for, strongest first


def enter_namespaces(strongest: str = "root") -> str:
    """Unshare the namespaces the next child will live in, up to the ``strongest`` level asked
    for; return the level reached ("root", "user", "userns" or "process")."""
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    if strongest == "root" and os.geteuid() == 0:
        return "root" if _libc.unshare(flags) == 0 else "user"
    uid, gid = os.getuid(), os.getgid()
    if strongest == "process" or _libc.unshare(flags | CLONE_NEWUSER) != 0:
        return "process"
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"0 {uid} 1")
    Path("/proc/self/gid_map").write_text(f"0 {gid} 1")
    return "userns"


def build_root(root: Path, work: Path, hidden: list[Path], limits: Limits, *, owner: int) -> Path:
    """Mount at ``root`` a filesystem of the system and Python directories (read-only), fresh
    ``/dev``, ``/proc`` and ``/tmp``, and a copy of ``work`` owned by ``owner`` on a size-capped
    tmpfs at ``/submission`` (or a longer name when that path is taken), so the student's code
    cannot fill the host's disk; ``hidden`` paths appear empty. Change root to it; return the
    copy's path."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=755")
    for scratch in ("dev/shm", "tmp"):  # first: a Python directory under /tmp (a venv) is bound inside it
        _make_dir(root / scratch)
        _mount("tmpfs", root / scratch, "tmpfs", MS_NOSUID | MS_NODEV, f"size={limits.tmp_size},mode=1777")
    shown = _visible_dirs(hidden)
    for source in shown:
        _bind(source, root, read_only=True)
    for path in hidden:
        if not any(_inside(path, parent) for parent in shown) or not path.exists():
            continue
        if path.is_dir():
            _mount("tmpfs", _under(root, path), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=000")
        else:
            _mount("/dev/null", _under(root, path), None, MS_BIND)
    for name in _DEVICES:
        _bind(Path("/dev") / name, root, read_only=False)
    _make_dir(root / "proc")
    _mount("proc", root / "proc", "proc", MS_NOSUID | MS_NODEV)
    inside = Path("/submission")
    while any(inside == path or _inside(inside, path) or _inside(path, inside) for path in shown):
        inside = inside.with_name(inside.name + "_")
    copy = _under(root, inside)
    _make_dir(copy)
    _mount("tmpfs", copy, "tmpfs", MS_NOSUID | MS_NODEV, f"size={limits.tmp_size},mode=700")
    shutil.copytree(work, copy, symlinks=True, dirs_exist_ok=True)
    give_to(copy, owner)
    os.chroot(root)
    os.chdir(inside)
    return inside


def give_to(folder: Path, uid: int) -> None:
    """Make ``uid`` own ``folder`` and everything in it (links themselves, not their targets)."""
    for path in [folder, *folder.rglob("*")]:
        os.lchown(path, uid, uid)


def _visible_dirs(hidden: list[Path]) -> list[Path]:
    """System directories and the directories Python imports from, except hidden ones; a
    hidden path inside a shown directory is covered by an empty mount in ``build_root``."""
    candidates = [Path(p) for p in _SYSTEM_DIRS]
    candidates += [Path(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, *sys.path) if p]
    chosen: list[Path] = []
    for path in candidates:
        if not path.is_absolute() or not path.exists() or path == Path("/"):
            continue
        path = Path(os.path.normpath(path))
        if any(path == h or _inside(path, h) for h in hidden):
            continue
        if not any(path == c or _inside(path, c) for c in chosen):
            chosen = [c for c in chosen if not _inside(c, path)] + [path]
    return chosen


def _inside(path: Path, parent: Path) -> bool:
    return path != parent and parent in path.parents


def _under(root: Path, path: Path) -> Path:
    return root / str(path).lstrip("/")


def _make_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)


def _bind(source: Path, root: Path, *, read_only: bool) -> None:
    target = _under(root, source)
    if source.is_symlink() and len(source.parts) == 2:  # /lib -> usr/lib on merged-/usr systems
        _make_dir(target.parent)
        target.symlink_to(os.readlink(source))
        return
    if source.is_dir():
        _make_dir(target)
    else:
        _make_dir(target.parent)
        target.touch()
    _mount(str(source), target, None, MS_BIND | MS_REC)
    if read_only:
        _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _mount(source, target, fstype, flags: int, options: str | None = None) -> None:
    result = _libc.mount(
        source.encode() if source else None,
        str(target).encode(),
        fstype.encode() if fstype else None,
        ctypes.c_ulong(flags),
        options.encode() if options else None,
    )
    _check(result, f"mount {source} on {target}")


def set_limits(limits: Limits, *, own_uid: bool) -> None:
    """Apply the resource limits to this process (inherited by everything it starts)."""
    mapped = _mapped_bytes()
    caps = [
        (resource.RLIMIT_AS, mapped + limits.memory),
        (resource.RLIMIT_CPU, limits.cpu_seconds),
        (resource.RLIMIT_FSIZE, limits.file_size),
        (resource.RLIMIT_NOFILE, limits.open_files),
        (resource.RLIMIT_CORE, 0),
    ]
    if own_uid:
        caps.append((resource.RLIMIT_NPROC, limits.processes))
    for which, value in caps:
        resource.setrlimit(which, (value, value))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing


def _mapped_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def drop_privileges(level: str, uid: int) -> None:
    """Become ``uid`` with no groups ("root"), or drop every capability ("userns")."""
    if level in ("root", "user"):
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    elif level == "userns":
        header = (ctypes.c_uint32 * 2)(_CAPABILITY_VERSION_3, 0)
        data = (ctypes.c_uint32 * 6)()
        _check(_libc.capset(header, data), "capset")
    prctl(PR_SET_NO_NEW_PRIVS, 1)


def kill_everything(worker: int, level: str, uid: int) -> None:
    """Kill the worker and every process it started, however it detached, and reap them.

    The supervisor is a child subreaper, so orphans come back to it; at level "root" every
    process of the worker's own user id is killed as well ("root" and "user" levels)."""
    for kill in (os.kill, os.killpg):
        try:
            kill(worker, signal.SIGKILL)
        except OSError:
            pass
    if level in ("root", "user"):
        _kill_user(uid)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for child in _children(os.getpid()):
            try:
                os.kill(child, signal.SIGKILL)
            except OSError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            return
        time.sleep(0.01)


def _kill_user(uid: int) -> None:
    pid = os.fork()
    if pid == 0:
        try:
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(entry.name))
    return found
