"""The progress of ``initgrade grade``: one plain line per submission off a terminal, tqdm's bar on
one; both with the rate and the time left."""

import io

import pytest

from autograder.reports import progress
from autograder.reports.progress import Progress
from autograder.results import GradingResults, TestResult


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Clock:
    """``time.monotonic`` for the progress module: advances 2 s per reading after the first."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        value = self.now
        self.now += 2.0
        return value


@pytest.mark.parametrize(
    "grader_error, last",
    [("", "last ann: 1.5/2"), ("1 hidden test failed inside the grader: OSError", "last ann: grader error")],
    ids=["graded", "grader-error"],
)
def test_off_a_terminal_each_submission_gets_one_line_with_rate_time_left_and_score(monkeypatch, grader_error, last):
    monkeypatch.setattr(progress.time, "monotonic", Clock())
    stream = io.StringIO()
    results = GradingResults("ann", [TestResult("he: a", 1.5, 2)], grader_error=grader_error)
    Progress(stream).update(1, 4, results)  # started at 100 s, first submission done at 102 s
    line = stream.getvalue()
    assert line.count("\n") == 1 and line.endswith("\n") and "\r" not in line, f"not one plain line: {line!r}"
    for part in ("1/4 graded", "00:02 elapsed", "00:06 left", "2.00s/submission", last):
        assert part in line, f"{part!r} missing from {line!r}"


def test_off_a_terminal_a_batch_writes_a_line_per_submission_and_nothing_at_the_end():
    stream = io.StringIO()
    show = Progress(stream)
    for done in (1, 2, 3):
        show.update(done, 3, GradingResults(f"s{done}", [TestResult("he: a", 1, 1)]))
    show.finish()
    lines = stream.getvalue().splitlines()
    assert [line.split(" graded")[0] for line in lines] == ["1/3", "2/3", "3/3"], f"written: {stream.getvalue()!r}"
    assert lines[-1].endswith("last s3: 1/1"), f"last line: {lines[-1]!r}"


def test_on_a_terminal_the_bar_is_redrawn_in_place_and_ends_with_a_newline():
    stream = Terminal()
    show = Progress(stream)
    for done in (1, 2):
        show.update(done, 2, GradingResults(f"s{done}", grader_error="worker did not start"))
    show.finish()
    written = stream.getvalue()
    frames = [frame for frame in written.split("\r") if frame.strip()]
    assert written.endswith("\n") and "\n" not in written[:-1], f"the bar must stay on one line: {written!r}"
    assert any("1/2" in frame and "last s1: grader error" in frame for frame in frames), f"frames: {frames!r}"
    assert "2/2" in frames[-1] and "last s2: grader error" in frames[-1] and "100%" in frames[-1], f"frames: {frames!r}"
