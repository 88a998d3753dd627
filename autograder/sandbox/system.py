"""What the sandbox asks of the kernel directly: prctl, capabilities, a failed call made an OSError."""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 36, 38
CAP_SETGID, CAP_SETUID, CAP_SYS_ADMIN = 6, 7, 21

libc = ctypes.CDLL(None, use_errno=True)


def check(result: int, what: str) -> int:
    """``result`` of a libc call, or ``OSError`` with the errno it set and ``what`` was tried."""
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{what}: {os.strerror(error)}")
    return result


def prctl(option: int, value: int) -> None:
    check(libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0), f"prctl({option})")


def effective_capabilities() -> int:
    """The bit mask of this process's effective capabilities (``CapEff`` in /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("CapEff:"):
            return int(line.split()[1], 16)
    return 0


def has_capability(number: int) -> bool:
    return bool(effective_capabilities() >> number & 1)
