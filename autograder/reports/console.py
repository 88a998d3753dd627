"""What the ``initgrade`` commands print after grading: the table of students (``format_table``),
and on stderr the students the grader failed on (``grader_error_lines``) and those whose submission
could not be loaded (``unloadable_lines``).

In the table, a student on whom the grader failed shows ``GRADER ERROR`` instead of a score, and
the first line of what failed instead of the functions that lost points; a submission that could not
be loaded shows its 0 and its status and reason."""

from __future__ import annotations

from autograder.results import GradingResults
from autograder.text import printable

GRADER_ERROR = "GRADER ERROR"


def format_table(all_results: list[GradingResults]) -> str:
    """One line per student, by student id: the score and the functions that lost points."""
    width = max([len("student"), *(len(r.student_id) for r in all_results)])
    lines = [f"{'student':<{width}}  {'score':>13}  lost points in"]
    for results in sorted(all_results, key=lambda r: r.student_id):
        if results.graded:
            lost = [name for name, (score, possible) in results.by_function().items() if score < possible]
            score, summary = f"{results.total:>6g}/{results.possible:<6g}", ", ".join(lost) if lost else "-"
            if results.unloadable:
                summary = f"not loaded ({results.unloadable}): {_first_line(results.unloadable_reason)}"
        else:
            score, summary = f"{GRADER_ERROR:>13}", _first_line(results.grader_error)
        lines.append(f"{results.student_id:<{width}}  {score}  {summary}")
    return "\n".join(lines)


def _first_line(text: str) -> str:
    lines = printable(text).strip().splitlines()
    return lines[0] if lines else "no reason given"


def unloadable_lines(command: str, all_results: list[GradingResults]) -> list[str]:
    """The students whose submission could not be loaded, with status and reason, by student id;
    nothing when there are none."""
    unloadable = sorted((r for r in all_results if r.unloadable), key=lambda r: r.student_id)
    if not unloadable:
        return []
    lines = [
        f"{command}: {len(unloadable)} submission(s) could not be loaded; none of their code ran and they "
        "score 0 (the student must hand in again):"
    ]
    return lines + [f"  {r.student_id}: {r.unloadable}: {_first_line(r.unloadable_reason)}" for r in unloadable]


def grader_error_lines(command: str, grader_errors: list[tuple[str, str]], internal_errors: list[str]) -> list[str]:
    """The students the grader failed on (``(student id, reason)``) and why, then each internal
    error's traceback; nothing when there are none."""
    lines = []
    if grader_errors:
        lines.append(
            f"{command}: the grader failed on {len(grader_errors)} submission(s); "
            "they were not graded and will be graded again on the next run:"
        )
        lines += [f"  {student_id}: {reason}" for student_id, reason in grader_errors]
    return lines + [f"{command}: internal error: {error}" for error in internal_errors]
