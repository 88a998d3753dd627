"""The similarity report: ``similarity.csv`` (every pair with shared code) and ``similarity.html``
(the pairs at or above the threshold, their shared regions marked side by side).

CSV columns: ``first, second, first_share, second_share, score, shared_tokens, above_threshold,
first_source, second_source, second_is_against``; ``first_share`` is the share of the first
submission's code found in the second, ``score`` the larger share, ``shared_tokens`` the larger
count of tokens in shared runs, ``above_threshold`` whether the pair is flagged (``flagged``); rows
by score, highest first. Both files are
written atomically.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from autograder.reports.atomic import write_text_atomic
from autograder.reports.templates import environment
from autograder.review.similarity import GUARANTEE, MIN_SHARED, NOISE, Comparison, Pair, flagged

HEADER = [
    "first",
    "second",
    "first_share",
    "second_share",
    "score",
    "shared_tokens",
    "above_threshold",
    "first_source",
    "second_source",
    "second_is_against",
]


def similarity_rows(comparison: Comparison) -> list[list[str]]:
    rows = [HEADER]
    for pair in comparison.pairs:
        rows.append(
            [
                pair.first.student_id,
                pair.second.student_id,
                f"{pair.first_share:.3f}",
                f"{pair.second_share:.3f}",
                f"{pair.score:.3f}",
                str(pair.shared_tokens),
                "yes" if flagged(pair, comparison.threshold) else "no",
                str(pair.first.source),
                str(pair.second.source),
                "yes" if pair.second.against else "no",
            ]
        )
    return rows


def segments(code: str, regions) -> list[tuple[str, bool]]:
    """``code`` cut into (text, shared) pieces at ``regions`` (start, end offsets, in order)."""
    pieces, at = [], 0
    for start, end in regions:
        start, end = max(start, at), min(end, len(code))
        if start >= end:
            continue
        if start > at:
            pieces.append((code[at:start], False))
        pieces.append((code[start:end], True))
        at = end
    if at < len(code):
        pieces.append((code[at:], False))
    return pieces


def _shown(pair: Pair) -> dict:
    return {
        "pair": pair,
        "first": segments(pair.first.code, pair.first_regions),
        "second": segments(pair.second.code, pair.second_regions),
    }


def write_similarity(comparison: Comparison, out: Path) -> tuple[Path, Path]:
    """Write ``out/similarity.csv`` and ``out/similarity.html``; return both paths."""
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n").writerows(similarity_rows(comparison))
    table = write_text_atomic(Path(out) / "similarity.csv", stream.getvalue())
    page = (
        environment()
        .get_template("similarity.html")
        .render(
            comparison=comparison,
            shown=[_shown(pair) for pair in comparison.shown()],
            above=len(comparison.above()),
            min_shared=MIN_SHARED,
            noise=NOISE,
            guarantee=GUARANTEE,
        )
    )
    return table, write_text_atomic(Path(out) / "similarity.html", page)
