"""Grade submissions with the kit's Grader in whatever environment this process runs in (root,
root without CAP_SYS_ADMIN, an unprivileged user with or without user namespaces), for the kit's
tests. Not a test module: ``python environment_runner.py REQUEST.json OUTCOME.json``.

REQUEST: {"submissions": [folder, ...], "private": [path, ...], "call": s, "budget": s, "judges": n}
OUTCOME: {"canary": isolation, or {"error": message}, "graded": {folder: {"tests": [[name, score,
max_score, output], ...], "errors": [...], "peak": bytes, "isolation": {...}}}}
"""

import concurrent.futures
import json
import multiprocessing
import multiprocessing.util
import sys
import warnings
from pathlib import Path

from autograder.grading import Grader
from autograder.sandbox.launcher import Deadlines

_grader = None


def _start_judge(private, deadlines) -> None:
    global _grader
    import torch

    torch.set_num_threads(1)
    warnings.resetwarnings()
    _grader = Grader(private=[Path(p) for p in private], deadlines=Deadlines(**deadlines))
    multiprocessing.util.Finalize(_grader, _grader.close, exitpriority=10)


def _memory(key: str) -> int:
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith(key))
    return int(line.split()[1]) * 1024


def _judge(folder: str) -> dict:
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from the current size
    before = _memory("VmRSS")
    results, run = _grader.grade(Path(folder), seed=0)
    return {
        "tests": [[t.name, t.score, t.max_score, t.output] for t in results.tests],
        "errors": run.internal_errors,
        "peak": _memory("VmHWM") - before,
        "isolation": results.isolation,
    }


def main(request_path: str, outcome_path: str) -> None:
    request = json.loads(Path(request_path).read_text())
    deadlines = {"call": request["call"], "budget": request["budget"]}
    outcome = {"graded": {}}
    with Grader(private=[Path(p) for p in request["private"]]) as grader:
        try:
            outcome["canary"] = grader.check_environment()
        except RuntimeError as error:
            outcome["canary"] = {"error": str(error)}
    if "error" not in outcome["canary"]:
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(
            request["judges"], mp_context=context, initializer=_start_judge, initargs=(request["private"], deadlines)
        ) as pool:
            futures = {folder: pool.submit(_judge, folder) for folder in request["submissions"]}
            outcome["graded"] = {folder: future.result() for folder, future in futures.items()}
    Path(outcome_path).write_text(json.dumps(outcome))


if __name__ == "__main__":
    main(*sys.argv[1:])
