"""Score the public tests of this repository for GitHub Classroom, on every push.

Written by ``initgrade classroom`` into the assignment's template repository as
``.github/classroom/grade.py`` and run by ``.github/workflows/classroom.yml``::

    python .github/classroom/grade.py

It runs the public tests in ``tests/`` with pytest, in a child process (so that nothing the tested
code does, from an endless loop to a crash of the interpreter, keeps a result from being written),
gives each test the points that ``points.json`` beside this file assigns it (each function's points
spread over the public tests that check it), prints the points function by function, and appends
``result=<base64 JSON>`` to the file named by ``$GITHUB_OUTPUT`` in the format that
classroom-resources/autograding-grading-reporter reads: ``version`` 1, ``status`` (``pass``,
``fail`` or ``error``), ``max_score`` and one entry per test with ``name``, ``status``, ``score``,
``message``, ``filename``, ``line_no``, ``execution_time`` and ``test_code``. A test file that cannot
be collected (a syntax error in the code it imports, say) gives each of its tests 0 points and the
reason. It exits 0 whatever the tests do, so that the reporter runs.

These points are feedback on the public tests: the grade comes from the instructor's hidden tests.
Only the Python standard library and pytest are used here.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the repository: this file is .github/classroom/grade.py
POINTS = HERE / "points.json"
TIME_LIMIT = 600.0  # seconds for the whole public test run
MESSAGE_LIMIT = 500  # characters of a failure message kept


def main(argv: list[str] | None = None) -> int:
    """Run the tests, score them and write the result; 0 unless the call itself is wrong."""
    parser = argparse.ArgumentParser(description="Score the public tests for GitHub Classroom.")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: two folders up)")
    parser.add_argument("--points", type=Path, default=POINTS, help="the points table (default: points.json here)")
    parser.add_argument(
        "--time-limit", type=float, default=TIME_LIMIT, help=f"seconds for the whole run (default: {TIME_LIMIT:g})"
    )
    parser.add_argument("--record", type=Path, help=argparse.SUPPRESS)  # the child process: run pytest
    args = parser.parse_args(argv)
    if args.record is not None:
        return run_pytest(args.root, args.record)
    try:
        table = read_points(args.points)
    except (OSError, ValueError) as error:
        result = broken_result(f"the points table {args.points} could not be read: {error}")
    else:
        try:
            outcome = run_tests(args.root, args.time_limit)
            result = score(table, outcome)
            print(summary(table, result, outcome))
        except Exception as error:  # whatever fails here, the reporter still gets a result saying so
            result = broken_result(f"the grading script failed: {type(error).__name__}: {error}")
    write_result(result)
    return 0


def read_points(path: Path) -> dict:
    """The points table: ``{"max_score": M, "tests": [{"nodeid": ..., "line": N, "points": P, "shares":
    {function: points}}, ...]}``, where a test's points are the sum of its shares of the functions it checks."""
    table = json.loads(Path(path).read_text(encoding="utf-8"))
    tests = table.get("tests") if isinstance(table, dict) else None
    if not isinstance(tests, list) or not all(
        isinstance(test, dict) and isinstance(test.get("nodeid"), str) and isinstance(test.get("shares"), dict)
        for test in tests
    ):
        raise ValueError("it must hold a list 'tests' of entries with a 'nodeid' and 'shares'")
    return table


class Outcome:
    """What the pytest child reported: reports per test, collection errors per file, and why it stopped."""

    def __init__(self):
        self.reports: dict[str, list[dict]] = {}
        self.collect_errors: dict[str, str] = {}
        self.finished = False
        self.stopped = ""  # why the run ended early, if it did

    def add(self, record: dict) -> None:
        if record.get("kind") == "test":
            self.reports.setdefault(record["nodeid"], []).append(record)
        elif record.get("kind") == "collect":
            self.collect_errors[record["nodeid"]] = record["message"]
        elif record.get("kind") == "end":
            self.finished = True


def run_tests(root: Path, time_limit: float) -> Outcome:
    """Run pytest on ``root``'s tests in a child process, for at most ``time_limit`` seconds."""
    outcome = Outcome()
    with tempfile.TemporaryDirectory(prefix="classroom-grade-") as scratch:
        record = Path(scratch) / "records.jsonl"
        record.touch()
        command = [sys.executable, str(Path(__file__).resolve()), "--root", str(root), "--record", str(record)]
        child = subprocess.Popen(command, cwd=root, start_new_session=True)
        try:
            status = child.wait(timeout=time_limit)
        except subprocess.TimeoutExpired:
            _kill(child)
            outcome.stopped = f"the public tests were stopped at the time limit of {time_limit:g} s"
        else:
            if status not in (0, 1):
                outcome.stopped = f"pytest stopped with exit status {status}"
        for line in record.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                outcome.add(json.loads(line))
            except (ValueError, KeyError, AttributeError):
                continue  # a line cut short when the child was stopped
    if not outcome.finished and not outcome.stopped:
        outcome.stopped = "pytest ended before the run was complete"
    return outcome


def _kill(child: subprocess.Popen) -> None:
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except OSError:
        child.kill()
    child.wait()


def score(table: dict, outcome: Outcome) -> dict:
    """The reporter's result: each test of ``table`` with its status, score and message."""
    tests = [_score_test(test, outcome) for test in table["tests"]]
    statuses = {test["status"] for test in tests}
    status = "error" if "error" in statuses else "fail" if "fail" in statuses else "pass"
    return {"version": 1, "status": status, "max_score": table.get("max_score", 0), "tests": tests}


def _score_test(test: dict, outcome: Outcome) -> dict:
    nodeid = test["nodeid"]
    filename = nodeid.split("::", 1)[0]
    short = nodeid.split("::", 1)[-1]
    reports = outcome.reports.get(nodeid, [])
    seconds = sum(report.get("duration", 0.0) for report in reports)
    failed = [report for report in reports if report["outcome"] == "failed"]
    skipped = [report for report in reports if report["outcome"] == "skipped"]
    passed = any(report["when"] == "call" and report["outcome"] == "passed" for report in reports)
    if failed:
        status, message = "fail", _failure(failed[0])
    elif skipped:
        status, message = "fail", f"skipped, so no points: {skipped[0]['message']}"
    elif passed:
        status, message = "pass", None
    elif filename in outcome.collect_errors:
        status = "error"
        message = f"{short} did not run: {filename} could not be collected: {outcome.collect_errors[filename]}"
    elif reports or outcome.stopped:
        status, message = "error", f"{short} did not finish: {outcome.stopped or 'it has no result'}"
    else:
        status, message = "error", f"{short} was not found: the public tests were renamed or removed"
    points = float(test.get("points", 0.0))
    return {
        "name": f"{', '.join(test['shares']) or 'no function'}: {short}",
        "status": status,
        "score": points if status == "pass" else 0.0,
        "message": message,
        "filename": filename,
        "line_no": int(test.get("line", 0)),
        "execution_time": f"{seconds:.2f}s",
        "test_code": "",
    }


def _failure(report: dict) -> str:
    where = "" if report["when"] == "call" else f"error in {report['when']}: "
    return where + report["message"]


def summary(table: dict, result: dict, outcome: Outcome) -> str:
    """The points function by function, then why tests earned none: each file that could not be
    collected once, and each other test that did not pass with its message."""
    functions: dict[str, list[float]] = {}
    for test, scored in zip(table["tests"], result["tests"]):
        for function, share in test["shares"].items():
            earned, possible = functions.setdefault(function, [0.0, 0.0])
            functions[function] = [earned + (share if scored["status"] == "pass" else 0.0), possible + share]
    width = max((len(name) for name in functions), default=8)
    lines = ["Points of the public tests, by function:"]
    lines += [f"  {name:<{width}}  {earned:6.2f} / {possible:6.2f}" for name, (earned, possible) in functions.items()]
    total = sum(test["score"] for test in result["tests"])
    lines.append(f"  {'total':<{width}}  {total:6.2f} / {result['max_score']:6.2f}")
    missed = [test for test in result["tests"] if test["status"] != "pass"]
    if missed:
        lines.append(f"\n{len(missed)} of {len(result['tests'])} public tests earned no points.")
    for filename, reason in outcome.collect_errors.items():
        count = sum(test["filename"] == filename for test in missed)
        lines.append(f"{filename} could not be collected, so its {count} tests did not run:\n      {reason}")
    listed = [test for test in missed if test["filename"] not in outcome.collect_errors]
    lines += [f"  {test['name']}\n      {test['message']}" for test in listed]
    lines.append(
        "\nThese points are feedback from the public tests; your grade comes from the instructor's hidden tests."
    )
    return "\n".join(lines)


def broken_result(message: str) -> dict:
    """A result saying the grading itself could not run (no test was scored)."""
    test = {"name": "grading", "status": "error", "score": 0.0, "message": message}
    test.update(filename="", line_no=0, execution_time="0.00s", test_code="")
    return {"version": 1, "status": "error", "max_score": 0, "tests": [test]}


def write_result(result: dict) -> None:
    """Append ``result=<base64 JSON>`` to ``$GITHUB_OUTPUT`` (printed instead when it is not set)."""
    encoded = base64.b64encode(json.dumps(result, separators=(",", ":")).encode("utf-8")).decode("ascii")
    output = os.environ.get("GITHUB_OUTPUT")
    if not output:
        print(f"GITHUB_OUTPUT is not set, so the result is printed here:\nresult={encoded}")
        return
    with open(output, "a", encoding="utf-8") as file:
        file.write(f"result={encoded}\n")


class _Recorder:
    """A pytest plugin in the child: appends one JSON line per report as it happens, so the parent keeps
    every result reached before a crash or the time limit."""

    def __init__(self, path: Path, root: Path):
        self._file = open(path, "a", encoding="utf-8")  # open for the whole run, closed at its end
        self._root = str(Path(root).resolve()) + os.sep

    def _write(self, record: dict) -> None:
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()

    def pytest_collectreport(self, report):
        if report.failed:
            message = _collect_message(report).replace(self._root, "")
            self._write({"kind": "collect", "nodeid": report.nodeid, "message": message})

    def pytest_runtest_logreport(self, report):
        message = ""
        if report.failed:
            crash = getattr(report.longrepr, "reprcrash", None)
            message = crash.message if crash is not None else str(report.longrepr)
        elif report.skipped and isinstance(report.longrepr, tuple):
            message = str(report.longrepr[2])
        record = {"kind": "test", "nodeid": report.nodeid, "when": report.when, "outcome": report.outcome}
        record.update(message=_clip(message.replace(self._root, "")), duration=report.duration)
        self._write(record)

    def pytest_sessionfinish(self, session, exitstatus):
        self._write({"kind": "end", "exitstatus": int(exitstatus)})
        self._file.close()


def _collect_message(report) -> str:
    """The lines of a collection error that say what went wrong (pytest's ``E`` lines), else its last line."""
    text = str(report.longrepr)
    said = [line[1:].strip() for line in text.splitlines() if line.startswith("E ") and line[1:].strip(" ^")]
    return _clip(" ".join(said) if said else text.strip().splitlines()[-1] if text.strip() else "no reason given")


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 3] + "..."


def run_pytest(root: Path, record: Path) -> int:
    """The child process: run the public tests in ``root`` with the recorder; pytest's exit status."""
    import pytest

    arguments = ["tests", "--rootdir", str(root), "-p", "no:cacheprovider", "--continue-on-collection-errors"]
    started = time.monotonic()
    status = int(pytest.main([*arguments, "--tb=short", "-q"], plugins=[_Recorder(record, root)]))
    print(f"public tests ran in {time.monotonic() - started:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
