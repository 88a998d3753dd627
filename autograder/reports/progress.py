"""The progress of a batch on stderr, drawn by tqdm: how many submissions are graded, the rate,
the time left, and the last student's score.

On a terminal it is tqdm's bar, redrawn in place. Anywhere else (a CI log, a file) a bar redrawn
with carriage returns would pile up into one unreadable line, so each graded submission writes one
plain line with the same figures, formatted by ``tqdm.format_meter``.
"""

from __future__ import annotations

import time

from tqdm import tqdm

from autograder.results import GradingResults

UNIT = "submission"
LOG_LINE = "{n_fmt}/{total_fmt} graded [{elapsed} elapsed, {remaining} left, {rate_fmt}]{postfix}"


def last_graded(results: GradingResults) -> str:
    """``"last s001: 120/149.5"``, or ``"last s001: grader error"`` when it was not graded."""
    score = f"{results.total:g}/{results.possible:g}" if results.graded else "grader error"
    return f"last {results.student_id}: {score}"


class Progress:
    """``update(done, total, results)`` after each submission (``batch.grade_batch``'s
    ``progress``), ``finish()`` at the end."""

    def __init__(self, stream):
        self._stream = stream
        self._live = stream.isatty()
        self._started = time.monotonic()
        self._bar: tqdm | None = None

    def update(self, done: int, total: int, results: GradingResults) -> None:
        if not self._live:
            elapsed = time.monotonic() - self._started
            line = tqdm.format_meter(done, total, elapsed, unit=UNIT, bar_format=LOG_LINE, postfix=last_graded(results))
            self._stream.write(line + "\n")
            self._stream.flush()
            return
        if self._bar is None:
            self._bar = tqdm(
                total=total, file=self._stream, unit=UNIT, desc="graded", dynamic_ncols=True, mininterval=0
            )
            self._bar.start_t -= time.monotonic() - self._started  # the first submission's time counts too
        self._bar.set_postfix_str(last_graded(results), refresh=False)
        self._bar.update(done - self._bar.n)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.close()
