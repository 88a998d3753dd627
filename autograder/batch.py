"""Grading a batch of submissions into an output folder, in parallel, resumably.

grade_batch(sources, out, *, workers, seed | secret, force, trusted, written_scores):
    plan_batch (check every source, student ids)  -> read the written scores, if given (refused: nothing written)
    -> skip those already graded as they are now (unless force)
    -> check_memory(workers) and the canary (Grader.check_environment): else nothing is graded
    -> grade the rest with ``workers`` judge processes, each with one ``Grader``
    -> per student, as each finishes: DIR/<id>/results.json, feedback.html, grading.json
       (no grading.json when the grader failed on the submission: it is graded again next time)
    -> per student kept: results.json and feedback.html again, where the written scores changed them
    -> for the class: DIR/grades.csv, DIR/junit.xml, DIR/summary.html (+ pass_rates.csv, histogram)

Each student's hidden seed is ``student_seed(secret, id)`` unless one ``seed`` is given for all,
so an answer copied from one student's feedback does not fit another's tests; the seed is in
every report, and ``--seed`` reproduces it. Only this process writes outputs, each atomically.

Written answers: ``grading.json`` keeps the automatic grade alone, every written question pending.
Each run merges into every student's reports, kept or new, the scores of the written-scores file
it is given (``written_scores.py``); a question that file leaves empty, a student it has no row
for, and every student of a run without it, have those questions pending. So a changed file
updates the reports on the next run without grading the code again: a kept student's
results.json and feedback.html are rendered from the record and rewritten only if they changed.
"""

from __future__ import annotations

import concurrent.futures
import errno
import hashlib
import hmac
import json
import multiprocessing
import multiprocessing.util
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import threadpoolctl

from autograder.grading import Grader, written_questions
from autograder.grading.load import check_student_id, source_digest, student_id_for
from autograder.grading.suite import suite_fingerprint
from autograder.grading.written import read_written_scores
from autograder.mistakes import MISTAKES
from autograder.reports.atomic import write_text_atomic, write_text_if_changed
from autograder.reports.feedback_html import render_feedback, write_feedback_html
from autograder.reports.grades_csv import write_grades_csv
from autograder.reports.gradescope import render_results_json, write_results_json
from autograder.reports.junit import write_junit_xml
from autograder.reports.summary import write_class_summary
from autograder.results import GradingResults, ManualItem
from autograder.sandbox.confine import EnvironmentProblem
from autograder.sandbox.launcher import ForkServer
from autograder.sandbox.resources import check_memory, judges_that_fit

RECORD = "grading.json"  # per student: the whole result, to resume a batch
REASON_CAP = 300  # characters of an exception line kept in a grader error's reason
JUDGE_KILLED = (
    "the judge process grading this submission was killed from outside (as the out-of-memory killer "
    "kills), so it was not graded; it is graded again on the next run"
)
_WORDS = {  # how an OSError's errno reads in an OutputProblem
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system became read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


class OutputProblem(OSError):
    """The output folder could not be written (a full disk, a file system turned read-only, lost
    permissions): ``what`` failed, the students ``complete`` in it (reports and record written, or
    kept from an earlier run), the ``remaining`` ones. Every file written is whole; running the
    same command again keeps the complete students and grades the rest."""

    def __init__(self, error: OSError, *, out: Path, complete: list[str], remaining: list[str]):
        words = _WORDS.get(error.errno, (error.strerror or str(error)).lower())
        self.what = f"{words} writing {error.filename}"
        self.out, self.complete, self.remaining = out, sorted(complete), sorted(remaining)
        super().__init__(error.errno, self.what, error.filename)

    def lines(self, command: str) -> list[str]:
        """What the command prints: what failed, who is complete, and how to go on."""
        total = len(self.complete) + len(self.remaining)
        complete = ", ".join(self.complete) or "none"
        return [
            f"{command}: error: {self.what}",
            f"{command}: complete and kept in {self.out} ({len(self.complete)} of {total}): {complete}",
            f"{command}: not written ({len(self.remaining)}): {', '.join(self.remaining) or 'none'}",
            f"{command}: every file written is whole; make room (or make {self.out} writable) and run the "
            "same command again: it keeps the complete students and grades the others",
        ]


@dataclass
class BatchOutcome:
    results: list[GradingResults] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)  # "<id>: <test>: <traceback>" per failed test
    skipped: list[str] = field(default_factory=list)  # already graded, kept from an earlier run

    @property
    def grader_errors(self) -> list[tuple[str, str]]:
        """``(student_id, what failed)`` for every submission the grader failed on, by student id."""
        failed = [(results.student_id, results.grader_error) for results in self.results if not results.graded]
        return sorted(failed)


def student_seed(secret: str, student_id: str) -> int:
    """The hidden seed of one student: HMAC-SHA256 of the id under the course secret, 31 bits."""
    digest = hmac.new(secret.encode(), student_id.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") >> 1


def plan_batch(sources: list, out: Path) -> list[tuple[Path, str]]:
    """``(source, student_id)`` per submission, or ``ValueError`` naming every problem. A source is a
    path, whose name gives the student id, or a ``(path, student_id)`` pair (an nbgrader course keeps
    every student's notebook under the same name)."""
    if not sources:
        raise ValueError("no submissions given; pass submission folders, .zip files or .ipynb notebooks")
    problems, plan = [], []
    for item in sources:
        source, given = (Path(item[0]), item[1]) if isinstance(item, tuple) else (Path(item), None)
        if not source.exists():
            problems.append(f"{source}: no such file or folder")
            continue
        try:
            plan.append(
                (source, student_id_for(source) if given is None else check_student_id(given, origin=str(source)))
            )
        except ValueError as error:
            problems.append(str(error))
    ids = [student_id for _, student_id in plan]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        problems.append(f"student ids must be unique; repeated: {repeated}")
    out = Path(out).resolve()
    inside = [str(s) for s, _ in plan if out == s.resolve() or s.resolve() in out.parents]
    if inside:
        problems.append(f"--out must not be inside a submission; received {out} inside {inside}")
    if problems:
        raise ValueError("cannot grade this batch:\n  " + "\n  ".join(problems))
    return plan


def grade_batch(
    sources: list[Path],
    out: Path,
    *,
    seed: int | None = None,
    secret: str = "",
    workers: int | None = None,
    force: bool = False,
    trusted: bool = False,
    private: list[Path] = (),
    progress=None,
    server: ForkServer | None = None,
    written_scores: Path | None = None,
) -> BatchOutcome:
    """Grade every submission not graded yet and write all reports; see the module docstring.

    Before anyone is graded, the memory the judges need is checked and the canary goes through
    a worker (``Grader.check_environment``); either failing raises ``EnvironmentProblem`` or
    ``NotEnoughMemory``, and nothing is graded. ``trusted`` lets student code run with resource
    limits only where no isolation is available; ``workers`` defaults to the number of cores, or
    fewer when memory holds fewer judges; ``private`` paths (the secret file) are hidden
    from workers with the output folder and the submissions. ``progress(done, total, results)``
    is called after each submission. ``server``, a fork server already started, serves the judge
    if it runs in this process; the batch closes it either way. ``written_scores``, a CSV file
    (``autograder.grading.written``), gives the written answers' points; a ``ValueError`` refuses
    it before anything is written."""
    try:
        return _grade_batch(
            sources, Path(out), seed, secret, workers, force, trusted, private, progress, server, written_scores
        )
    finally:
        if server is not None:
            server.close()


def _grade_batch(
    sources, out: Path, seed, secret, workers, force, trusted, private, progress, server, written_scores
) -> BatchOutcome:
    plan = plan_batch(sources, out)
    questions = written_questions()
    scores = {}
    if written_scores is not None:
        scores = read_written_scores(written_scores, questions=questions, students=[sid for _, sid in plan])
    seeds = {sid: seed if seed is not None else student_seed(secret, sid) for _, sid in plan}
    digests = {sid: source_digest(source) for source, sid in plan}
    outcome, todo = BatchOutcome(), []
    for source, sid in plan:
        earlier = None if force else _earlier(out / sid / RECORD, seeds[sid], digests[sid])
        if earlier:
            outcome.results.append(_with_written(earlier, questions, scores))
            outcome.skipped.append(sid)
        else:
            todo.append((source, sid))
    kept, complete = list(outcome.results), list(outcome.skipped)
    private = [out, *private, *(source for source, _ in plan)]
    judges = min(workers or judges_that_fit(os.cpu_count() or 1), len(todo))
    try:
        out.mkdir(mode=0o700, parents=True, exist_ok=True)  # made by the grader: its own user's alone
        for graded, errors in _grade_all(todo, seeds, private, judges, trusted, server):
            results = _with_written(graded, questions, scores)
            _write_student(results, out / results.student_id, digests[results.student_id], record=graded)
            complete.append(results.student_id)
            outcome.results.append(results)
            outcome.internal_errors += [f"{results.student_id}: {error}" for error in errors]
            if progress:
                progress(len(outcome.results), len(plan), results)
        for results in kept:
            _refresh_student(results, out / results.student_id)
        outcome.results.sort(key=lambda r: r.student_id)
        write_grades_csv(outcome.results, out / "grades.csv")
        write_junit_xml(outcome.results, out / "junit.xml")
        write_class_summary(outcome.results, out, mistakes=MISTAKES)
    except OSError as error:
        if not _inside(error.filename, out):
            raise
        remaining = [sid for _, sid in plan if sid not in complete]
        raise OutputProblem(error, out=out, complete=complete, remaining=remaining) from error
    return outcome


def _inside(filename, folder: Path) -> bool:
    """Whether ``filename`` (an OSError's, maybe None) is ``folder`` or lies in it."""
    if not filename:
        return False
    path, folder = Path(os.fsdecode(filename)).absolute(), folder.absolute()
    return path == folder or folder in path.parents


def _earlier(record: Path, seed: int, digest: str) -> GradingResults | None:
    """The results kept by an earlier run, if they were made by this suite with this seed from the
    submission as it is now (``load.source_digest``) and are a grade (a result the grader failed on
    is never kept, even if a record of it exists)."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        if data.get("suite") != suite_fingerprint() or data["results"]["seed"] != seed or data["source"] != digest:
            return None
        earlier = GradingResults.from_record(data["results"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return earlier if earlier.graded else None


def grade_or_keep(source: Path, student_id: str, out: Path, *, seed: int, grader) -> GradingResults:
    """One submission's grade in the batch folder ``out``: the one an earlier run recorded, if it was
    made by this suite with this seed from the submission as it is now; else graded by ``grader()``
    (called only then) with its reports and record written as ``grade_batch`` writes them. The class
    reports are left as they are (the next ``grade_batch`` over ``out`` writes them)."""
    digest = source_digest(source)
    kept = _earlier(Path(out) / student_id / RECORD, seed, digest)
    if kept:
        return kept
    results, _ = _grade_one(grader(), Path(source), student_id, seed)
    Path(out).mkdir(mode=0o700, parents=True, exist_ok=True)
    _write_student(results, Path(out) / student_id, digest, record=results)
    return results


def _with_written(results: GradingResults, questions: list[ManualItem], scores: dict) -> GradingResults:
    """``results`` with today's written questions, scored as the written-scores file gives them for
    this student (every question pending if it has no row)."""
    return replace(results, manual=questions).with_written_scores(scores.get(results.student_id, {}))


def _refresh_student(results: GradingResults, folder: Path) -> None:
    """The reports of a student graded in an earlier run, rewritten only where they changed (new
    written scores): the files of an unchanged student keep their bytes and modification times."""
    write_text_if_changed(folder / "results.json", render_results_json(results))
    write_text_if_changed(folder / "feedback.html", render_feedback(results))


def _write_student(results: GradingResults, folder: Path, digest: str, *, record: GradingResults) -> None:
    """The reports of ``results``; and ``record`` (the grade without written scores) kept to resume."""
    write_results_json(results, folder / "results.json")
    write_feedback_html(results, folder / "feedback.html")
    if record.graded:  # a submission the grader failed on is graded again next time
        kept = {"suite": suite_fingerprint(), "source": digest, "results": record.to_record()}
        write_text_atomic(folder / RECORD, json.dumps(kept, indent=1) + "\n")
    else:
        (folder / RECORD).unlink(missing_ok=True)


def _grade_all(todo, seeds, private, workers: int, trusted: bool, server: ForkServer | None):
    """Yield ``(results, internal errors)`` per submission, in the order they finish, once the
    memory check and the canary have passed."""
    if not todo:
        return
    check_memory(workers)
    with Grader(private=private, trusted=trusted, server=server, preload=workers == 1) as grader:
        grader.check_environment()
        if workers == 1:
            for source, sid in todo:
                yield _grade_one(grader, source, sid, seeds[sid])
            return
    context = multiprocessing.get_context("spawn")
    while todo:
        started = context.SimpleQueue()  # each judge puts the id of every student it begins
        pool = concurrent.futures.ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start_judge, initargs=(private, trusted, started)
        )
        try:
            futures = {pool.submit(_judge, source, sid, seeds[sid]): (source, sid) for source, sid in todo}
            done, broken = set(), False
            for future in concurrent.futures.as_completed(futures):
                try:
                    graded = future.result()
                except concurrent.futures.BrokenExecutor:  # a judge process was killed
                    broken = True
                    break
                done.add(futures[future][1])
                yield graded
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        begun = set()
        while not started.empty():
            begun.add(started.get())
        started.close()
        if not broken:
            return
        if not begun and not done:
            raise EnvironmentProblem(
                "the judge processes ended before grading anything (killed from outside, or out of memory); "
                f"nothing more was graded; {len(todo)} submission(s) left"
            )
        # A judge was killed (the OOM killer, a person): those being graded then are grader errors,
        # the others are graded by a new pool.
        for sid in sorted(begun - done):
            yield GradingResults(sid, seed=seeds[sid], grader_error=JUDGE_KILLED), []
        todo = [(source, sid) for source, sid in todo if sid not in done and sid not in begun]


def _grade_one(grader: Grader, source: Path, student_id: str, seed: int):
    """``(results, internal errors)``: hidden tests that failed inside the grader make the whole
    submission a grader error (unless the grader already set one)."""
    results, run = grader.grade(source, seed=seed, student_id=student_id)
    if run.internal_errors and not results.grader_error:
        results.grader_error = grader_error_reason(run.internal_errors)
    return results, run.internal_errors


def grader_error_reason(internal_errors: list[str]) -> str:
    """One line for the reports: how many hidden tests failed inside the grader, and the exception
    that ended the first one (the first line of its traceback's final exception), for example
    ``"3 hidden tests failed inside the grader: KeyError: 'loss'"``."""
    count = len(internal_errors)
    tests = "1 hidden test" if count == 1 else f"{count} hidden tests"
    return f"{tests} failed inside the grader: {_final_exception(internal_errors[0])[:REASON_CAP]}"


def _final_exception(traceback_text: str) -> str:
    """The first line of the last exception in a formatted traceback: after its last ``Traceback
    (most recent call last):`` header, the first line that is neither empty nor indented (frames
    and source lines are indented; the exception line is not)."""
    lines = traceback_text.splitlines()
    headers = [i for i, line in enumerate(lines) if line.rstrip().endswith("Traceback (most recent call last):")]
    start = headers[-1] + 1 if headers else 0
    return next((line.strip() for line in lines[start:] if line.strip() and not line[0].isspace()), "no message")


_judge_grader: Grader | None = None


_judge_started = None


def _start_judge(private, trusted: bool, started) -> None:
    """In a judge process: one Grader (one fork server) for every submission it is given;
    ``started`` (a queue) gets the id of each student as its grading begins."""
    global _judge_grader, _judge_started
    _judge_started = started
    threadpoolctl.threadpool_limits(1)  # judges run side by side, one per core (torch: grading.preload)
    _judge_grader = Grader(private=private, trusted=trusted)
    multiprocessing.util.Finalize(_judge_grader, _judge_grader.close, exitpriority=10)


def _judge(source: Path, student_id: str, seed: int):
    _judge_started.put(student_id)
    return _grade_one(_judge_grader, source, student_id, seed)
