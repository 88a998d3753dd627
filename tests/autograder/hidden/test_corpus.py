"""The grader against a corpus of student submissions (tests/corpus/): every plausible mistake in
wrong/ loses points on the function it breaks, with feedback naming it where the mistake has a
classic diagnosis; every correct implementation in right/, however written, scores full marks.

An entry appends its SOURCE to one reference module, replacing the functions it redefines."""

import runpy
import shutil
from pathlib import Path

import pytest

from autograder.reference import SOLUTIONS_DIR

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
WRONG = sorted((CORPUS / "wrong").glob("*.py"))
RIGHT = sorted((CORPUS / "right").glob("*.py"))


def grade_entry(path: Path, folder: Path, grader):
    entry = runpy.run_path(str(path))
    for module in ("initializers", "training"):
        shutil.copy(SOLUTIONS_DIR / f"{module}.py", folder / f"{module}.py")
    with (folder / f"{entry['MODULE']}.py").open("a") as stream:
        stream.write("\n\n# --- the student's version ---\n" + entry["SOURCE"])
    results, run = grader.grade(folder, seed=0)
    assert not run.internal_errors, run.internal_errors
    return entry, results


def test_the_corpus_is_large_enough():
    assert len(WRONG) >= 30 and len(RIGHT) >= 10, (len(WRONG), len(RIGHT))


@pytest.mark.parametrize("path", WRONG, ids=[p.stem for p in WRONG])
def test_a_mistake_loses_points_where_it_is(path, tmp_path, grader):
    entry, results = grade_entry(path, tmp_path, grader)
    lost = [test for test in results.tests if not test.passed and test.function == entry["LOSES"]]
    assert results.total < results.possible and lost, (
        f"{path.stem} kept every point of {entry['LOSES']}; lost elsewhere: "
        f"{[t.name for t in results.tests if not t.passed]}"
    )
    if entry.get("FEEDBACK"):
        assert any(entry["FEEDBACK"] in test.output for test in lost), (
            f"no feedback on {entry['LOSES']} mentions {entry['FEEDBACK']!r}: {[t.output for t in lost]}"
        )


@pytest.mark.parametrize("path", RIGHT, ids=[p.stem for p in RIGHT])
def test_a_correct_implementation_scores_full_marks(path, tmp_path, grader):
    _, results = grade_entry(path, tmp_path, grader)
    assert results.total == results.possible, [(t.name, t.output) for t in results.tests if not t.passed]
