"""The course secret, from which every student's hidden seed derives (``batch.student_seed``).

It comes from a file the instructor keeps (``--secret-file``, or an nbgrader course's
``initgrade_secret``) or from the ``INITGRADE_SECRET`` environment variable.
"""

from __future__ import annotations

from pathlib import Path

SECRET_VARIABLE = "INITGRADE_SECRET"


def read_secret_file(path: Path) -> str:
    """The secret held in ``path``, surrounding whitespace removed; ``ValueError`` if it is empty (an
    ``OSError`` if it cannot be read)."""
    secret = Path(path).read_text(encoding="utf-8").strip()
    if not secret:
        raise ValueError(f"the secret file {path} is empty")
    return secret
