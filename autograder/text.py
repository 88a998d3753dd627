"""Text for students: what their code printed made safe for every report (no terminal codes, no
characters that XML, JSON consumers or browsers refuse), and the kit's own sentences about how it
ran their code. A leaf: it imports nothing of the kit."""

from __future__ import annotations

import re

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
_NOT_XML_1_0 = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def printable(text: str) -> str:
    """``text`` without ANSI colour codes and with every character XML 1.0 forbids replaced by U+FFFD.

    Forbidden are NUL and the other C0 control characters except tab, newline and carriage return,
    lone surrogates, and U+FFFE/U+FFFF. Example: ``printable("\\x1b[31mred\\x00")`` is ``"red\\ufffd"``.
    The result is also safe to HTML-escape for a page (browsers treat these characters as errors)."""
    return _NOT_XML_1_0.sub("\ufffd", _ANSI_ESCAPE.sub("", text))


def sentence(text: str) -> str:
    """``text`` stripped and ending with a full stop (unless it already ends with ``.``, ``!`` or
    ``?``); empty stays empty. Example: ``sentence(" own PID namespace ")`` is ``"own PID namespace."``."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def grader_error_output(reason: str) -> str:
    """Gradescope's top-level output after a grader error: first that the 0 shown is not a grade,
    not the student's mistake, and that the submission will be graded again; then the reason."""
    return (
        "The autograder failed on this submission, so the 0 shown is not a grade and not your mistake; "
        f"your submission will be graded again. What failed: {sentence(printable(reason))}"
    )


HAND_IN = (
    "Hand in your initializers.py and training.py (the files, or a .zip holding them), or your notebook "
    "(.ipynb), saved as UTF-8 text."
)


def unloadable_output(reason: str) -> str:
    """Gradescope's top-level output for a submission that could not be loaded: that the 0 is not a
    grade of the student's code (none of it ran), why, and what to hand in."""
    return (
        "Your submission could not be loaded, so none of your code ran and the 0 shown is not a grade of "
        f"your code. Why: {sentence(printable(reason))} {HAND_IN}"
    )


def isolation_statement(isolation: dict) -> str:
    """The isolation in words for a student: the level, what the worker got and what this level
    does not protect; or that the code never ran (``isolation`` empty)."""
    if not isolation:
        return "Your code never ran."
    description = sentence(str(isolation.get("description", "")))
    text = f"Your code ran isolated (level {isolation.get('level', '')})" + (f": {description}" if description else ".")
    lacks = [str(lack).strip().rstrip(".") for lack in isolation.get("lacks", []) if str(lack).strip()]
    if lacks:
        text += f" What this level does not protect: {'; '.join(lacks)}."
    return printable(text)
