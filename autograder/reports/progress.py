"""The progress line ``initgrade grade`` shows while a batch is graded."""

from __future__ import annotations

from autograder.results import GradingResults

WIDTH = 30


class Progress:
    """A bar redrawn in place on a terminal; one line per submission anywhere else (CI logs)."""

    def __init__(self, stream):
        self._stream = stream
        self._live = stream.isatty()

    def update(self, done: int, total: int, results: GradingResults) -> None:
        filled = WIDTH * done // total
        last = f"{results.total:g}/{results.possible:g}" if results.graded else "grader error"
        line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} graded; last {results.student_id}: {last}"
        if self._live:
            self._stream.write("\r\x1b[K" + line)
        else:
            self._stream.write(line + "\n")
        self._stream.flush()

    def finish(self) -> None:
        if self._live:
            self._stream.write("\n")
            self._stream.flush()
