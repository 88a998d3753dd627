"""Write a file so that readers see either the old or the whole new content, never a part."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes, *, mode: int = 0o666) -> Path:
    """Write ``data`` to a temporary sibling of ``path``, then rename it over ``path``; the file is
    made with ``mode`` (less the umask), so a private file is never readable by others, even briefly.
    An ``OSError`` (a full disk, a read-only file system) names ``path``, not the temporary file, and
    leaves ``path`` as it was."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError as error:
        raise type(error)(error.errno, error.strerror, str(path)) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return path


def write_text_atomic(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8 (newlines as given, on every platform) with ``write_bytes_atomic``."""
    return write_bytes_atomic(path, text.encode("utf-8"))


def write_text_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` like ``write_text_atomic`` unless ``path`` already holds exactly that text (then
    the file, and its modification time, stay as they are); return whether it was written."""
    path = Path(path)
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: write it
    write_bytes_atomic(path, data)
    return True
