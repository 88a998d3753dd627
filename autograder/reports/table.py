"""The table ``initgrade grade`` prints: one line per student."""

from __future__ import annotations

from autograder.results import GradingResults


def format_table(all_results: list[GradingResults]) -> str:
    width = max([len("student"), *(len(r.student_id) for r in all_results)])
    lines = [f"{'student':<{width}}  {'score':>13}  lost points in"]
    for results in sorted(all_results, key=lambda r: r.student_id):
        lost = [name for name, (score, possible) in results.by_function().items() if score < possible]
        summary = ", ".join(lost) if lost else "-"
        lines.append(f"{results.student_id:<{width}}  {results.total:>6g}/{results.possible:<6g}  {summary}")
    return "\n".join(lines)
