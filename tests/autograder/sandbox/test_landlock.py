"""Landlock, for real: a process that restricts itself reads, writes, connects and signals only
where its rules allow."""

import json
import socket
import subprocess
import sys

import pytest

from autograder.reference import SOLUTIONS_DIR
from autograder.sandbox import landlock

CONFINED = """
import json, os, socket, sys
from pathlib import Path
from autograder.sandbox import landlock

mine, readable, secret, port = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
rules = landlock.Ruleset()
rules.allow(readable, landlock.READ)
rules.allow(mine, landlock.EVERYTHING)
rules.allow(Path(sys.base_prefix), landlock.READ)  # what this interpreter still loads lazily
rules.allow(Path(sys.prefix), landlock.READ)
rules.restrict_self()

def attempt(action):
    try:
        action()
        return True
    except OSError:
        return False

print(json.dumps({
    "read allowed": attempt(lambda: open(readable / "passwd").close()),
    "read elsewhere": attempt(lambda: open(secret).close()),
    "write in its folder": attempt(lambda: (mine / "made.txt").write_text("x")),
    "write beside it": attempt(lambda: (mine.parent / "escaped.txt").write_text("x")),
    "connect": attempt(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close()),
    "signal its parent": attempt(lambda: os.kill(os.getppid(), 0)),
}))
"""


@pytest.mark.skipif(landlock.abi() < 6, reason="this kernel's Landlock lacks network rights or signal scopes")
def test_a_restricted_process_reaches_only_what_its_rules_allow(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    listener = socket.create_server(("127.0.0.1", 0))
    arguments = [mine, "/etc", SOLUTIONS_DIR / "initializers.py", listener.getsockname()[1]]
    done = subprocess.run([sys.executable, "-c", CONFINED, *map(str, arguments)], capture_output=True, text=True)
    listener.close()
    assert done.returncode == 0, done.stderr
    reached = json.loads(done.stdout)
    expected = {
        "read allowed": True,
        "read elsewhere": False,
        "write in its folder": True,
        "write beside it": False,
        "connect": False,
        "signal its parent": False,
    }
    assert reached == expected, f"reached {reached}; the rules allow {expected}"
    assert not (tmp_path / "escaped.txt").exists()


def test_a_kernel_without_landlock_is_refused_with_the_reason(monkeypatch):
    monkeypatch.setattr(landlock, "abi", lambda: 0)
    with pytest.raises(OSError, match=r"this kernel has no Landlock \(Linux 5\.13 or later"):
        landlock.Ruleset()
