"""The folders a platform writes into: new, empty, or made by the kit before (its mark file)."""

from __future__ import annotations

from pathlib import Path


def made_by_kit(folder: Path, mark: str, *, what: str) -> bool:
    """Whether ``folder`` holds the file ``mark``, left there when the kit made it; ``ValueError`` for a
    folder that is not empty and has no such mark (what it holds may be someone's work). ``what``
    names the kind of folder in the message, e.g. ``"a course made by initgrade"``."""
    folder = Path(folder)
    made = (folder / mark).is_file()
    if folder.is_dir() and any(folder.iterdir()) and not made:
        raise ValueError(f"{folder} is not empty and is not {what}; give a new or empty folder")
    return made
