"""Text from a student's code made safe for every report: no terminal codes, no characters that
XML, JSON consumers or browsers refuse."""

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
