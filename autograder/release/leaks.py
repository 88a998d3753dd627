"""The leak check: nothing students must not see may be in a deliverable.

    find_leaks(files, *, secret="") -> [Leak]     files: {relative path: text or bytes}
    check_deliverable(files, *, secret="")        raises LeakError naming every leak
    check_folder(folder, *, secret="")            the same for a folder already written

Forbidden in a deliverable, by kind:

* ``solution line``: a line inside a ``### BEGIN SOLUTION`` / ``### END SOLUTION`` region of a
  Python file under ``solutions/``;
* ``model answer``: a line inside a ``<!-- BEGIN SOLUTION -->`` / ``<!-- END SOLUTION -->``
  region of a Markdown file under ``solutions/`` (the model answers of ``answers.md``), and each
  sentence of it, so one sentence quoted alone is caught;
* ``hidden test source``: a line of ``autograder/hidden/*.py``;
* ``course secret``: the secret, anywhere (as a substring of any line, in a file's name, in a
  binary file).

Lines are compared with all whitespace removed, and a deliverable line leaks when it *contains* a
forbidden line, so a line indented differently, spaced differently or pasted inside a longer line
is caught. Two kinds of line are never forbidden, so the legitimate release passes:

* trivial lines, with fewer than ``MIN_CHARACTERS`` (16) characters other than whitespace:
  ``return w``, ``else:``, ``)``, ``"relu",``; too common to tell anything;
* lines of the released material: a forbidden line contained in any line outside the solution
  regions of ``solutions/`` (signatures, docstrings, imports, helpers, public tests, the student
  README, the questions) is dropped.

A notebook (``.ipynb``, read as JSON) is checked cell by cell, its source, metadata and each output
(ANSI colours removed, as in tracebacks), and a leak is placed as ``FILE (cell N 'id') line L``; a
notebook that is not JSON is checked as text. A binary file (``stubs.is_binary``: the ``.pt``
checkpoint) and any file that is not UTF-8 is checked for the secret only. The forbidden lines are
read once per process (about 0.01 s); the whole release is checked in about 0.015 s more.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from autograder.reference import solutions_dir
from autograder.release.stubs import MARKDOWN_MARKERS, PYTHON_MARKERS, encoded, is_binary, released_files

SOLUTION, ANSWER, HIDDEN, SECRET = "solution line", "model answer", "hidden test source", "course secret"
KINDS = (SOLUTION, ANSWER, HIDDEN, SECRET)
#: Lines with fewer characters than this, whitespace left out, are trivial and never forbidden.
MIN_CHARACTERS = 16
HIDDEN_DIR = Path(__file__).resolve().parent.parent / "hidden"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_EXCERPT = 70


@dataclass(frozen=True)
class Leak:
    """One leak: ``file`` (relative path) and ``line`` (1-based; 0 for the file's name), the ``kind``
    (one of ``KINDS``), an ``excerpt`` (the forbidden line as written where it comes from; never the
    secret), ``origin`` (where the forbidden line comes from, ``solutions/training.py:88``) and, in
    a notebook, ``cell`` (``cell 12 'answer_zeros'``, with ``, output 1`` for an output)."""

    file: str
    line: int
    kind: str
    excerpt: str
    origin: str = ""
    cell: str = ""

    def __str__(self) -> str:
        where = f"{self.file} ({self.cell}) line {self.line}" if self.cell else f"{self.file}:{self.line}"
        detail = f"{self.origin}: {self.excerpt}" if self.origin else self.excerpt
        return f"{where}: {self.kind} ({detail})"


class LeakError(ValueError):
    """A deliverable holds what students must not see; ``leaks`` lists every leak."""

    def __init__(self, leaks: list[Leak], *, outcome: str = "nothing was written"):
        self.leaks = tuple(leaks)
        listed = "\n".join(f"  {leak}" for leak in self.leaks)
        super().__init__(
            f"the deliverable holds {len(self.leaks)} leak(s) of what students must not see, so {outcome}:\n"
            f"{listed}\n"
            "A deliverable may hold stubs, signatures, docstrings, helpers, public tests and the questions; "
            "never a line of a solution region, a model answer, the hidden tests or the course secret. "
            "Put solution code back between its BEGIN/END SOLUTION markers and release again."
        )


@dataclass(frozen=True)
class _Forbidden:
    text: str  # whitespace removed
    kind: str
    origin: str
    shown: str  # as written, stripped


def find_leaks(files: Mapping[str, str | bytes], *, secret: str = "") -> list[Leak]:
    """Every leak in ``files`` (``{relative path: text or bytes}``), in file order then line order.
    ``secret`` is looked for without its surrounding whitespace; an empty secret is not looked for."""
    index, secret = _forbidden_index(), secret.strip()
    leaks: list[Leak] = []
    for name, content in files.items():
        if secret and secret in name:
            leaks.append(_secret_leak(name, 0, secret, "in the file's name"))
        leaks.extend(_file_leaks(name, content, index, secret))
    return leaks


def check_deliverable(files: Mapping[str, str | bytes], *, secret: str = "") -> None:
    """Raise ``LeakError`` naming every leak in ``files`` (see ``find_leaks``); return None if there is none."""
    leaks = find_leaks(files, secret=secret)
    if leaks:
        raise LeakError(leaks)


def check_folder(folder: Path, *, secret: str = "") -> None:
    """Raise ``LeakError`` naming every leak in the files under ``folder``, such as the release folder
    nbgrader's ``generate_assignment`` writes; ``ValueError`` if it is no folder. Every file counts,
    hidden ones and caches too (a notebook's checkpoint is a copy of it), since a folder is handed out whole."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"the folder to check for leaks must be a folder; received {folder}")
    paths = sorted(path for path in folder.rglob("*") if path.is_file())
    files = {path.relative_to(folder).as_posix(): path.read_bytes() for path in paths}
    leaks = find_leaks(files, secret=secret)
    if leaks:
        raise LeakError(leaks, outcome=f"{folder} must not be handed out")


def _file_leaks(name: str, content: str | bytes, index, secret: str) -> Iterator[Leak]:
    # A binary file is not scanned for solution text. That is safe for the one kind released, the
    # checkpoint: torch.save's archive of a state dict holds float32 tensors and their layer names
    # ("0.weight", ...), no code and no prose, and tests/autograder/release/test_pretrained.py pins the
    # committed one to a fresh training's names, shapes and values. Its bytes could still hold the
    # secret (torch.save stores them uncompressed), so that is looked for.
    if is_binary(name):
        yield from _binary_leaks(name, encoded(content), secret)
        return
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError:
            yield from _binary_leaks(name, content, secret)
            return
    parts = _notebook_parts(content) if name.endswith(".ipynb") else None
    if parts is None:
        yield from _text_leaks(name, "", content, index, secret)
        return
    in_cells = [leak for cell, text in parts for leak in _text_leaks(name, cell, text, index, secret)]
    yield from in_cells
    if secret and not any(leak.kind == SECRET for leak in in_cells):  # metadata, or escaped as JSON
        for form in dict.fromkeys((secret, json.dumps(secret)[1:-1])):
            if form in content:
                at = content.index(form)
                yield _secret_leak(name, content.count("\n", 0, at) + 1, secret, "outside the cells")
                break


def _binary_leaks(name: str, data: bytes, secret: str) -> Iterator[Leak]:
    if secret and secret.encode() in data:
        at = data.index(secret.encode())
        yield _secret_leak(name, data.count(b"\n", 0, at) + 1, secret, "in a binary file")


def _text_leaks(name: str, cell: str, text: str, index, secret: str) -> Iterator[Leak]:
    for number, line in enumerate(text.split("\n"), start=1):
        if secret and secret in line:
            yield _secret_leak(name, number, secret, "", cell=cell)
        for found in _contained(line, index):
            yield Leak(name, number, found.kind, _short(found.shown), found.origin, cell)


def _contained(line: str, index: dict[str, list[_Forbidden]]) -> list[_Forbidden]:
    """The longest forbidden line of each kind that ``line`` contains, whitespace ignored."""
    best: dict[str, _Forbidden] = {}
    for candidate in _contained_all(line, index):
        if candidate.kind not in best or len(candidate.text) > len(best[candidate.kind].text):
            best[candidate.kind] = candidate
    return [best[kind] for kind in KINDS if kind in best]


def _secret_leak(name: str, line: int, secret: str, where: str, *, cell: str = "") -> Leak:
    said = f"{len(secret)} characters, not shown" + (f"; {where}" if where else "")
    return Leak(name, line, SECRET, said, cell=cell)


def _short(text: str) -> str:
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 3] + "..."


def _notebook_parts(text: str) -> list[tuple[str, str]] | None:
    """``[(where, text)]``: the notebook's metadata, and each cell's source, metadata and output texts;
    None if ``text`` is no notebook."""
    try:
        notebook = json.loads(text)
    except ValueError:
        return None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return None
    parts = [("the notebook's metadata", _json(notebook.get("metadata")))]
    for number, cell in enumerate(notebook["cells"]):
        cell = cell if isinstance(cell, dict) else {}
        label = f"cell {number}" + (f" {cell['id']!r}" if isinstance(cell.get("id"), str) else "")
        parts.extend((label, text) for text in _strings(cell.get("source", "")))
        parts.append((f"{label}, metadata", _json(cell.get("metadata"))))
        outputs = cell.get("outputs")
        for output_number, output in enumerate(outputs if isinstance(outputs, list) else [], start=1):
            parts.extend((f"{label}, output {output_number}", _ANSI.sub("", text)) for text in _strings(output))
    return parts


def _json(value) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True)


def _strings(value) -> list[str]:
    """Every text in a JSON value, each string apart; a list of strings is one text, joined as nbformat
    splits it (its items end with a newline) or else line by line (a traceback's frames)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return ["".join(value) if all(item.endswith("\n") for item in value[:-1]) else "\n".join(value)]
        return [text for item in value for text in _strings(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    return []


@functools.cache
def _forbidden_index() -> dict[str, list[_Forbidden]]:
    """The forbidden lines (see the module docstring), indexed by their first ``MIN_CHARACTERS`` characters."""
    source = solutions_dir()
    candidates: dict[str, _Forbidden] = {}
    allowed: list[str] = []
    for relative in (relative for relative in released_files(source) if not is_binary(relative)):
        text = (source / relative).read_text(encoding="utf-8")
        markers, kind = {".py": (PYTHON_MARKERS, SOLUTION), ".md": (MARKDOWN_MARKERS, ANSWER)}.get(
            relative.suffix, (None, "")
        )
        origin = f"{source.name}/{relative.as_posix()}"
        for number, line, inside in _lines(text, markers):
            if inside:
                pieces = [line, *_SENTENCE_END.split(line.strip())] if kind == ANSWER else [line]
                for piece in pieces:
                    _add(candidates, piece, kind, f"{origin}:{number}")
            else:
                allowed.append(line)
    for path in sorted(HIDDEN_DIR.glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            _add(candidates, line, HIDDEN, f"autograder/hidden/{path.name}:{number}")
    index: dict[str, list[_Forbidden]] = {}
    for candidate in candidates.values():
        index.setdefault(candidate.text[:MIN_CHARACTERS], []).append(candidate)
    released = {found.text for line in allowed for found in _contained_all(line, index)}
    return {
        key: kept
        for key, entries in index.items()
        if (kept := [entry for entry in entries if entry.text not in released])
    }


def _contained_all(line: str, index: dict[str, list[_Forbidden]]) -> Iterator[_Forbidden]:
    squeezed = "".join(line.split())
    for start in range(len(squeezed) - MIN_CHARACTERS + 1):
        for candidate in index.get(squeezed[start : start + MIN_CHARACTERS], ()):
            if squeezed.startswith(candidate.text, start):
                yield candidate


def _add(candidates: dict[str, _Forbidden], line: str, kind: str, origin: str) -> None:
    squeezed = "".join(line.split())
    if len(squeezed) >= MIN_CHARACTERS and squeezed not in candidates:
        candidates[squeezed] = _Forbidden(squeezed, kind, origin, line.strip())


def _lines(text: str, markers: tuple[str, str] | None) -> Iterator[tuple[int, str, bool]]:
    """``(number, line, inside a region)`` for each line of ``text``; marker lines are left out."""
    inside = False
    for number, line in enumerate(text.split("\n"), start=1):
        if markers and line.strip() in markers:
            inside = line.strip() == markers[0]
            continue
        yield number, line, inside
