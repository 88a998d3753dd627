"""The worker's seccomp filter, for real: no network sockets and no escapes, everything else as usual."""

import json
import socket
import subprocess
import sys

FILTERED = """
import ctypes, json, os, socket, subprocess, sys, threading
from autograder.sandbox import seccomp
from autograder.sandbox.system import PR_SET_NO_NEW_PRIVS, prctl

prctl(PR_SET_NO_NEW_PRIVS, 1)
seccomp.refuse_network_and_escapes()
libc = ctypes.CDLL(None, use_errno=True)

def attempt(action):
    try:
        return action() is not False
    except OSError:
        return False

def thread():
    done = []
    worker = threading.Thread(target=lambda: done.append(1))
    worker.start()
    worker.join()
    return bool(done)

print(json.dumps({
    "tcp socket": attempt(lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()),
    "udp socket": attempt(lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).close()),
    "unix socket pair": attempt(lambda: [s.close() for s in socket.socketpair()]),
    "connect to a unix socket's path": attempt(lambda: socket.socket(socket.AF_UNIX).connect(sys.argv[1])),
    "thread": attempt(thread),
    "child process": attempt(lambda: subprocess.run(["true"], check=True)),
    "kill everyone": attempt(lambda: os.kill(-1, 0)),
    "new user namespace": libc.unshare(0x10000000) == 0,
    "ptrace": libc.ptrace(16, os.getppid(), 0, 0) == 0,
}))
"""


def test_the_filter_refuses_network_sockets_and_escapes_and_nothing_else(tmp_path):
    service = socket.socket(socket.AF_UNIX)  # a user's service, such as a D-Bus session bus
    service.bind(str(tmp_path / "bus"))
    service.listen()
    done = subprocess.run([sys.executable, "-c", FILTERED, str(tmp_path / "bus")], capture_output=True, text=True)
    service.close()
    assert done.returncode == 0, done.stderr
    allowed = json.loads(done.stdout)
    expected = {
        "tcp socket": False,
        "udp socket": False,
        "unix socket pair": True,
        "connect to a unix socket's path": False,
        "thread": True,
        "child process": True,
        "kill everyone": False,
        "new user namespace": False,
        "ptrace": False,
    }
    assert allowed == expected, f"the filter allowed {allowed}; expected {expected}"
