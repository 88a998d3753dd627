"""The canary: before anyone is graded, the reference goes through the workers submissions get.

    write_canary(folder)                  the reference's initializers.py with a probe added
    check_canary(submission, private)     one small check, then what the worker can reach

A worker that cannot start, a reference that does not answer, or a worker that can read the
grader's files or open a network socket is the machine's set-up, never a student's fault: the
grader stops before grading anyone, with a message saying what is wrong and how to fix it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from autograder.reference import solutions_dir
from autograder.sandbox.confine import EnvironmentProblem
from autograder.sandbox.isolated import IsolatedSubmission
from autograder.sandbox.launcher import WorkerStartError
from autograder.sandbox.submission import SubmissionError

PROBE = '''

def canary_reach(paths):
    """Which of ``paths`` this process can open, and whether it can make a network socket."""
    import os
    import socket

    readable = []
    for path in paths:
        try:
            os.listdir(path) if os.path.isdir(path) else open(path, "rb").close()
            readable.append(path)
        except OSError:
            pass
    try:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()
        network = True
    except OSError:
        network = False
    return {"readable": readable, "network": network}
'''
NOTHING_GRADED = "the grader cannot run student code safely on this machine, so nothing was graded"


def write_canary(folder: Path) -> Path:
    """Write the canary submission into ``folder``: the reference initializers and the probe."""
    shutil.copy(solutions_dir() / "initializers.py", folder / "initializers.py")
    with (folder / "initializers.py").open("a", encoding="utf-8") as stream:
        stream.write(PROBE)
    return folder


def check_canary(submission: IsolatedSubmission, private: list[Path]) -> dict:
    """Ask the canary's worker for compute_fans, one he_normal draw, and which ``private`` paths
    (none may be readable) and network sockets it reaches; return the isolation it reported, or
    raise ``EnvironmentProblem``."""
    try:
        fans = submission.plain_call("initializers", "compute_fans", [3, 3, 4, 5])
        [draw] = submission.initializer("he_normal", (64, 32), 0)
        reach = submission.plain_call("initializers", "canary_reach", [str(path) for path in private])
    except (WorkerStartError, SubmissionError) as error:
        raise EnvironmentProblem(f"{NOTHING_GRADED}: {error}") from None
    if fans != [36, 45] or draw.values.shape != (64, 32) or not np.isfinite(draw.values).all():
        raise EnvironmentProblem(f"{NOTHING_GRADED}: the reference answered wrongly in its worker ({fans})")
    level = submission.isolation.get("level", "")
    if level != "trusted" and (reach["readable"] or reach["network"]):
        reached = reach["readable"] + (["a network socket"] if reach["network"] else [])
        raise EnvironmentProblem(
            f"{NOTHING_GRADED}: at isolation level {level!r} a worker could open {reached}. Make the kit, the "
            "reports folder and the secret readable only by their owner (chmod -R go-rwx), or grade where Landlock "
            "or namespaces are available"
        )
    return submission.isolation
