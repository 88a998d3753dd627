"""Landlock (Linux 5.13 and later): a process restricts what it, and everything it starts, may
open, connect to and signal, without privileges.

Written against the kernel's ABI with ctypes (three system calls, two structures): the one Python
binding on PyPI is an alpha pre-release that knows neither the network rights (ABI 4) nor the
scopes (ABI 6) the worker relies on. Rights the running kernel does not know are left out, and
``abi()`` tells the caller what it got.

    rules = Ruleset()
    rules.allow(Path("/usr"), READ)            # read and run what is beneath /usr
    rules.allow(Path("/tmp/mine"), EVERYTHING)   # anything beneath /tmp/mine
    rules.restrict_self()                      # from now on: nothing else, no TCP, no signals out
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

from autograder.sandbox.system import PR_SET_NO_NEW_PRIVS, check, libc, prctl

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # one number on every architecture
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
TRUNCATE, IOCTL_DEV = 1 << 14, 1 << 15
_FILE_RIGHTS = {1: EXECUTE | WRITE_FILE | READ_FILE, 3: TRUNCATE, 5: IOCTL_DEV}  # rights added by each ABI
_DIR_RIGHTS = {1: sum(1 << bit for bit in range(3, 13)), 2: 1 << 13}  # READ_DIR .. MAKE_SYM; REFER
_NET_TCP = {4: (1 << 0) | (1 << 1)}  # bind and connect
_SCOPES = {6: (1 << 0) | (1 << 1)}  # abstract unix sockets and signals, outside the domain

READ = EXECUTE | READ_FILE | READ_DIR
EVERYTHING = -1  # every right of the running ABI


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi() -> int:
    """The Landlock ABI version of the running kernel; 0 when it has none or it is switched off."""
    version = libc.syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(version, 0)


def _rights(table: dict[int, int], version: int) -> int:
    return sum(bits for since, bits in table.items() if version >= since)


class Ruleset:
    """Rules under construction: what stays allowed once ``restrict_self`` is called. Handles
    every filesystem right, TCP bind and connect, and signal and abstract-socket scopes that
    the kernel knows, so whatever no rule allows is refused."""

    def __init__(self):
        self.abi = abi()
        if self.abi < 1:
            raise OSError("this kernel has no Landlock (Linux 5.13 or later, with landlock in its LSM list)")
        self._file = _rights(_FILE_RIGHTS, self.abi)
        self._all = self._file | _rights(_DIR_RIGHTS, self.abi)
        attr = _RulesetAttr(self._all, _rights(_NET_TCP, self.abi), _rights(_SCOPES, self.abi))
        size = 8 if self.abi < 4 else 16 if self.abi < 6 else 24
        self._fd = check(libc.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0), "landlock")

    def allow(self, path: Path, rights: int) -> None:
        """Allow ``rights`` (``READ``, ``EVERYTHING``, ...) beneath ``path``, a file or a folder."""
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        try:
            wanted = self._all if rights == EVERYTHING else rights & self._all
            if not os.path.isdir(path):
                wanted &= self._file
            attr = _PathBeneathAttr(wanted, fd)
            check(libc.syscall(_ADD_RULE, self._fd, _RULE_PATH_BENEATH, ctypes.byref(attr), 0), f"landlock {path}")
        finally:
            os.close(fd)

    def restrict_self(self) -> None:
        """Enforce the rules on this thread and every process it starts from now on (single-
        threaded callers only: other threads keep their access)."""
        prctl(PR_SET_NO_NEW_PRIVS, 1)
        check(libc.syscall(_RESTRICT_SELF, self._fd, 0), "landlock_restrict_self")
        os.close(self._fd)
