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
__TCP__, __UDP__) are filled in when the submission is built. The whole corpus is graded in every
environment a grader runs in (benchmarks/environments.py: root, root without CAP_SYS_ADMIN, an ordinary user
with and without user namespaces): entries two at a time by ``environment_runner.py``'s judges, each
keeping one Grader with short deadlines; the entries checked "output_untouched" together, with an
honest student, by one run of the initgrade command.
"""

import ast
import concurrent.futures
import contextlib
import csv
import hashlib
import json
import os
import re
import runpy
import shutil
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy
import pytest

from autograder.grading.suite import HIDDEN_DIR
from autograder.reference import ASSIGNMENT_DIR, KIT_ROOT, SOLUTIONS_DIR
from autograder.results import TestResult
from autograder.sandbox.launcher import Deadlines

#: the one script a report may hold: the class summary's own table sorting, as its template writes it
SUMMARY_SCRIPT = re.search(
    r"<script>.*?</script>",
    (KIT_ROOT / "autograder" / "reports" / "templates" / "summary.html").read_text(encoding="utf-8"),
    re.DOTALL,
).group(0)

HOSTILE = Path(__file__).resolve().parents[2] / "hostile"
ENTRIES = {path.stem: runpy.run_path(str(path)) for path in sorted(HOSTILE.glob("*.py"))}
CLI_ENTRIES = [name for name, entry in ENTRIES.items() if entry.get("CHECK") == "output_untouched"]
QUICK = Deadlines(call=3, budget=30)
ENVIRONMENT_NAMES = ["root", "container", "user", "user-no-userns", "container-own-python"]  # one per level
SUCCEEDED = "ATTACK-SUCCEEDED"
HIDDEN_TESTS = [line for p in HIDDEN_DIR.glob("hidden_*.py") for line in p.read_text().splitlines()]
SECRETS = ["### BEGIN SOLUTION", "class _SuitePlugin", *(s for s in HIDDEN_TESTS if s.startswith("def test_"))]
SITE, STDLIB = Path(numpy.__file__).parent.parent, Path(os.__file__).parent
WATCHED = [Path(p) for p in ("/", "/tmp", "/var/tmp", "/dev/shm", "/root", "/work", "/etc")]
WATCHED += [KIT_ROOT, KIT_ROOT / "autograder", SOLUTIONS_DIR, SITE, SITE / "numpy", STDLIB, Path(sys.executable).parent]
PLANTED = [SITE / "sitecustomize.py", SITE / "usercustomize.py", STDLIB / "sitecustomize.py", Path(numpy.__file__)]
WROTE = re.compile(r"wrote (\[[^\]]*\])")  # the list of paths a hostile entry says it wrote into
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


def make_root(root: Path, secret: str, *, owner: int) -> tuple[Path, Path]:
    """``root/out`` (``owner``'s, for the reports) with a secret next to the reports, and another
    student's submission holding one."""
    (root / "out").mkdir(parents=True)
    os.chown(root / "out", owner, owner)
    (root / "out" / "secret.txt").write_text(secret + "\n")
    other = write_submission(root / "subs" / "bob", "initializers", f"# {secret}\n")
    return root / "out", other


# -- grading the corpus in one environment ---------------------------------------------------------


def _judged(environment, folders: dict[str, Path], private: list[Path]) -> dict[str, Outcome]:
    """Every folder graded by ``environment_runner.py`` in ``environment``, two judges at a time;
    the outcomes by the names ``folders`` gives them."""
    exchange = environment.folder("exchange")
    request = {"submissions": [str(f) for f in folders.values()], "private": [str(p) for p in private], "judges": 2}
    (exchange / "request.json").write_text(json.dumps({**request, "call": QUICK.call, "budget": QUICK.budget}))
    runner = Path(__file__).resolve().parents[1] / "environment_runner.py"
    done = environment.run([runner, exchange / "request.json", exchange / "outcome.json"], timeout=1500)
    assert done.returncode == 0, f"the runner failed in {environment.name}: {done.stderr[-3000:]}"
    outcome = json.loads((exchange / "outcome.json").read_text())
    assert "error" not in outcome["canary"], f"the canary failed in {environment.name}: {outcome['canary']}"
    assert outcome["canary"]["level"] == environment.level, f"{environment.name} reached {outcome['canary']}"
    graded = {name: outcome["graded"][str(folder)] for name, folder in folders.items()}
    return {name: Outcome([TestResult(*t) for t in g["tests"]], g["errors"], g["peak"]) for name, g in graded.items()}


def _initgrade(environment, submissions: list, out: Path) -> subprocess.CompletedProcess:
    arguments = ["-m", "autograder", "grade", *submissions, "--out", out, "--seed", "0", "--workers", "1"]
    return environment.run(arguments, timeout=900)


class Graded:
    """The cases of one environment and their grades."""

    def __init__(self, cases: dict, judged: dict, cli, cli_root: Path, cli_names: list):
        self.cases, self._judged, self._cli, self.cli_root, self.cli_names = cases, judged, cli, cli_root, cli_names

    @property
    def cli(self) -> subprocess.CompletedProcess:
        return self._cli.result()

    def baseline(self, name: str) -> Outcome:
        """The honest twin's grade if the entry has one, else the plain stubs'."""
        return self._judged.result().get(f"{name}~twin", self._judged.result()["stubs"])

    def outcome(self, name: str) -> Outcome:
        if name not in CLI_ENTRIES:
            return self._judged.result()[name]
        done, report = self.cli, self.cli_root / "out" / name / "results.json"  # waits for the batch
        assert report.is_file(), f"initgrade wrote no {report} (exit {done.returncode}): {done.stderr[-3000:]}"
        entries = json.loads(report.read_text())["tests"]
        tests = [TestResult(t["name"], t["score"], t["max_score"], t["output"]) for t in entries]
        errors = done.stderr.split("initgrade grade: internal error: ")
        return Outcome(tests, [error for error in errors if error.startswith(f"{name}: ")])


@pytest.fixture(scope="module", params=ENVIRONMENT_NAMES)
def graded(request, environments):
    """Every wanted entry graded in one environment: most by the runner's judges, the entries
    checked "output_untouched" by one run of the initgrade command beside them."""
    environment = environments[request.param]
    test = test_a_hostile_submission_gains_nothing_and_harms_nothing.__name__
    mine = [item.callspec.params for item in request.session.items if item.originalname == test]
    wanted = {params["name"] for params in mine if params["graded"] == request.param}
    cli_names = [name for name in CLI_ENTRIES if name in wanted]
    cli_root, cli_secret = environment.folder("cli"), "SECRET-initgrade-batch"
    cli_out, bob = make_root(cli_root, cli_secret, owner=environment.uid)
    guarded = [cli_out / "secret.txt", cli_root / "subs"]  # initgrade writes the rest of cli_out
    cases = {name: make_case(name, cli_root, cli_out, bob, cli_secret, guarded) for name in cli_names}
    for name in wanted - set(CLI_ENTRIES):
        root, secret = environment.folder(name), f"SECRET-{name}"
        cases[name] = make_case(name, root, *make_root(root, secret, owner=environment.uid), secret, [root])
    for case in cases.values():
        case.before = case.fingerprint()
    folders = {"stubs": write_submission(environment.folder("stubs") / "stubs", "initializers", "")}
    for name in sorted(cases.keys() - set(CLI_ENTRIES)):
        folders[name] = cases[name].folder
        if (cases[name].root / "twins" / name).is_dir():
            folders[f"{name}~twin"] = cases[name].root / "twins" / name
    private = [case.root / "out" for case in cases.values()]
    both = concurrent.futures.ThreadPoolExecutor(2)
    try:
        judged = both.submit(_judged, environment, folders, private)
        cli = both.submit(_initgrade, environment, [*(cases[n].folder for n in cli_names), bob], cli_out)
        yield Graded(cases, judged, cli, cli_root, cli_names)
    finally:
        both.shutdown(wait=True)
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


def _reported_folders(outcome: Outcome) -> list[Path]:
    """The absolute paths a submission's feedback says it "wrote [...]" into, as Python lists them."""
    lists = {found for t in outcome.tests for found in WROTE.findall(t.output)}
    return sorted({Path(p) for found in lists for p in ast.literal_eval(found) if os.path.isabs(p)})


def no_file(case: Case, outcome: Outcome, graded: Graded) -> None:
    """Nothing with the case's marker on the host, looked for there: in the watched folders, in every
    folder the worker says it wrote into (under /tmp it cannot tell its private folders from the host's),
    and in the folders of the case."""
    looked = dict.fromkeys([*WATCHED, *_reported_folders(outcome)])
    made = [str(p) for folder in looked if folder.is_dir() for p in folder.iterdir() if case.marker in p.name]
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
            text = text.replace(SUMMARY_SCRIPT, "") if path.name == "summary.html" else text
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
