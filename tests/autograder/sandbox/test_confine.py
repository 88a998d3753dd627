"""The worker's last check before any student code: it can read what it needs."""

import os


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
