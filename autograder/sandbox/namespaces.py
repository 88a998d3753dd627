"""Namespaces and a private filesystem view: the "namespaces" and "userns" levels.

The supervisor unshares PID, mount, network, IPC and UTS namespaces (inside a new user namespace
at the "userns" level) before it forks the worker; the worker then mounts a root filesystem of
the system and Python directories (read-only), fresh ``/dev``, ``/proc`` and ``/tmp``, and a
size-capped copy of the submission, and changes root to it (``build_root``).
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

from autograder.sandbox.paths import DEVICES, inside, visible_dirs
from autograder.sandbox.system import check, libc

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
NAMESPACES = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 32, 4096, 16384, 1 << 18


def unshare_namespaces() -> bool:
    """Unshare the namespaces the next child will live in (needs CAP_SYS_ADMIN); whether it worked."""
    return libc.unshare(NAMESPACES) == 0


def unshare_user_namespace() -> bool:
    """Unshare the same namespaces inside a new user namespace where this user is root; whether it
    worked (the kernel or a security policy may refuse unprivileged user namespaces)."""
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(NAMESPACES | CLONE_NEWUSER) != 0:
        return False
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"0 {uid} 1")
    Path("/proc/self/gid_map").write_text(f"0 {gid} 1")
    return True


def build_root(root: Path, work: Path, hidden: list[Path], tmp_size: int, *, owner: int) -> Path:
    """Mount at ``root`` a filesystem of the system and Python directories (read-only), fresh
    ``/dev``, ``/proc`` and ``/tmp``, and a copy of ``work`` owned by ``owner`` on a tmpfs of
    ``tmp_size`` bytes at ``/submission`` (or a longer name when that path is taken), so the
    student's code cannot fill the host's disk; ``hidden`` paths appear empty. Change root to it;
    return the copy's path."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=755")
    for scratch in ("dev/shm", "tmp"):  # first: a Python directory under /tmp (a venv) is bound inside it
        _make_dir(root / scratch)
        _mount("tmpfs", root / scratch, "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_size},mode=1777")
    shown = visible_dirs(hidden)
    for source in shown:
        _bind(source, root, read_only=True)
    for path in hidden:
        if not any(inside(path, parent) for parent in shown) or not path.exists():
            continue
        if path.is_dir():
            _mount("tmpfs", _under(root, path), "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=000")
        else:
            _mount("/dev/null", _under(root, path), None, MS_BIND)
    for name in DEVICES:
        _bind(Path("/dev") / name, root, read_only=False)
    _make_dir(root / "proc")
    _mount("proc", root / "proc", "proc", MS_NOSUID | MS_NODEV)
    copy_at = Path("/submission")
    while any(copy_at == path or inside(copy_at, path) or inside(path, copy_at) for path in shown):
        copy_at = copy_at.with_name(copy_at.name + "_")
    copy = _under(root, copy_at)
    _make_dir(copy)
    _mount("tmpfs", copy, "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_size},mode=700")
    shutil.copytree(work, copy, symlinks=True, dirs_exist_ok=True)
    give_to(copy, owner)
    _mount(None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)  # root in a user namespace owns it
    os.chroot(root)
    os.chdir(copy_at)
    return copy_at


def give_to(folder: Path, uid: int) -> None:
    """Make ``uid`` own ``folder`` and everything in it (links themselves, not their targets)."""
    for path in [folder, *folder.rglob("*")]:
        os.lchown(path, uid, uid)


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
    result = libc.mount(
        source.encode() if source else None,
        str(target).encode(),
        fstype.encode() if fstype else None,
        ctypes.c_ulong(flags),
        options.encode() if options else None,
    )
    check(result, f"mount {source} on {target}")
