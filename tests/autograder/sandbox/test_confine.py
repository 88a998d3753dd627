"""Confining a worker: what it may read, and its last check before any student code."""

import json
import os
import subprocess
import sys

import pytest

from autograder.sandbox import landlock


def test_a_worker_that_cannot_list_a_python_folder_names_it_and_the_fix(environments):
    """The worker's last check before any student code, as an ordinary user: a folder Python
    imports from that it cannot list (mode 700, root's) stops it with the folder and the fix."""
    environment = environments["user"]
    work, closed = environment.folder("work"), environment.folder("closed")
    os.chown(closed, 0, 0)
    closed.chmod(0o700)
    script = (
        "import sys; from pathlib import Path; from autograder.sandbox.confine import check_reachable\n"
        "try:\n    check_reachable(Path(sys.argv[1]), [Path(sys.argv[2])])\n"
        "except RuntimeError as problem:\n    print(type(problem).__name__, problem)\n"
    )
    done = environment.run(["-c", script, work, closed], timeout=60)
    said = done.stdout + done.stderr
    assert said.startswith(f"EnvironmentProblem the worker (user id {environment.uid}) cannot read {closed}"), said
    assert "where Python imports from" in said and "/usr/bin/python3" in said, said


HIDE_BEHIND_A_LINK = """
import json, sys
from pathlib import Path
from autograder.sandbox import landlock
from autograder.sandbox.confine import _allow_except

top, hidden = Path(sys.argv[1]), Path(sys.argv[2])
rules = landlock.Ruleset()
_allow_except(rules, top, [hidden])
for folder in {Path(sys.base_prefix), Path(sys.prefix), *map(Path, sys.path[1:])}:
    if folder.is_dir() and hidden not in [folder, *folder.parents]:
        rules.allow(folder, landlock.READ)
rules.restrict_self()

def readable(path):
    try:
        open(path, "rb").close()
        return True
    except OSError:
        return False

print(json.dumps({name: readable(top / name) for name in sys.argv[3:]}))
"""


@pytest.mark.skipif(landlock.abi() < 1, reason="this kernel has no Landlock")
def test_a_hidden_folder_stays_hidden_through_a_link_to_a_folder_above_it(tmp_path):
    """A virtual environment links ``lib64`` to ``lib``: a kit installed in its site-packages must
    stay hidden when reached through the link, while everything beside it stays readable."""
    top = tmp_path / "venv"
    package = top / "lib" / "site-packages" / "autograder"
    package.mkdir(parents=True)
    (package / "hidden_test.py").write_text("secret")
    (top / "lib" / "site-packages" / "numpy.py").write_text("public")
    (top / "lib64").symlink_to("lib")
    names = [
        "lib/site-packages/autograder/hidden_test.py",
        "lib64/site-packages/autograder/hidden_test.py",
        "lib/site-packages/numpy.py",
        "lib64/site-packages/numpy.py",
    ]
    done = subprocess.run(
        [sys.executable, "-c", HIDE_BEHIND_A_LINK, str(top), str(package), *names], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    reached = json.loads(done.stdout)
    assert reached == dict(zip(names, [False, False, True, True])), f"readable after confinement: {reached}"
