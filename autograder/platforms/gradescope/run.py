"""Grading one Gradescope submission, inside Gradescope's container (``run_autograder``).

    run(root=/autograder) -> exit status          check() -> exit status (the end of ``setup.sh``)
    locate_submission(upload, scratch) -> what to grade of an upload
    student_id_from_metadata(path) -> "12345" (Gradescope's user id; ids joined by "+" for a group)

``run`` grades ``/autograder/submission`` exactly as ``initgrade grade`` grades a submission (the same
batch, canary and sandbox), with the seed of the student named by ``submission_metadata.json`` under
the course secret in ``/autograder/source``, and writes ``/autograder/results/results.json``
(``GradingResults.to_gradescope``). ``run_autograder`` has already written a results.json saying that
nothing was graded; it stays unless grading finishes. When the grader itself fails, the results.json
says so, gives no points and lists no tests, and the exit status is 1.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

from autograder import batch
from autograder.grading.load import MAX_BYTES, check_student_id
from autograder.platforms.gradescope.bundle import SECRET_FILE
from autograder.reference import solutions_dir
from autograder.release.stubs import encoded, render_stubs
from autograder.reports.gradescope import write_results_json
from autograder.results import GradingResults
from autograder.sandbox.confine import EnvironmentProblem
from autograder.sandbox.resources import NotEnoughMemory
from autograder.secret import read_secret_file

ROOT = Path("/autograder")
MODULES = ("initializers.py", "training.py")
NOTEBOOK = ".ipynb"


def run(root: Path = ROOT) -> int:
    """Grade ``root/submission`` into ``root/results/results.json``; 0 when it was graded, 1 when the
    grader failed (the results.json then says so)."""
    results_file = root / "results" / "results.json"
    metadata = root / "submission_metadata.json"
    try:
        student_id = student_id_from_metadata(metadata)
        secret = read_secret_file(root / "source" / SECRET_FILE)
    except (OSError, ValueError) as error:
        return _grader_error(results_file, "unknown", f"the autograder's set-up is broken: {error}")
    with tempfile.TemporaryDirectory(prefix="initgrade-gradescope-") as scratch:
        scratch = Path(scratch)
        try:
            submission = locate_submission(root / "submission", scratch / "upload")
            outcome = batch.grade_batch(
                [(submission, student_id)],
                scratch / "graded",
                secret=secret,
                workers=1,
                private=[root / "source", root / "results", metadata, root / "submission"],
            )
        except (EnvironmentProblem, NotEnoughMemory, OSError, ValueError) as problem:
            return _grader_error(results_file, student_id, str(problem))
        [results] = outcome.results
        write_results_json(results, results_file)
    for line in outcome.internal_errors:
        print(f"internal error: {line}", file=sys.stderr)
    print(f"{student_id}: {results.total:g} / {results.possible:g} ({results.isolation.get('level', '')})")
    return 0 if results.graded else 1


def _grader_error(results_file: Path, student_id: str, reason: str) -> int:
    print(f"the autograder failed, so nothing was graded: {reason}", file=sys.stderr)
    write_results_json(GradingResults(student_id=student_id, grader_error=reason), results_file)
    return 1


def student_id_from_metadata(path: Path) -> str:
    """The Gradescope user id of the submitter (for a group, every member's, sorted, joined by
    "+"): what the student's hidden seed derives from. ``ValueError`` saying what is malformed."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    users = data.get("users") if isinstance(data, dict) else None
    ids = [user.get("id") for user in users if isinstance(user, dict)] if isinstance(users, list) else []
    if not ids or any(isinstance(i, bool) or not isinstance(i, (int, str)) or str(i) == "" for i in ids):
        raise ValueError(f"{path} must hold 'users', a list of objects each with an 'id'; received {str(users)[:120]}")
    return check_student_id("+".join(sorted(str(i) for i in ids)), origin=str(path))


def locate_submission(upload: Path, scratch: Path) -> Path:
    """What to grade of a Gradescope upload (the folder, or its only subfolder when it holds nothing
    else): the folder itself when it holds ``initializers.py`` or ``training.py`` written by the
    student (files left as the release made them do not count), else its one notebook (or
    ``initialization.ipynb`` among several), else its one .zip: the zip itself, or the one notebook
    it holds, extracted into ``scratch``. Anything else is graded as the folder, and every test
    then says what is missing."""
    top = _unwrapped(upload)
    files = {p.name: p for p in sorted(top.iterdir()) if p.is_file() and not p.is_symlink() and p.name[0] != "."}
    stubs = render_stubs()
    if any(name in files and files[name].read_bytes() != encoded(stubs[name]) for name in MODULES):
        return top
    notebooks = [p for name, p in files.items() if name.lower().endswith(NOTEBOOK)]
    if notebooks:
        named = [p for p in notebooks if p.name == "initialization.ipynb"]
        return (named or notebooks)[0] if len(notebooks) == 1 or named else top
    archives = [p for name, p in files.items() if name.lower().endswith(".zip")]
    if len(archives) == 1:
        return _notebook_in_zip(archives[0], scratch) or archives[0]
    return top


def _unwrapped(folder: Path) -> Path:
    entries = [p for p in folder.iterdir() if p.name[0] != "." and p.name != "__MACOSX"]
    if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
        return entries[0]
    return folder


def _notebook_in_zip(archive: Path, scratch: Path) -> Path | None:
    """The one notebook of a zip that holds no Python file, extracted into ``scratch`` (at most
    ``MAX_BYTES`` read); None otherwise, or when it is not a readable zip (loading it says so)."""
    try:
        with zipfile.ZipFile(archive) as opened:
            names = [i for i in opened.infolist() if not i.is_dir() and "__MACOSX" not in i.filename]
            notebooks = [i for i in names if i.filename.lower().endswith(NOTEBOOK)]
            if len(notebooks) != 1 or any(i.filename.endswith(".py") for i in names):
                return None
            scratch.mkdir(parents=True, exist_ok=True)
            target = scratch / "submission.ipynb"
            with opened.open(notebooks[0]) as source, target.open("wb") as copy:
                read = 0
                while chunk := source.read(2**20):
                    read += len(chunk)
                    if read > MAX_BYTES:
                        return None
                    copy.write(chunk)
            return target
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return None


def check() -> int:
    """The end of ``setup.sh``: grade the reference once, as a submission, and expect every point;
    1 (with the reason on stderr) otherwise."""
    with tempfile.TemporaryDirectory(prefix="initgrade-check-") as scratch:
        reference = Path(scratch) / "reference"
        reference.mkdir()
        for name in MODULES:
            shutil.copy(solutions_dir() / name, reference / name)
        try:
            outcome = batch.grade_batch([reference], Path(scratch) / "graded", seed=0, workers=1)
        except (EnvironmentProblem, NotEnoughMemory) as problem:
            print(f"the grader cannot run here: {problem}", file=sys.stderr)
            return 1
    [results] = outcome.results
    level = results.isolation.get("level", "")
    print(f"the reference, graded at isolation level {level}: {results.total:g} / {results.possible:g}")
    if not results.graded or results.total != results.possible:
        failed = [test.name for test in results.tests if not test.passed][:5]
        print(f"the reference did not get every point: {results.grader_error or failed}", file=sys.stderr)
        return 1
    return 0
