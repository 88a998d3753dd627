"""The grading-validity run: correct code never loses a point, whatever seed its student id draws,
and wrong code written the way real libraries and courses go wrong loses points in the function it
gets wrong.

    .venv/bin/python benchmarks/validity.py [--right 1000] [--wrong-seeds 3] [--workers 2] [--work DIR]

* Right: ``--right`` submissions ``right-0000``, ``right-0001``, ...: the first is the reference;
  every other one is the reference with a random set of the correct implementations of
  ``tests/corpus/right/`` in place of its own functions (entries that define the same names never
  together; the set drawn from the submission's number), so that every style (float32 and float64,
  NumPy and torch, loops, other formulas for the same distribution) is graded in many combinations.
* Wrong: every entry of ``tests/corpus/wrong/`` as ``--wrong-seeds`` submissions ``wrong-<entry>-<k>``.

All of them are graded by ``initgrade``'s batch under one course secret, so each student id has its
own seed, shapes and data, as in a class. A right submission that loses any point, a wrong one that
keeps every point of the function its entry names (``LOSES``), and a submission the grader failed on
are misjudged: the run lists them and exits 1. ``DIR/validity.json`` keeps every verdict.
"""

from __future__ import annotations

import argparse
import ast
import json
import runpy
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
SECRET = "validity run: a fixed course secret, so that every run grades the same seeds"


@dataclass(frozen=True)
class Entry:
    """One corpus entry: the module it changes, the source appended to it, the names it defines, and
    the function it must lose points in (None for a correct implementation)."""

    name: str
    module: str
    source: str
    defines: frozenset
    loses: str | None


def read_entry(path: Path) -> Entry:
    code = runpy.run_path(str(path))
    defined = {node.name for node in ast.parse(code["SOURCE"]).body if isinstance(node, ast.FunctionDef)}
    return Entry(path.stem, code["MODULE"], code["SOURCE"], frozenset(defined), code.get("LOSES"))


def corpus(kind: str) -> list[Entry]:
    return [read_entry(path) for path in sorted((CORPUS / kind).glob("*.py"))]


def combination(right: list[Entry], number: int) -> list[Entry]:
    """The correct implementations submission ``number`` uses: none for 0, else each entry with
    probability 1/2 in an order drawn from ``number``, skipping one that redefines a name already taken."""
    if number == 0:
        return []
    rng = np.random.default_rng(number)
    chosen, taken = [], set()
    for index in rng.permutation(len(right)):
        entry = right[index]
        if rng.random() < 0.5 and not (entry.defines & taken):
            chosen.append(entry)
            taken |= entry.defines
    return sorted(chosen, key=lambda entry: entry.name)


def write_submission(folder: Path, entries: list[Entry]) -> None:
    """The reference's modules with each entry's source appended to its module, as a student's file."""
    folder.mkdir(parents=True)
    for module in ("initializers", "training"):
        text = (ROOT / "solutions" / f"{module}.py").read_text()
        for entry in entries:
            if entry.module == module:
                text += f"\n\n# --- {entry.name} ---\n{entry.source}"
        (folder / f"{module}.py").write_text(text)


def make_submissions(work: Path, right: list[Entry], wrong: list[Entry], *, right_count: int, wrong_seeds: int) -> dict:
    """Write every submission under ``work/submissions``: ``right_count`` combinations of the
    ``right`` entries, each ``wrong`` entry ``wrong_seeds`` times. Return, per student id, what it
    holds and what it must score."""
    folder = work / "submissions"
    shutil.rmtree(folder, ignore_errors=True)
    plan = {}
    for number in range(right_count):
        entries = combination(right, number)
        plan[f"right-{number:04d}"] = {"expect": "full marks", "entries": [e.name for e in entries]}
        write_submission(folder / f"right-{number:04d}", entries)
    for entry in wrong:
        for k in range(wrong_seeds):
            student = f"wrong-{entry.name}-{k}"
            plan[student] = {"expect": f"loses points in {entry.loses}", "entries": [entry.name], "loses": entry.loses}
            write_submission(folder / student, [entry])
    return plan


def misjudgement(results, expected: dict) -> str:
    """Why ``results`` is not what ``expected`` says, or "" when it is."""
    if not results.graded:
        return f"the grader failed: {results.grader_error}"
    failed = [test for test in results.tests if not test.passed]
    if "loses" not in expected:
        lost = "; ".join(f"{test.name}: {test.output[:300]}" for test in failed)
        return f"lost {results.possible - results.total:g} points: {lost}" if failed else ""
    if any(test.function == expected["loses"] for test in failed):
        return ""
    elsewhere = ", ".join(test.name for test in failed) or "nothing"
    return f"kept every point of {expected['loses']} (lost points in: {elsewhere})"


def grade(work: Path, plan: dict, workers: int) -> list:
    from autograder.batch import grade_batch

    sources = [work / "submissions" / student for student in plan]
    outcome = grade_batch(sources, work / "graded", secret=SECRET, workers=workers, force=True)
    return outcome.results


def report(plan: dict, results: list, seconds: float) -> tuple[str, dict]:
    verdicts = {r.student_id: misjudgement(r, plan[r.student_id]) for r in results}
    right = [s for s in plan if s.startswith("right-")]
    wrong = [s for s in plan if s.startswith("wrong-")]
    misjudged = {student: why for student, why in verdicts.items() if why}
    lines = [
        f"graded {len(results)} submissions in {seconds:.0f} s ({seconds / max(len(results), 1):.2f} s each)",
        f"right: {len(right)} submissions, {sum(1 for s in right if not verdicts[s])} kept full marks",
        f"wrong: {len(wrong)} submissions of {len({plan[s]['entries'][0] for s in wrong})} entries, "
        f"{sum(1 for s in wrong if not verdicts[s])} lost points in their own function",
        f"misjudged: {len(misjudged)}",
        *(
            f"  {student} ({', '.join(plan[student]['entries']) or 'the reference'}): {why}"
            for student, why in misjudged.items()
        ),
    ]
    seeds = {r.student_id: r.seed for r in results}
    record = {
        student: {**plan[student], "seed": seeds.get(student), "misjudged": verdicts.get(student)} for student in plan
    }
    return "\n".join(lines), record


def parse(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--right", type=int, default=1000, help="number of correct submissions (default 1000)")
    parser.add_argument("--wrong-seeds", type=int, default=3, help="submissions per wrong entry (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="judges grading at once (default 2)")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "validity-run", help="working folder (default validity-run/)"
    )
    arguments = parser.parse_args(argv)
    for name in ("right", "wrong_seeds", "workers"):
        if getattr(arguments, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1; received {getattr(arguments, name)}")
    return arguments


def main(argv=None) -> int:
    arguments = parse(argv)
    arguments.work.mkdir(parents=True, exist_ok=True)
    counts = {"right_count": arguments.right, "wrong_seeds": arguments.wrong_seeds}
    plan = make_submissions(arguments.work, corpus("right"), corpus("wrong"), **counts)
    started = time.perf_counter()
    results = grade(arguments.work, plan, arguments.workers)
    text, record = report(plan, results, time.perf_counter() - started)
    (arguments.work / "validity.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    print(text)
    return 1 if any(entry["misjudged"] for entry in record.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
