"""The progress line of ``initgrade grade``: one line per submission off a terminal, a bar on one."""

import io

import pytest

from autograder.reports.progress import Progress
from autograder.results import GradingResults, TestResult


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    "grader_error, last",
    [("", "last ann: 1.5/2"), ("1 hidden test failed inside the grader: OSError", "last ann: grader error")],
    ids=["graded", "grader-error"],
)
def test_each_submission_gets_a_line_with_its_score_or_grader_error(grader_error, last):
    stream = io.StringIO()
    results = GradingResults("ann", [TestResult("he: a", 1.5, 2)], grader_error=grader_error)
    Progress(stream).update(1, 4, results)
    expected = f"[#######.......................] 1/4 graded; {last}\n"
    assert stream.getvalue() == expected, f"progress {stream.getvalue()!r}; expected {expected!r}"


def test_on_a_terminal_the_bar_is_redrawn_in_place_and_ends_with_a_newline():
    stream = Terminal()
    progress = Progress(stream)
    for done in (1, 2):
        progress.update(done, 2, GradingResults(f"s{done}", grader_error="worker did not start"))
    progress.finish()
    lines = stream.getvalue().split("\r\x1b[K")
    assert lines[1:] == [
        "[###############...............] 1/2 graded; last s1: grader error",
        "[##############################] 2/2 graded; last s2: grader error\n",
    ], f"written: {stream.getvalue()!r}"
