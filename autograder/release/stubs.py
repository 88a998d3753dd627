"""The student folder's files, from the reference's: solution regions become stubs.

Every file under ``solutions/`` is released, with its solution regions replaced:

* in Python, the lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` become a stub,
  ``raise NotImplementedError(...)`` naming the function, at the region's indentation; the
  signature and docstring above the region stay, so students see the contract;
* in Markdown, the lines from ``<!-- BEGIN SOLUTION -->`` to ``<!-- END SOLUTION -->`` become
  ``_Write your answer here._``;
* files without regions (helpers, public tests, the student README) are copied unchanged;
* binary files, by suffix (``BINARY_SUFFIXES``: the source network's checkpoint of Part 4), are
  copied unchanged as bytes.

``render_stubs`` computes these files as data (``autograder.release.render_release`` adds the
notebook); ``write_files`` puts them on disk without losing anything that was there: it refuses a
folder holding files it would not write, and replaces each file atomically
(``autograder.release.write_release`` checks them for leaks first).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from autograder.reference import ASSIGNMENT_DIR, solutions_dir

PYTHON_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
MARKDOWN_MARKERS = ("<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->")
MARKDOWN_STUB = "_Write your answer here._"
#: Files released as bytes, never read as text: ``.pt``, a checkpoint written by ``torch.save``.
BINARY_SUFFIXES = (".pt",)

#: Files and folders that tools leave behind; never released, never counted as the user's.
_DISPOSABLE = ("__pycache__", ".pytest_cache", ".ipynb_checkpoints")
_DEF = re.compile(r"^(\s*)(?:async\s+)?def\s+(\w+)")


def strip_python(text: str, *, origin: str = "<text>") -> str:
    """Replace every solution region of Python source ``text`` by a NotImplementedError stub.

    Raises ``ValueError`` (naming ``origin`` and the line) for a region that is nested, not
    closed, closed without being opened, or not inside a function, and for a result that is no
    longer valid Python.
    """

    def stub(indent: str, line_number: int, lines_before: list[str]) -> list[str]:
        function = _enclosing_function(lines_before, indent)
        if function is None:
            raise ValueError(f"{origin}:{line_number}: a solution region must be inside a function body")
        return [
            f"{indent}# YOUR CODE HERE\n",
            f'{indent}raise NotImplementedError("{function} is not written yet: replace this line with your code")\n',
        ]

    released = _replace_regions(text, PYTHON_MARKERS, stub, origin=origin)
    try:
        compile(released, origin, "exec")
    except SyntaxError as error:
        raise ValueError(
            f"{origin}: the released stub is not valid Python ({error.msg}, line {error.lineno})"
        ) from None
    return released


def strip_markdown(text: str, *, origin: str = "<text>") -> str:
    """Replace every solution region of Markdown ``text`` by ``_Write your answer here._``."""
    return _replace_regions(
        text, MARKDOWN_MARKERS, lambda indent, line_number, lines_before: [f"{MARKDOWN_STUB}\n"], origin=origin
    )


def _replace_regions(text: str, markers: tuple[str, str], stub, *, origin: str) -> str:
    begin, end = markers
    output: list[str] = []
    opened_at = None
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker == begin:
            if opened_at is not None:
                raise ValueError(f"{origin}:{number}: {begin!r} inside the region opened at line {opened_at}")
            opened_at = number
            output.extend(stub(line[: len(line) - len(line.lstrip())], number, output))
        elif marker == end:
            if opened_at is None:
                raise ValueError(f"{origin}:{number}: {end!r} without a matching {begin!r}")
            opened_at = None
        elif opened_at is None:
            output.append(line)
    if opened_at is not None:
        raise ValueError(f"{origin}:{opened_at}: {begin!r} is never closed by {end!r}")
    return "".join(output)


def _enclosing_function(lines_before: list[str], indent: str) -> str | None:
    """Name of the innermost ``def`` above, indented less than the region; None if there is none."""
    for line in reversed(lines_before):
        match = _DEF.match(line)
        if match and len(match.group(1)) < len(indent):
            return match.group(2)
    return None


def released_files(root: Path):
    """The files under ``root`` a release takes or writes (caches and compiled files left out), as
    paths relative to ``root``, in name order."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not any(part in _DISPOSABLE for part in relative.parts) and path.suffix != ".pyc":
            yield relative


def is_binary(name: str | Path) -> bool:
    """Whether the file ``name`` is released as bytes (its suffix is one of ``BINARY_SUFFIXES``)."""
    return Path(name).suffix in BINARY_SUFFIXES


def encoded(content: str | bytes) -> bytes:
    """The bytes a released file is written as: a text in UTF-8, newlines as they are; bytes unchanged."""
    return content if isinstance(content, bytes) else content.encode("utf-8")


def render_stubs(source: Path | None = None) -> dict[str, str | bytes]:
    """Return every file of ``source`` (default ``solutions/``) as released to students, as
    ``{relative path: text}``, or bytes for a binary file (``is_binary``)."""
    source = Path(source) if source is not None else solutions_dir()
    release: dict[str, str | bytes] = {}
    for relative in released_files(source):
        if is_binary(relative):
            release[relative.as_posix()] = (source / relative).read_bytes()
            continue
        text = (source / relative).read_text(encoding="utf-8")
        origin = str(source / relative)
        if relative.suffix == ".py":
            text = strip_python(text, origin=origin)
        elif relative.suffix == ".md":
            text = strip_markdown(text, origin=origin)
        release[relative.as_posix()] = text
    return release


def deliverable_folder(out: Path) -> Path:
    """``out`` resolved, or ``ValueError`` when it is a file, or the solutions folder or inside it
    (a student deliverable must never be written among the solutions)."""
    out = Path(out).resolve()
    source = solutions_dir().resolve()
    if out == source or source in out.parents:
        raise ValueError(f"--out must be outside the solutions folder {source}; received {out}")
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out must be a folder; received {out}, which is a file")
    return out


def write_files(files: dict[str, str | bytes], out: Path = ASSIGNMENT_DIR) -> list[Path]:
    """Write ``files`` (from ``autograder.release.render_release``; texts as UTF-8, bytes unchanged) under
    ``out`` and return the paths written.

    A new folder is assembled aside and renamed into place. An existing folder has each file
    replaced atomically; it is refused (``ValueError``) if it holds files the release would not
    write, since those may be someone's work, or if it is the source folder or inside it.
    """
    out = deliverable_folder(out)
    if out.is_dir():
        foreign = sorted(str(p) for p in released_files(out) if p.as_posix() not in files)
        if foreign:
            listed = ", ".join(foreign[:10]) + (" ..." if len(foreign) > 10 else "")
            raise ValueError(
                f"{out} holds {len(foreign)} file(s) the release does not write: {listed}; "
                "move them away or choose another --out"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.release-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for relative, content in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(encoded(content))
        if not out.exists():
            os.replace(staging, out)
        else:
            for relative in files:
                (out / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / relative, out / relative)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [out / relative for relative in files]
