"""Hostile submissions (tests/hostile/) against the sandbox and the judge.

An entry appends SOURCE to one module of the unfinished student release, where every function raises
NotImplementedError (an honest grade of 0), and says in ATTACK what it tries. Whatever it does, grading
must end without an internal error, award no point the plain stubs do not earn, show no secret in any
feedback (reference code, hidden tests, grader code, another student's file, a secret next to the output)
nor the "ATTACK-SUCCEEDED" an attack writes when it sees itself succeed, change no file outside the
worker, and pass the entry's CHECK. Two variants:

* VICTIMS: SOURCE goes into the reference solution instead, redefining those functions only; every test
  of every other function must still pass (the attack costs its own points, no more);
* ``ATTACKING = True`` in SOURCE: the entry is also graded with ``ATTACKING = False``, an honest twin
  returning the same numbers as plain types, and must not pass a test its twin fails.

Placeholders in SOURCE (__SOLUTIONS__, __HIDDEN__, __KIT__, __OUT__, __OTHER__, __ID__, __MARKER__,
__TCP__, __UDP__) are filled in when the submission is built. Entries are graded two at a time in forked
judge processes, each keeping one Grader with short deadlines; the entries checked "output_untouched"
are graded together, with an honest student, by one run of the initgrade command.
"""

import concurrent.futures
import contextlib
import csv
import hashlib
import json
import multiprocessing
import multiprocessing.util
import os
import re
import runpy
import shutil
import socket
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy
import pytest

from autograder.grading import HIDDEN_DIR, Grader
from autograder.isolated import Deadlines
from autograder.reference import ASSIGNMENT_DIR, KIT_ROOT, SOLUTIONS_DIR
from autograder.results import TestResult

HOSTILE = Path(__file__).resolve().parent.parent / "hostile"
ENTRIES = {path.stem: runpy.run_path(str(path)) for path in sorted(HOSTILE.glob("*.py"))}
CLI_ENTRIES = [name for name, entry in ENTRIES.items() if entry.get("CHECK") == "output_untouched"]
QUICK = Deadlines(call=3, budget=30)
SUCCEEDED = "ATTACK-SUCCEEDED"
HIDDEN_TESTS = [line for p in HIDDEN_DIR.glob("hidden_*.py") for line in p.read_text().splitlines()]
SECRETS = ["### BEGIN SOLUTION", "class _SuitePlugin", *(s for s in HIDDEN_TESTS if s.startswith("def test_"))]
SITE, STDLIB = Path(numpy.__file__).parent.parent, Path(os.__file__).parent
WATCHED = [Path(p) for p in ("/", "/tmp", "/var/tmp", "/dev/shm", "/root", "/work", "/etc")]
WATCHED += [KIT_ROOT, KIT_ROOT / "autograder", SOLUTIONS_DIR, SITE, SITE / "numpy", STDLIB, Path(sys.executable).parent]
PLANTED = [SITE / "sitecustomize.py", SITE / "usercustomize.py", STDLIB / "sitecustomize.py", Path(numpy.__file__)]
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # as reports.junit.printable
MAX_JUDGE_GROWTH = 2**30  # bytes; the largest legitimate reply is a few MB


@dataclass(repr=False)
class Case:
    """One entry made into a submission, and what its checks need."""

    name: str
    entry: dict
    folder: Path
    root: Path  # the folder holding the submission, the output folder and another student's submission
    marker: str
    secrets: list
    guarded: list  # files and folders no attack may change
    tcp: socket.socket | None = None
    udp: socket.socket | None = None
    before: dict | None = None  # the fingerprint before grading

    def __repr__(self) -> str:
        return f"Case({self.name!r}, {str(self.folder)!r})"

    def fingerprint(self) -> dict:
        files = [p for g in self.guarded for p in ([g] if g.is_file() else sorted(g.rglob("*"))) if p.is_file()]
        return {
            "guarded": {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files},
            "planted": {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in PLANTED if p.exists()},
            "site-packages": sorted(os.listdir(SITE)),
        }


@dataclass(repr=False)
class Outcome:
    tests: list
    errors: list
    peak: int = 0  # how far the judge's peak memory rose while grading, bytes

    def __repr__(self) -> str:
        return f"Outcome({len(self.tests)} tests, {self.total:g} points, {len(self.errors)} internal errors)"

    @property
    def total(self) -> float:
        return sum(test.score for test in self.tests)


def write_submission(folder: Path, module: str, source: str, *, base: Path = ASSIGNMENT_DIR) -> Path:
    folder.mkdir(parents=True)
    for name in ("initializers", "training"):
        shutil.copy(base / f"{name}.py", folder / f"{name}.py")
    with (folder / f"{module}.py").open("a") as stream:
        stream.write("\n\n# --- hostile code ---\n" + source)
    return folder


def make_case(name: str, root: Path, out: Path, other: Path, secret: str, guarded: list) -> Case:
    entry, marker = ENTRIES[name], f"98765.{zlib.crc32(name.encode()):010d}"  # a number `sleep` accepts
    case = Case(name, entry, root / "subs" / name, root, marker, [*SECRETS, secret], guarded)
    ports = {"__TCP__": "9", "__UDP__": "9"}
    if entry.get("CHECK") == "no_network":
        case.tcp = socket.create_server(("127.0.0.1", 0))
        case.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        case.udp.bind(("127.0.0.1", 0))
        ports = {"__TCP__": str(case.tcp.getsockname()[1]), "__UDP__": str(case.udp.getsockname()[1])}
    places = {"__SOLUTIONS__": SOLUTIONS_DIR, "__HIDDEN__": HIDDEN_DIR, "__KIT__": KIT_ROOT, "__OUT__": out}
    places.update({"__OTHER__": other, "__ID__": name, "__MARKER__": marker, **ports})
    source = entry["SOURCE"]
    for placeholder, value in places.items():
        source = source.replace(placeholder, str(value))
    base = SOLUTIONS_DIR if entry.get("VICTIMS") else ASSIGNMENT_DIR
    write_submission(case.folder, entry["MODULE"], source, base=base)
    if "ATTACKING = True" in source:
        twin = source.replace("ATTACKING = True", "ATTACKING = False")
        write_submission(root / "twins" / name, entry["MODULE"], twin, base=base)
    return case


def make_root(root: Path, secret: str) -> tuple[Path, Path]:
    """``root/out`` with a secret next to the reports, and another student's submission holding one."""
    (root / "out").mkdir(parents=True)
    (root / "out" / "secret.txt").write_text(secret + "\n")
    other = write_submission(root / "subs" / "bob", "initializers", f"# {secret}\n")
    return root / "out", other


# -- run in the judge processes --------------------------------------------------------------------

_grader = None


def _start_judge() -> None:
    global _grader
    import torch

    torch.set_num_threads(1)  # a forked child must not use the OpenMP pool this process may have started
    warnings.resetwarnings()  # judge as the initgrade command does, not with this run's warnings-as-errors
    _grader = Grader(deadlines=QUICK)
    multiprocessing.util.Finalize(_grader, _grader.close, exitpriority=10)


def _memory(key: str) -> int:
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith(key))
    return int(line.split()[1]) * 1024


def _judge(folder: Path) -> Outcome:
    Path("/proc/self/clear_refs").write_text("5")  # the peak (VmHWM) starts again from the current size
    before = _memory("VmRSS")
    results, run = _grader.grade(folder, seed=0)
    return Outcome(results.tests, run.internal_errors, _memory("VmHWM") - before)


def _initgrade(submissions: list, out: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "autograder", "grade", *map(str, submissions), "--out", str(out)]
    command += ["--seed", "0", "--workers", "1"]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)


# -- grading the corpus ----------------------------------------------------------------------------


class Graded:
    """The cases and their grading jobs; each accessor waits for its job."""

    def __init__(self, cases: dict, jobs: dict, cli_root: Path, cli_names: list):
        self.cases, self._jobs, self.cli_root, self.cli_names = cases, jobs, cli_root, cli_names

    @property
    def cli(self) -> subprocess.CompletedProcess:
        return self._jobs["cli"].result()

    def baseline(self, name: str) -> Outcome:
        """The honest twin's grade if the entry has one, else the plain stubs'."""
        return self._jobs.get(f"{name}~twin", self._jobs["stubs"]).result()

    def outcome(self, name: str) -> Outcome:
        if name not in CLI_ENTRIES:
            return self._jobs[name].result()
        report = self.cli_root / "out" / name / "results.json"
        assert report.is_file(), f"initgrade wrote no {report} (exit {self.cli.returncode}): {self.cli.stderr[-3000:]}"
        entries = json.loads(report.read_text())["tests"]
        tests = [TestResult(t["name"], t["score"], t["max_score"], t["output"]) for t in entries]
        errors = self.cli.stderr.split("initgrade grade: internal error: ")
        return Outcome(tests, [error for error in errors if error.startswith(f"{name}: ")])


@pytest.fixture(scope="module")
def graded(request, tmp_path_factory):
    test = test_a_hostile_submission_gains_nothing_and_harms_nothing.__name__
    wanted = {item.callspec.params["name"] for item in request.session.items if item.originalname == test}
    cli_names = [name for name in CLI_ENTRIES if name in wanted]
    cli_root, cli_secret = tmp_path_factory.mktemp("cli"), "SECRET-initgrade-batch"
    cli_out, bob = make_root(cli_root, cli_secret)
    guarded = [cli_out / "secret.txt", cli_root / "subs"]  # initgrade writes the rest of cli_out
    cases = {name: make_case(name, cli_root, cli_out, bob, cli_secret, guarded) for name in cli_names}
    for name in wanted - set(CLI_ENTRIES):
        root, secret = tmp_path_factory.mktemp(name), f"SECRET-{name}"
        cases[name] = make_case(name, root, *make_root(root, secret), secret, [root])
    for case in cases.values():
        case.before = case.fingerprint()
    stubs = write_submission(tmp_path_factory.mktemp("stubs") / "stubs", "initializers", "")
    context = multiprocessing.get_context("fork")  # the judges inherit this module; nothing is imported twice
    pool = concurrent.futures.ProcessPoolExecutor(2, mp_context=context, initializer=_start_judge)
    try:
        jobs = {"stubs": pool.submit(_judge, stubs)}
        if cli_names:
            jobs["cli"] = pool.submit(_initgrade, [*(cases[n].folder for n in cli_names), bob], cli_out)
        for name in sorted(cases.keys() - set(CLI_ENTRIES)):
            jobs[name] = pool.submit(_judge, cases[name].folder)
            if (cases[name].root / "twins" / name).is_dir():
                jobs[f"{name}~twin"] = pool.submit(_judge, cases[name].root / "twins" / name)
        yield Graded(cases, jobs, cli_root, cli_names)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for sock in [s for case in cases.values() for s in (case.tcp, case.udp) if s is not None]:
            sock.close()


# -- the checks an entry may name ------------------------------------------------------------------


def _command_line(process: Path) -> str:
    try:
        return (process / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:  # gone meanwhile, or not a process
        return ""


def no_process(case: Case, outcome: Outcome, graded: Graded) -> None:
    alive = [f"{p.name}: {_command_line(p)}" for p in Path("/proc").iterdir() if case.marker in _command_line(p)]
    assert not alive, f"processes started by the submission outlived its grading: {alive}"


def no_file(case: Case, outcome: Outcome, graded: Graded) -> None:
    made = [str(p) for folder in WATCHED if folder.is_dir() for p in folder.iterdir() if case.marker in p.name]
    made += [str(p) for p in case.root.rglob(f"*{case.marker}*")]
    planted = [str(p) for p in PLANTED if p.exists() and case.marker in p.read_text(errors="replace")]
    assert not made and not planted, f"files written outside the worker: {made}; hooks planted: {planted}"


def no_network(case: Case, outcome: Outcome, graded: Graded) -> None:
    reached = []
    case.tcp.settimeout(0.5)
    case.udp.setblocking(False)
    with contextlib.suppress(TimeoutError):
        connection, peer = case.tcp.accept()
        reached.append(f"a TCP connection from {peer}")
        connection.close()
    with contextlib.suppress(BlockingIOError):
        reached.append(f"the UDP datagram {case.udp.recvfrom(100)}")
    assert not reached, f"the submission reached the network: {reached}"


def output_untouched(case: Case, outcome: Outcome, graded: Graded) -> None:
    done, out = graded.cli, graded.cli_root / "out"
    finished = done.returncode in (0, 1) and "reports written to" in done.stdout  # 1: an internal error somewhere
    assert finished, f"initgrade did not finish the batch (exit {done.returncode}): {done.stderr[-3000:]}"
    report = json.loads((out / case.name / "results.json").read_text())
    assert report["score"] == 0, f"results.json gives {report['score']} points"
    unprintable = {hex(ord(c)) for t in report["tests"] for c in t["output"] if UNPRINTABLE.match(c)}
    assert not unprintable, f"results.json passes on characters the other reports remove: {sorted(unprintable)}"
    rows = {row["student_id"]: row["score"] for row in csv.DictReader((out / "grades.csv").read_text().splitlines())}
    assert rows == {name: "0" for name in [*graded.cli_names, "bob"]}, f"grades.csv: {rows}"
    assert sorted(os.listdir(graded.cli_root)) == ["out", "subs"], os.listdir(graded.cli_root)
    made = [str(p) for p in graded.cli_root.rglob(f"*{case.marker}*")]
    assert not made, f"files the submission forged next to the reports: {made}"
    for path in (p for p in out.rglob("*") if p.is_file() and p.name != "secret.txt"):
        text = path.read_text(errors="replace")
        leaked = [secret for secret in case.secrets if secret in text]
        assert not leaked, f"{path.relative_to(out)} shows secrets: {leaked}"
        if path.suffix in (".html", ".xml", ".svg"):
            assert "<script" not in text.lower(), f"{path.relative_to(out)} holds a <script> element"
        if path.suffix == ".xml":
            ET.parse(path)  # still well-formed XML
    assert not [s for s in case.secrets if s in done.stdout], f"initgrade's table shows a secret: {done.stdout}"


def judge_memory(case: Case, outcome: Outcome, graded: Graded) -> None:
    assert outcome.peak < MAX_JUDGE_GROWTH, f"the judge's memory rose by {outcome.peak / 2**30:.2f} GiB while grading"


CHECKS = {f.__name__: f for f in (no_process, no_file, no_network, output_untouched, judge_memory)}


# -- the tests -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ENTRIES), ids=list(ENTRIES))
def test_a_corpus_entry_is_well_formed(name):
    entry = ENTRIES[name]
    assert isinstance(entry.get("ATTACK"), str) and entry["ATTACK"].endswith("."), "ATTACK: one sentence"
    assert entry.get("MODULE") in ("initializers", "training"), entry.get("MODULE")
    assert isinstance(entry.get("SOURCE"), str) and entry["SOURCE"].strip(), "SOURCE: the student's code"
    assert entry.get("CHECK") in (None, *CHECKS), f"CHECK must be one of {sorted(CHECKS)}"
    assert all(isinstance(v, str) for v in entry.get("VICTIMS", ())), "VICTIMS: a tuple of function names"
    compile(entry["SOURCE"], name, "exec")


@pytest.mark.parametrize("name", list(ENTRIES), ids=list(ENTRIES))
def test_a_hostile_submission_gains_nothing_and_harms_nothing(name, graded):
    case, outcome = graded.cases[name], graded.outcome(name)
    failures = sorted({f"{e.splitlines()[0][:100]} ... {e.strip().splitlines()[-1][:200]}" for e in outcome.errors})
    assert not failures, f"the judge failed (internal errors, first and last line each): {failures}"
    shown = [
        (t.name, secret, t.output[max(t.output.index(secret) - 100, 0) :][:300])
        for t in outcome.tests
        for secret in [*case.secrets, SUCCEEDED]
        if secret in t.output
    ]
    assert not shown, f"the feedback shows secrets or an attack's success: {shown}"
    victims = case.entry.get("VICTIMS")
    if victims:
        broken = [(t.name, t.output[:200]) for t in outcome.tests if t.function not in victims and not t.passed]
        assert not broken, f"the attack on {victims} cost points elsewhere: {broken}"
        assert any(not t.passed for t in outcome.tests if t.function in victims), "the attack did not run"
    else:
        baseline = graded.baseline(name)
        earned = {t.name for t in baseline.tests if t.passed}
        gained = [(t.name, t.output[:200]) for t in outcome.tests if t.passed and t.name not in earned]
        assert not gained and outcome.total <= baseline.total, f"points gained over an honest submission: {gained}"
        assert len(outcome.tests) == len(baseline.tests), "the hidden suite did not grade every test"
    assert case.fingerprint() == case.before, "files outside the worker changed"
    if "CHECK" in case.entry:
        CHECKS[case.entry["CHECK"]](case, outcome, graded)
