"""Run a command where new user namespaces are refused, as Ubuntu 24.04's AppArmor default and many
clusters refuse them: ``python no_user_namespaces.py COMMAND...``. A seccomp filter (libseccomp)
makes unshare and clone fail with EPERM when they ask for a user namespace; clone3, whose flags a
filter cannot read, says "not implemented" and the C library falls back to clone."""

import errno
import os
import sys

import pyseccomp as seccomp

from autograder.sandbox.system import PR_SET_NO_NEW_PRIVS, prctl

CLONE_NEWUSER = 0x10000000

rules = seccomp.SyscallFilter(seccomp.ALLOW)
for call in ("unshare", "clone"):
    rules.add_rule(seccomp.ERRNO(errno.EPERM), call, seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER))
rules.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
prctl(PR_SET_NO_NEW_PRIVS, 1)
rules.load()
os.execvp(sys.argv[1], sys.argv[1:])
