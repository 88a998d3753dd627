"""Isolation levels: the strongest one this process may give a worker, found by trying.

* ``namespaces`` (root with CAP_SYS_ADMIN): own PID, mount, network, IPC and UTS namespaces, a
  read-only view of the system and Python directories and its copy of the submission, a user id
  of its own;
* ``userns`` (not root, unprivileged user namespaces allowed): the same namespaces and view
  inside a user namespace, every capability dropped;
* ``container`` (root without CAP_SYS_ADMIN: Docker's default, Gradescope, Kubernetes): a user
  id of its own; with Landlock, it reads only the system and Python directories and writes only
  its own folder;
* ``container-root`` (as ``container``, but the Python installation lies where no other user id
  can read it, such as under /root): root without any capability, confined by Landlock, on
  kernels whose Landlock also stops signals to outside processes;
* ``landlock`` (not root, no user namespaces, as on Ubuntu 24.04): the grader's own user,
  confined by Landlock in the same way;
* ``trusted`` (only when the instructor says the code is trusted): resource limits, no more.

Every level adds resource limits and a seccomp filter refusing network sockets
(``autograder.sandbox.seccomp``). Root never runs a worker in a user namespace: its mapped user
would be root itself, owning every root-owned file the worker can see; a user id of its own does
not. ``enter`` runs in the supervisor, before it forks the worker.
"""

from __future__ import annotations

import os
from pathlib import Path

from autograder.sandbox import landlock, seccomp
from autograder.sandbox.namespaces import unshare_namespaces, unshare_user_namespace
from autograder.sandbox.paths import first_unreadable
from autograder.sandbox.system import CAP_SETGID, CAP_SETUID, CAP_SYS_ADMIN, has_capability

LEVELS = ("namespaces", "userns", "container", "container-root", "landlock", "trusted")  # strongest first
OWN_UID = ("namespaces", "container")  # levels whose worker runs as a user id of its own
OWN_PID_NAMESPACE = ("namespaces", "userns")  # levels whose worker is the first process of a PID namespace
TRUST_OPTION = "--trusted-code"


class Refused(RuntimeError):
    """No level the grader may use is available here; the message says what to change."""


def enter(strongest: str, *, trusted: bool, uid: int, needed: list[Path]) -> str:
    """Reach the strongest level at or below ``strongest`` (unsharing namespaces for the first
    two); ``trusted`` admits the last one. ``uid`` is the user id a worker of its own would get,
    ``needed`` the folders it must read (Python's). Returns the level, or raises ``Refused``."""
    if strongest not in LEVELS:
        raise ValueError(f"isolation must be one of {LEVELS}; received {strongest!r}")
    for level in LEVELS[LEVELS.index(strongest) :]:
        if _reach(level, trusted, uid, needed):
            return level
    if os.geteuid() == 0:
        raise Refused(root_refusal(first_unreadable(uid, needed)))
    raise Refused(refusal())


def _reach(level: str, trusted: bool, uid: int, needed: list[Path]) -> bool:
    root = os.geteuid() == 0
    if level == "namespaces":
        return root and has_capability(CAP_SYS_ADMIN) and unshare_namespaces()
    if level == "userns":
        return not root and unshare_user_namespace()
    if level == "container":
        return root and has_capability(CAP_SETUID) and has_capability(CAP_SETGID) and not first_unreadable(uid, needed)
    if level == "container-root":
        return root and landlock.abi() >= 6 and seccomp.available()
    if level == "landlock":
        return not root and landlock.abi() >= 1 and seccomp.available()
    return trusted


def refusal() -> str:
    """Why no level is available, and what the instructor can change."""
    missing = "libseccomp is not installed" if not seccomp.available() else "this kernel has no Landlock"
    return (
        f"the grader will not run student code here: it is not root, new user namespaces are refused and {missing}, "
        "so the code could read and change the grader's files and reach the network. Grade as root (a container "
        "is enough), allow unprivileged user namespaces (on Ubuntu: sysctl kernel.apparmor_restrict_unprivileged_"
        "userns=0), or use a Linux kernel with Landlock (5.13 or later) and libseccomp; "
        f"only for code you trust, pass {TRUST_OPTION}"
    )


_NAMESPACE_VIEW = (
    "in its own PID, mount, network, IPC and UTS namespaces, seeing only the system and Python directories "
    "(read-only) and its copy of the submission; no network"
)
_DESCRIPTIONS = {
    "namespaces": f"a separate process as a user id of its own, {_NAMESPACE_VIEW}",
    "userns": f"a separate process in a user namespace without capabilities, {_NAMESPACE_VIEW}",
    "container": "a separate process as a user id of its own that {reads}; {network}",
    "container-root": "a separate process as root without any capability that {reads}; {network}",
    "landlock": "a separate process as the grader's own user that {reads}; {network}",
    "trusted": "a separate process with resource limits only",
}
_CONFINED = "reads only the system and Python directories and writes only its own folder (Landlock)"


def root_refusal(unreadable: Path | None) -> str:
    """Why root found no level: its workers cannot have a user id of their own (no CAP_SETUID, or
    that user id cannot read ``unreadable``, where Python imports from), and no Landlock with
    signal scoping (version 6, Linux 6.12) can confine a worker that stays root."""
    if unreadable is None:
        why = "this process may not give workers a user id of their own (it lacks CAP_SETUID or CAP_SETGID)"
        fix = "Grade as a root that keeps those capabilities (Docker's default does)"
    else:
        why = f"a worker of its own user id cannot read {unreadable}, where Python imports from"
        fix = (
            "Install the kit in a Python every user can read, e.g. a virtual environment made with /usr/bin/python3 "
            "outside /root"
        )
    return (
        f"the grader will not run student code here: {why}, and this kernel has no Landlock with signal scoping "
        f"(Linux 6.12 or later) to confine a worker that stays root. {fix}"
    )


def describe(level: str) -> dict:
    """``{"level", "description", "lacks"}``: what a worker at ``level`` gets here, in words for
    reports, and what this level does not protect on this machine."""
    abi, filtered = landlock.abi(), seccomp.available()
    description = _DESCRIPTIONS[level].format(
        reads=_CONFINED if abi else "may read and write only what every user may",
        network="no network (seccomp)" if filtered else "network NOT refused (libseccomp is missing)",
    )
    return {"level": level, "description": description, "lacks": _lacks(level, abi, filtered)}


def _lacks(level: str, abi: int, filtered: bool) -> list[str]:
    lacks = []
    if level == "container" and not abi:
        lacks.append(
            "no Landlock on this kernel: the code could read every file that every user may read (the grader "
            "checked that its own files, the reports and the course secret are not among them) and create files "
            "in /tmp (removed after grading)"
        )
    if level == "container-root":
        lacks.append(
            "Python lies where other user ids cannot read it (such as under /root), so the worker ran as root "
            "without capabilities instead of a user id of its own: Landlock confines what it reads, writes and "
            "signals, but the number of processes it may start is not limited. Install the kit in a Python every "
            "user can read to give each worker a user id of its own"
        )
    if level == "landlock" and abi < 6:
        lacks.append(
            f"this kernel's Landlock (version {abi}, signal scoping needs 6) does not stop the code from sending "
            "signals to the grader's own processes"
        )
    if level in ("container", "container-root", "landlock") and not filtered:
        lacks.append("libseccomp is missing: the code could open network sockets")
    if level == "trusted":
        lacks.append(
            f"the instructor declared the code trusted ({TRUST_OPTION}): it could read and change every file the "
            "grader's user may, and, unless seccomp refused it, reach the network"
        )
    return lacks
