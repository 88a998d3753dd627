"""A seccomp filter, built with libseccomp, that refuses the worker the network and the system
calls that reach past its confinement.

Refused (with an errno, so student code sees an ordinary ``OSError``):

* ``socket()`` of any family but AF_UNIX (no TCP, UDP, raw or netlink sockets, so no network
  and no DNS) and io_uring, which can open sockets without that call;
* ``connect()``: a worker running as the grader's own user could otherwise reach that user's
  services through their sockets' paths (a D-Bus session bus starts programs outside the sandbox;
  an SSH agent signs with the instructor's keys), which Landlock does not guard; socket pairs,
  which need no connection, still work;
* tracing or reading other processes (ptrace, process_vm_readv/writev, pidfd_getfd), the kernel
  keyrings, bpf, perf events and userfaultfd;
* new namespaces, mounts and chroot (``unshare``, ``setns``, ``clone`` with a namespace flag;
  ``clone3``, whose flags a filter cannot read, says "not implemented" and the C library falls
  back to ``clone``);
* ``kill(-1, ...)``, which would signal every process the worker's user may signal.

System calls of other architectures (32-bit calls on a 64-bit kernel) kill the worker.
"""

from __future__ import annotations

import errno
import socket

_REFUSED = (
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "open_tree", "move_mount", "fsopen",
)  # fmt: skip
_UNIMPLEMENTED = ("io_uring_setup", "io_uring_enter", "io_uring_register", "clone3")
_NAMESPACE_FLAGS = (0x00020000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x02000000)


def available() -> bool:
    """Whether libseccomp can be loaded here (Debian and Ubuntu install it with the base system)."""
    try:
        import pyseccomp  # noqa: F401 - ctypes loads libseccomp.so.2 on import
    except (ImportError, RuntimeError, OSError):
        return False
    return True


def refuse_network_and_escapes() -> None:
    """Load the filter into this process; it holds for every process started from here on.
    Needs no privilege once no_new_privs is set (``Ruleset.restrict_self`` or ``prctl``)."""
    import pyseccomp as seccomp

    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    rules.add_rule(seccomp.ERRNO(errno.EACCES), "connect")
    for name in _REFUSED:
        rules.add_rule(seccomp.ERRNO(errno.EPERM), name)
    for name in _UNIMPLEMENTED:
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), name)
    for flag in _NAMESPACE_FLAGS:
        rules.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, flag, flag))
    rules.add_rule(seccomp.ERRNO(errno.EPERM), "kill", seccomp.Arg(0, seccomp.EQ, 0xFFFFFFFF))
    rules.load()
