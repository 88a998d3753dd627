"""Loading one submission: copy a folder, a .zip or a notebook into a private folder as plain files.

    load_submission(source, dest) -> dest          student_id_for(source) -> "alice"
    source_digest(source) -> "3f2a..." (to tell a changed submission from the one graded)

Nothing here runs the student's code: files are copied or extracted as bytes, and a notebook's cells are
written out as text. Only regular files named ``*.py``, ``*.md``, ``*.txt``, ``*.json``, ``*.csv`` or ``*.npy``
are taken, from the top level, and also from the one subfolder when the top holds exactly one subfolder and
no ``.py`` file (zips often wrap one folder; its files win over top-level files of the same name). Hidden
files, ``__pycache__``, ``__MACOSX`` and symlinks are skipped (links are never followed); zip members with
absolute paths or ``..`` are rejected before anything is written; the caps (``MAX_FILES`` files,
``MAX_BYTES`` bytes) count the bytes actually read, so a zip bomb stops at the cap whatever its header says.
A submission that cannot be loaded raises ``Unloadable`` (a ``ValueError``) whose ``status`` is one of
``results.UNLOADABLE_STATUSES``: not a zip, not a notebook, empty (no file to take), missing files (neither
``initializers.py`` nor ``training.py``), a ``.py`` file not in UTF-8 (or the encoding it declares), a zip
member outside the zip, too large. After it, ``dest`` may hold part of the submission; the caller discards it.

Notebooks (nbformat 4). A code cell whose first line is ``%%writefile NAME.py`` or ``%%writefile -a NAME.py``
(NAME an ASCII identifier) appends the rest of the cell to module NAME.py, in cell order (unlike Jupyter,
plain ``%%writefile`` appends too, so no cell is lost); other code cells are then scratch and ignored. If no
cell does, all code cells in order, each after a ``# cell N`` line, form ``notebook.py``, and
``initializers.py`` and ``training.py`` re-export its names. Either way: nbgrader test cells (``grade: true``,
``solution: false``) and cells tagged with one of ``RUN_ONLY_TAGS`` are dropped: ``test`` and ``tests``
(public tests) and ``comparison`` (the release notebook's training comparison, which imports files the
notebook's folder holds and only shows plots); IPython-only lines (``%magic`` and
``!shell`` at the start of a logical line, a cell magic line, and the whole cell for cell magics whose body
is not Python, such as ``%%bash``) are commented out in place, so modules parse and line numbers within a
cell stay the same; and if a markdown cell holds a written-answer heading (``### Q1.1 ...``), all markdown
cells, joined with blank lines, become ``answers.md``.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import re
import stat
import tokenize
import zipfile
import zlib
from functools import partial
from pathlib import Path

from autograder.results import UNLOADABLE_STATUSES

MAX_FILES = 200
MAX_BYTES = 50 * 2**20
SUFFIXES = (".py", ".md", ".txt", ".json", ".csv", ".npy")
_SKIPPED = ("__pycache__", "__MACOSX")
EXPECTED = ("initializers.py", "training.py")  # a submission holds at least one of them
_CHUNK = 2**20
_STUDENT_ID = re.compile(r"[A-Za-z0-9_@+-][A-Za-z0-9._@+-]*")
_WRITEFILE = re.compile(r"%%writefile(?:\s+-a)?\s+([A-Za-z_][A-Za-z0-9_]*\.py)")
_ANSWER_HEADING = re.compile(r"^###\s+Q\d", re.MULTILINE)
#: Tags of the release notebook's cells that run public tests, and its training comparison.
PUBLIC_TESTS_TAG, COMPARISON_TAG = "tests", "comparison"
#: Tags of notebook cells that are run in Jupyter only, never graded.
RUN_ONLY_TAGS = ("test", PUBLIC_TESTS_TAG, COMPARISON_TAG)
_PYTHON_CELL_MAGICS = ("time", "timeit", "capture", "prun")
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)
# `from notebook import *` would skip names starting with an underscore (private helpers the hidden suite
# may call), so every name but the dunders is copied into this module instead.
_REEXPORT = """\
# Written by initgrade: the notebook's code cells are in notebook.py; this module re-exports their names.
import notebook as _nb

globals().update({k: v for k, v in vars(_nb).items() if not k.startswith("__")})
"""


class Unloadable(ValueError):
    """A submission that cannot be loaded: ``status`` is one of ``results.UNLOADABLE_STATUSES``, the
    message names the file and what is wrong with it."""

    def __init__(self, status: str, message: str):
        if status not in UNLOADABLE_STATUSES:
            raise ValueError(f"status must be one of {sorted(UNLOADABLE_STATUSES)}; received {status!r}")
        super().__init__(message)
        self.status = status


def student_id_for(source: Path) -> str:
    """The folder's name, or the file's name without its ``.zip``/``.ipynb`` suffix; it names an output folder."""
    source = Path(source)
    name = source.stem if source.suffix.lower() in (".zip", ".ipynb") else source.name
    return check_student_id(name, origin=str(source))


def check_student_id(name: str, *, origin: str) -> str:
    """``name`` if it can name an output folder, else ``ValueError`` saying what is allowed and naming ``origin``."""
    if not _STUDENT_ID.fullmatch(name):
        raise ValueError(
            "a student id must be non-empty, use only the characters A-Z a-z 0-9 . _ @ + - and not start "
            f"with '.'; received {name!r} (from {origin!r})"
        )
    return name


def source_digest(source: Path) -> str:
    """SHA-256 of a submission as it lies on disk: each file's name, size and bytes (a folder's files in
    name order, links skipped as loading skips them), reading no more than loading would accept
    (``MAX_BYTES``, ``10 * MAX_FILES`` files). A changed submission has another digest."""
    source = Path(source)
    digest, budget = hashlib.sha256(), MAX_BYTES
    if source.is_file():
        paths = [source]
    else:
        paths = sorted(
            itertools.islice((p for p in source.rglob("*") if p.is_file() and not p.is_symlink()), 10 * MAX_FILES)
        )
    for path in paths:
        size = path.stat().st_size
        digest.update(f"{path.relative_to(source).as_posix()}\0{size}\0".encode())
        with path.open("rb") as file:
            while budget > 0 and (chunk := file.read(min(_CHUNK, budget))):
                budget -= len(chunk)
                digest.update(chunk)
    return digest.hexdigest()


def load_submission(source: Path, dest: Path) -> Path:
    """Copy the submission ``source`` (a folder, a .zip or an .ipynb) into the empty folder ``dest``
    as plain files, without running any of it; return ``dest``."""
    source, dest = Path(source), Path(dest)
    if not dest.is_dir() or any(dest.iterdir()):
        raise ValueError(f"dest must be an existing empty folder; received {str(dest)!r}")
    kind = source.suffix.lower() if source.is_file() else "folder" if source.is_dir() else ""
    if kind == "folder":
        _write_all(source, dest, _pick(*_listing(source), lambda folder: _listing(folder)[0]))
    elif kind == ".zip":
        _load_zip(source, dest)
    elif kind == ".ipynb":
        _load_notebook(source, dest)
    else:
        what = f"a file with suffix {source.suffix!r}" if kind or source.exists() else "no such file or folder"
        raise Unloadable(
            "not-a-submission", f"a submission must be a folder, a .zip or an .ipynb; received {source.name!r} ({what})"
        )
    _check_loaded(source, dest)
    return dest


def _check_loaded(source: Path, dest: Path) -> None:
    """``Unloadable`` if ``dest`` holds no file, neither of ``EXPECTED``, or a ``.py`` file that is not
    text in UTF-8 (or in the encoding its first lines declare, as Python reads it)."""
    names = sorted(path.name for path in dest.iterdir())
    if not names:
        raise Unloadable(
            "empty", f"{source.name} holds no file to grade (taken are {', '.join(SUFFIXES)} files, not hidden)"
        )
    if not any(name in names for name in EXPECTED):
        notebooks = (
            " (a notebook inside a folder is not graded: hand in the .ipynb itself)" if _has_notebook(source) else ""
        )
        raise Unloadable(
            "missing-files",
            f"{source.name} holds neither {' nor '.join(EXPECTED)}; received {', '.join(names)}{notebooks}",
        )
    for name in names:
        if name.endswith(".py"):
            _check_text(source, dest / name)


def _has_notebook(source: Path) -> bool:
    return source.is_dir() and any(
        path.suffix.lower() == ".ipynb" for path in itertools.islice(source.iterdir(), MAX_FILES)
    )


def _check_text(source: Path, path: Path) -> None:
    data = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        problem = ""
    except SyntaxError as error:  # a bad declaration, or bytes not UTF-8 in the first two lines
        encoding, problem = "utf-8", str(error)
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        problem = f"byte {data[error.start]:#04x} at offset {error.start}"
    if problem:
        raise Unloadable(
            "not-utf8", f"{source.name}: {path.name} is not UTF-8 text ({problem}); save it with the UTF-8 encoding"
        )


def _hidden(name: str) -> bool:
    return name.startswith(".") or name in _SKIPPED


def _wanted(name: str) -> bool:
    return not name.startswith(".") and name.endswith(SUFFIXES)


def _pick(top: dict, folders: dict, contents) -> dict:
    """The files to take: the top level's, and the single wrapping folder's (``contents(folder)``) if
    the top holds exactly one folder and no .py file."""
    if len(folders) == 1 and not any(_wanted(name) and name.endswith(".py") for name in top):
        top = {**top, **contents(*folders.values())}
    return {name: item for name, item in top.items() if _wanted(name)}


def _listing(folder: Path) -> tuple[dict[str, object], dict[str, Path]]:
    """Regular files (as openers that refuse links) and real subfolders of ``folder``; links are skipped."""
    files, folders = {}, {}
    for entry in os.scandir(folder):
        if _hidden(entry.name):
            continue
        if entry.is_file(follow_symlinks=False):
            files[entry.name] = partial(_open_no_follow, entry.path)
        elif entry.is_dir(follow_symlinks=False):
            folders[entry.name] = Path(entry.path)
    return files, folders


def _open_no_follow(path: str):
    """Open a regular file for reading; fail rather than follow a link swapped in since it was listed."""
    return os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb")


def _write_all(source: Path, dest: Path, openers: dict) -> None:
    """Copy each ``openers[name]()`` to ``dest/name`` in chunks, stopping once the total passes the cap."""
    if len(openers) > MAX_FILES:
        raise Unloadable(
            "too-large", f"{source.name} holds {len(openers)} files to grade; at most {MAX_FILES} are allowed"
        )
    total = 0
    for name, opener in sorted(openers.items()):
        with opener() as src, open(dest / name, "xb") as out:
            while chunk := src.read(_CHUNK):
                total += len(chunk)
                if total > MAX_BYTES:
                    raise _too_large(source)
                out.write(chunk)


def _too_large(source: Path) -> Unloadable:
    return Unloadable("too-large", f"{source.name} holds more than the {MAX_BYTES / 2**20:g} MB of files allowed")


def _load_zip(source: Path, dest: Path) -> None:
    try:
        with zipfile.ZipFile(source) as archive:
            top, folders = {}, {}
            for info in archive.infolist():
                parts = [part for part in re.split(r"[/\\]", info.filename) if part not in ("", ".")]
                if re.match(r"[/\\]|[A-Za-z]:", info.filename) or ".." in parts:
                    raise Unloadable(
                        "unsafe-zip",
                        f"{source.name} holds {info.filename!r}, which points outside the submission; "
                        "members must be relative paths without '..'",
                    )
                if not parts or stat.S_ISLNK(info.external_attr >> 16) or any(_hidden(part) for part in parts):
                    continue
                if info.is_dir() or len(parts) > 1:
                    folders.setdefault(parts[0], {})
                if not info.is_dir() and len(parts) <= 2:
                    (folders[parts[0]] if len(parts) == 2 else top)[parts[-1]] = partial(archive.open, info)
            _write_all(source, dest, _pick(top, folders, lambda inner: inner))
    except _ZIP_ERRORS as error:
        raise Unloadable(
            "not-a-zip", f"{source.name} is not a readable .zip ({type(error).__name__}: {error})"
        ) from None


def _load_notebook(source: Path, dest: Path) -> None:
    modules: dict[str, list[str]] = {}
    scratch, markdown = [], []
    for number, cell in enumerate(_cells(source), 1):
        text = _cell_text(source, number, cell)
        if cell.get("cell_type") == "markdown":
            markdown.append(text)
        elif cell.get("cell_type") == "code" and not _is_test_cell(cell):
            first, _, body = text.partition("\n")
            target = _WRITEFILE.fullmatch(first.strip())
            if target:
                modules.setdefault(target[1], []).append(_python_only(body).rstrip("\n") + "\n")
            else:
                scratch.append(f"# cell {number}\n{_python_only(text)}")
    files = {name: "".join(bodies) for name, bodies in modules.items()}
    if not modules:
        files = {"notebook.py": "\n\n".join(scratch) + "\n", "initializers.py": _REEXPORT, "training.py": _REEXPORT}
    if any(_ANSWER_HEADING.search(text) for text in markdown):
        files["answers.md"] = "\n\n".join(markdown) + "\n"
    _write_all(
        source, dest, {name: partial(io.BytesIO, text.encode("utf-8", "replace")) for name, text in files.items()}
    )


def _cells(source: Path) -> list:
    with source.open("rb") as file:
        data = file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_large(source)
    try:
        notebook = json.loads(data)
    except UnicodeDecodeError as error:
        raise Unloadable(
            "not-utf8", f"{source.name} is not UTF-8 text ({error.reason} at offset {error.start})"
        ) from None
    except (ValueError, RecursionError) as error:
        raise Unloadable("not-a-notebook", f"{source.name} is not valid JSON, so not a notebook ({error})") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list) or not cells:
        raise Unloadable(
            "not-a-notebook",
            f"{source.name} has no cells; expected a Jupyter notebook (nbformat 4) with a 'cells' list",
        )
    return cells


def _cell_text(source: Path, number: int, cell) -> str:
    text = cell.get("source", "") if isinstance(cell, dict) else None
    if isinstance(text, list) and all(isinstance(line, str) for line in text):
        text = "".join(text)
    if not isinstance(text, str):
        raise Unloadable(
            "not-a-notebook",
            f"{source.name}: cell {number} must be an object whose source is a string or a list of strings; "
            f"received {repr(cell)[:80]}",
        )
    return text


def _is_test_cell(cell: dict) -> bool:
    metadata = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
    grading = metadata.get("nbgrader") if isinstance(metadata.get("nbgrader"), dict) else {}
    tags = metadata.get("tags") if isinstance(metadata.get("tags"), list) else []
    return (grading.get("grade") is True and not grading.get("solution")) or any(t in RUN_ONLY_TAGS for t in tags)


def _python_only(text: str) -> str:
    """``text`` with its IPython-only lines commented out in place (see the module docstring)."""
    lines = text.split("\n")
    if lines[0].startswith("%%"):
        if (lines[0][2:].split() or [""])[0] not in _PYTHON_CELL_MAGICS:
            return "\n".join(f"# {line}" if line else line for line in lines)
        lines[0] = f"# {lines[0]}"
    depth, quote, continued = 0, None, False
    for index, line in enumerate(lines):
        code = line.lstrip()
        if code.startswith(("%", "!")) and not (depth or quote or continued):
            lines[index] = f"{line[: len(line) - len(code)]}# {code}"
        else:
            depth, quote, continued = _scan(line, depth, quote)
    return "\n".join(lines)


def _scan(line: str, depth: int, quote: str | None) -> tuple[int, str | None, bool]:
    """After ``line``: the bracket depth, the quote of a string still open, and whether a backslash continues
    the line. A rough tokenizer, enough to tell ``% b`` continuing an expression from a ``%magic``."""
    index = 0
    while index < len(line):
        if quote:
            if line[index] == "\\":
                index += 1
            elif line.startswith(quote, index):
                index, quote = index + len(quote) - 1, None
        elif line[index] == "#":
            return depth, None, False
        elif line[index] in "'\"":
            quote = line[index : index + 3] if line[index : index + 3] in ('"""', "'''") else line[index]
            index += len(quote) - 1
        else:
            depth = max(0, depth + (line[index] in "([{") - (line[index] in ")]}"))
        index += 1
    ends_with_backslash = line.rstrip("\r").endswith("\\")
    if quote in ("'", '"') and not ends_with_backslash:
        quote = None  # a one-line string ends with its line (else it is a syntax error anyway)
    return depth, quote, quote is None and ends_with_backslash
