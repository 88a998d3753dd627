"""The course secret, from which every student's hidden seed derives (``batch.student_seed``).

It comes from a file the instructor keeps (``--secret-file``, or an nbgrader course's
``initgrade_secret``) or from the ``INITGRADE_SECRET`` environment variable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

SECRET_VARIABLE = "INITGRADE_SECRET"


def read_secret_file(path: Path) -> str:
    """The secret held in ``path``, surrounding whitespace removed; ``ValueError`` if it is empty (an
    ``OSError`` if it cannot be read)."""
    secret = Path(path).read_text(encoding="utf-8").strip()
    if not secret:
        raise ValueError(f"the secret file {path} is empty")
    return secret


def given_secret(secret_file: Path | None) -> str:
    """The secret the instructor gave: read from ``secret_file`` when there is one (see
    ``read_secret_file``), else the ``INITGRADE_SECRET`` environment variable, else ``""``."""
    if secret_file is not None:
        return read_secret_file(secret_file)
    return os.environ.get(SECRET_VARIABLE, "")


def new_secret() -> str:
    """A new random course secret: 32 random bytes as 64 hexadecimal digits."""
    return secrets.token_hex(32)


def write_secret_file(path: Path, secret: str) -> Path:
    """Create ``path`` holding ``secret``, readable and writable by its owner only (mode 600);
    ``FileExistsError`` rather than replace a file there (it may hold the secret of graded work)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secret + "\n")
    return Path(path)
