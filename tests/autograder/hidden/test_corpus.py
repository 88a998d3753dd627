"""The grader against a corpus of student submissions (tests/corpus/): every plausible mistake in
wrong/ loses points on the function it breaks, with feedback naming it where the mistake has a
classic diagnosis; every correct implementation in right/, however written, scores full marks.

An entry appends its SOURCE to one reference module, replacing the functions it redefines. The
whole corpus is graded once, by a batch of two judges (``graded_corpus`` in tests/autograder/conftest.py),
and the environment tests compare every other isolation level with that grading."""

import runpy
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
WRONG = sorted((CORPUS / "wrong").glob("*.py"))
RIGHT = sorted((CORPUS / "right").glob("*.py"))


def test_the_corpus_is_large_enough():
    assert len(WRONG) >= 30 and len(RIGHT) >= 10, (len(WRONG), len(RIGHT))


@pytest.mark.parametrize("path", WRONG, ids=[p.stem for p in WRONG])
def test_a_mistake_loses_points_where_it_is(path, graded_corpus):
    entry, results = runpy.run_path(str(path)), graded_corpus.of(f"wrong-{path.stem}")
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
def test_a_correct_implementation_scores_full_marks(path, graded_corpus):
    results = graded_corpus.of(f"right-{path.stem}")
    assert results.total == results.possible, [(t.name, t.output) for t in results.tests if not t.passed]
