"""Run a command on a kernel that refuses what some machines refuse:
``python kernel_refusals.py [--landlock] COMMAND...``.

New user namespaces are always refused, as Ubuntu 24.04's AppArmor default, Docker's seccomp
profile and many clusters refuse them: unshare and clone fail with EPERM when they ask for one;
clone3, whose flags a filter cannot read, says "not implemented" and the C library falls back to
clone. With ``--landlock`` the Landlock system calls say "not implemented" too, as on kernels
older than 5.13. The filter is built with libseccomp."""

import errno
import os
import sys

import pyseccomp as seccomp

from autograder.sandbox.system import PR_SET_NO_NEW_PRIVS, prctl

CLONE_NEWUSER = 0x10000000
LANDLOCK_CALLS = ("landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self")

arguments = sys.argv[1:]
rules = seccomp.SyscallFilter(seccomp.ALLOW)
for call in ("unshare", "clone"):
    rules.add_rule(seccomp.ERRNO(errno.EPERM), call, seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER))
rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
if arguments[0] == "--landlock":
    arguments = arguments[1:]
    for call in LANDLOCK_CALLS:
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), call)
prctl(PR_SET_NO_NEW_PRIVS, 1)
rules.load()
os.execvp(arguments[0], arguments)
