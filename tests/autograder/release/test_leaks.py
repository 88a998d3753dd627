"""The leak check: the release, committed or fresh, leaks nothing; a solution line, a model answer, a
hidden test line or the course secret planted anywhere is found where it was planted, and then
write_release writes nothing."""

import re
import secrets
import time

import nbformat
import pytest

from autograder import release
from autograder.reference import ASSIGNMENT_DIR, KIT_ROOT, SOLUTIONS_DIR
from autograder.release import leaks
from autograder.release.notebook import NOTEBOOK_NAME
from autograder.release.stubs import is_binary, released_files
from autograder.secret import SECRET_VARIABLE

SECRET = secrets.token_hex(32)
HIDDEN_DIR = KIT_ROOT / "autograder" / "hidden"


def squeezed(line: str) -> str:
    return "".join(line.split())


def region_lines(text: str, markers: tuple[str, str]) -> list[tuple[int, str]]:
    """``(number, line)`` of every line between ``markers``, read line by line."""
    found, inside = [], False
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip() in markers:
            inside = line.strip() == markers[0]
        elif inside:
            found.append((number, line))
    return found


def outside_lines() -> list[str]:
    """Every line of solutions/ outside a region, whitespace removed: the material students get."""
    lines = []
    for relative in (relative for relative in released_files(SOLUTIONS_DIR) if not is_binary(relative)):
        text = (SOLUTIONS_DIR / relative).read_text(encoding="utf-8")
        markers = release.PYTHON_MARKERS if relative.suffix == ".py" else release.MARKDOWN_MARKERS
        inside = {number for number, _ in region_lines(text, markers)}
        lines += [squeezed(line) for number, line in enumerate(text.split("\n"), start=1) if number not in inside]
    return lines


OUTSIDE = outside_lines()


def unique(line: str) -> bool:
    return not any(squeezed(line) in other for other in OUTSIDE)


def longest_unique(lines: list[str]) -> str:
    """The longest of ``lines`` found nowhere in the released material: one no correct release holds."""
    chosen = max((line for line in lines if unique(line)), key=lambda line: (len(line.strip()), line))
    return chosen.strip()


def solution_lines(module: str) -> list[str]:
    text = (SOLUTIONS_DIR / module).read_text(encoding="utf-8")
    return [line for _, line in region_lines(text, release.PYTHON_MARKERS)]


SOLUTION_LINE = longest_unique(solution_lines("initializers.py"))
ASSIGNMENT_LINE = next(
    line.strip() for line in solution_lines("training.py") if " = " in line and len(line.strip()) > 30 and unique(line)
)
ANSWER_LINE = longest_unique(
    [line for _, line in region_lines((SOLUTIONS_DIR / "answers.md").read_text(), release.MARKDOWN_MARKERS)]
)
ANSWER_SENTENCE = max(re.split(r"(?<=\.)\s+", ANSWER_LINE), key=len)
HIDDEN_LINE = longest_unique((HIDDEN_DIR / "hidden_training.py").read_text().split("\n"))


@pytest.fixture(scope="module")
def clean():
    return release.render_release()


def inserted(text: str, line_number: int, line: str) -> str:
    """``text`` with ``line`` put in as its line ``line_number``."""
    lines = text.split("\n")
    lines.insert(line_number - 1, line)
    return "\n".join(lines)


def in_notebook(text: str, change) -> str:
    notebook = nbformat.reads(text, as_version=4)
    change(notebook, {cell.id: cell for cell in notebook.cells})
    return nbformat.writes(notebook)


def in_cell(cell_id: str, line_number: int, line: str):
    def change(notebook, cells):
        cells[cell_id].source = inserted(cells[cell_id].source, line_number, line)

    return change


def traceback_showing(line: str):
    """An error output whose traceback shows ``line`` coloured as IPython colours it."""

    def change(notebook, cells):
        coloured = line.replace(" = ", " \x1b[38;5;241m=\x1b[39m ", 1)
        cells["answer_build_mlp"].outputs = [
            nbformat.v4.new_output(
                "error",
                ename="RuntimeError",
                evalue="boom",
                traceback=["\x1b[0;31mRuntimeError\x1b[0m  Traceback", f"\x1b[0;32m----> 7\x1b[0m     {coloured}"],
            )
        ]

    return change


def secret_in_metadata(notebook, cells):
    notebook.metadata["initgrade"] = {"key": SECRET}


# (id, planted: {file: function of its text}, expected (file, line, kind, cell or ""); line None: not checked)
PLANTED = [
    (
        "solution-line-in-a-stub",
        {"initializers.py": lambda text: inserted(text, 10, "    " + SOLUTION_LINE)},
        ("initializers.py", 10, leaks.SOLUTION, ""),
    ),
    (
        "solution-line-indented-differently",
        {"training.py": lambda text: inserted(text, 1, " " * 12 + ASSIGNMENT_LINE)},
        ("training.py", 1, leaks.SOLUTION, ""),
    ),
    (
        "solution-line-spaced-differently",
        {"compare.py": lambda text: inserted(text, 3, "\t" + ASSIGNMENT_LINE.replace(" ", "   "))},
        ("compare.py", 3, leaks.SOLUTION, ""),
    ),
    (
        "solution-line-inside-a-longer-line",
        {"public_tests.py": lambda text: inserted(text, 5, f"print('see'); {SOLUTION_LINE}  # from the reference")},
        ("public_tests.py", 5, leaks.SOLUTION, ""),
    ),
    (
        "model-answer-line-in-answers-md",
        {"answers.md": lambda text: inserted(text, 20, ANSWER_LINE)},
        ("answers.md", 20, leaks.ANSWER, ""),
    ),
    (
        "model-answer-sentence-in-a-markdown-cell",
        {NOTEBOOK_NAME: lambda text: in_notebook(text, in_cell("intro", 3, f"Hint: {ANSWER_SENTENCE}"))},
        (NOTEBOOK_NAME, 3, leaks.ANSWER, "'intro'"),
    ),
    (
        "hidden-test-line-in-a-notebook-cell",
        {NOTEBOOK_NAME: lambda text: in_notebook(text, in_cell("public_tests_he_normal", 2, HIDDEN_LINE))},
        (NOTEBOOK_NAME, 2, leaks.HIDDEN, "'public_tests_he_normal'"),
    ),
    (
        "solution-line-in-a-notebook-traceback",
        {NOTEBOOK_NAME: lambda text: in_notebook(text, traceback_showing(ASSIGNMENT_LINE))},
        (NOTEBOOK_NAME, 2, leaks.SOLUTION, "'answer_build_mlp', output 1"),
    ),
    (
        "hidden-test-line-in-a-notebook-that-is-not-json",
        {"scratch.ipynb": lambda text: f"not a notebook\n{HIDDEN_LINE}\n"},
        ("scratch.ipynb", 2, leaks.HIDDEN, ""),
    ),
    (
        "secret-in-a-file",
        {"data.py": lambda text: inserted(text, 5, f'KEY = "{SECRET}"')},
        ("data.py", 5, leaks.SECRET, ""),
    ),
    (
        "secret-in-a-binary-file",
        {"figure.png": lambda text: b"\x89PNG\r\n\x1a\n\xff\xfe" + SECRET.encode() + b"\x00"},
        ("figure.png", 3, leaks.SECRET, ""),
    ),
    (
        "secret-in-the-checkpoint",
        {"pretrained_digits.pt": lambda data: data[:100] + SECRET.encode() + data[100:]},
        ("pretrained_digits.pt", None, leaks.SECRET, ""),
    ),
    (
        "secret-in-the-notebook-metadata",
        {NOTEBOOK_NAME: lambda text: in_notebook(text, secret_in_metadata)},
        (NOTEBOOK_NAME, None, leaks.SECRET, "the notebook's metadata"),
    ),
]


def planted(clean: dict, changes: dict) -> dict:
    return {**clean, **{name: change(clean.get(name, "")) for name, change in changes.items()}}


def test_the_planted_lines_are_what_no_release_holds(clean):
    for name, line in [("solution", SOLUTION_LINE), ("answer", ANSWER_LINE), ("hidden", HIDDEN_LINE)]:
        assert len(squeezed(line)) >= 40, f"the planted {name} line is too short to be a fair test: {line!r}"
        texts = [text for text in clean.values() if isinstance(text, str)]  # the checkpoint is not read as text
        assert not any(squeezed(line) in squeezed(text) for text in texts), (
            f"the release already holds the {name} line {line!r}"
        )


def test_the_committed_assignment_has_no_leak():
    found = leaks.find_leaks(
        {p.as_posix(): (ASSIGNMENT_DIR / p).read_bytes() for p in released_files(ASSIGNMENT_DIR)}, secret=SECRET
    )
    assert found == [], "assignment/ leaks:\n" + "\n".join(map(str, found))
    leaks.check_folder(ASSIGNMENT_DIR, secret=SECRET)


def test_a_fresh_release_has_no_leak(clean):
    found = leaks.find_leaks(clean, secret=SECRET)
    assert found == [], "render_release() leaks:\n" + "\n".join(map(str, found))


@pytest.mark.parametrize("changes, expected", [case[1:] for case in PLANTED], ids=[case[0] for case in PLANTED])
def test_a_planted_leak_is_found_where_it_was_planted(clean, changes, expected):
    found = leaks.find_leaks(planted(clean, changes), secret=SECRET)
    file, line, kind, cell = expected
    got = [(leak.file, leak.line if line is not None else None, leak.kind) for leak in found]
    assert got == [(file, line, kind)], f"expected one {kind} at {file}:{line}; found:\n" + "\n".join(map(str, found))
    assert cell in found[0].cell, f"the leak should be placed in {cell!r}; it says {found[0].cell!r}"
    assert SECRET not in str(found[0]), f"the leak shows the secret: {found[0]}"


@pytest.mark.parametrize("changes, expected", [case[1:] for case in PLANTED], ids=[case[0] for case in PLANTED])
def test_write_release_writes_nothing_when_the_release_leaks(clean, changes, expected, tmp_path, monkeypatch):
    monkeypatch.setenv(SECRET_VARIABLE, SECRET)
    out, fresh = tmp_path / "student", tmp_path / "new"
    release.write_release(clean, out)
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    file, _, kind, _ = expected
    for target in (out, fresh):
        with pytest.raises(
            release.LeakError, match=f"(?s)nothing was written:\n  {re.escape(file)}.*: {kind} \\("
        ) as raised:
            release.write_release(planted(clean, changes), target)
        assert SECRET not in str(raised.value), "the error message shows the course secret"
    after = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    assert after == before, f"write_release changed {sorted(set(after) ^ set(before)) or 'file contents'}"
    assert not fresh.exists(), f"write_release made {fresh} for a release that leaks"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["student"], "write_release left a staging folder"


def test_the_error_names_every_leak_and_what_may_be_released(clean):
    files = planted(
        clean,
        {
            "initializers.py": lambda text: inserted(text, 10, SOLUTION_LINE),
            "answers.md": lambda text: inserted(text, 20, ANSWER_LINE),
        },
    )
    with pytest.raises(release.LeakError, match=r"holds 2 leak\(s\) of what students must not see") as raised:
        leaks.check_deliverable(files)
    message = str(raised.value)
    for named in ("answers.md:20: model answer (solutions/answers.md:", "initializers.py:10: solution line ("):
        assert named in message, f"the message does not name {named!r}:\n{message}"
    assert "2 leak(s)" in message and "nothing was written" in message and "may hold stubs" in message, message
    assert isinstance(raised.value, ValueError) and len(raised.value.leaks) == 2, raised.value.leaks


def trivial_solution_lines() -> list[str]:
    lines = solution_lines("initializers.py") + solution_lines("training.py")
    return [line for line in lines if 0 < len(squeezed(line)) < leaks.MIN_CHARACTERS]


def shared_hidden_lines() -> list[str]:
    lines = [line for path in sorted(HIDDEN_DIR.glob("*.py")) for line in path.read_text().split("\n")]
    return [line for line in lines if len(squeezed(line)) >= leaks.MIN_CHARACTERS and not unique(line)]


@pytest.mark.parametrize(
    "lines",
    [trivial_solution_lines(), shared_hidden_lines()],
    ids=["solution-lines-shorter-than-the-minimum", "hidden-test-lines-the-public-material-holds"],
)
def test_lines_that_tell_nothing_are_no_leak(clean, lines):
    assert lines, "no such line to test with"
    files = {**clean, "extra.py": "\n".join(lines) + "\n"}
    found = leaks.find_leaks(files, secret=SECRET)
    assert found == [], f"{len(found)} line(s) reported that are trivial or in the public material:\n" + "\n".join(
        map(str, found)
    )


@pytest.mark.parametrize(
    "folder, kinds",
    [
        (
            SOLUTIONS_DIR,
            {("initializers.py", leaks.SOLUTION), ("training.py", leaks.SOLUTION), ("answers.md", leaks.ANSWER)},
        ),
        (HIDDEN_DIR, {(name, leaks.HIDDEN) for name in ("hidden_draws.py", "hidden_training.py", "support.py")}),
    ],
    ids=["solutions", "hidden-suite"],
)
def test_the_instructor_folders_are_caught(folder, kinds):
    with pytest.raises(leaks.LeakError, match=re.escape(f"{folder} must not be handed out")) as raised:
        leaks.check_folder(folder)
    found = raised.value.leaks
    assert kinds <= {(leak.file, leak.kind) for leak in found}, f"expected {kinds}; found {found}"
    if folder == SOLUTIONS_DIR:  # every line reported is a line of a region, every long unique one is reported
        for name in ("initializers.py", "training.py", "answers.md"):
            text = (SOLUTIONS_DIR / name).read_text()
            markers = release.MARKDOWN_MARKERS if name.endswith(".md") else release.PYTHON_MARKERS
            regions = {number: line for number, line in region_lines(text, markers)}
            reported = {leak.line for leak in found if leak.file == name}
            assert reported <= set(regions), f"{name}: lines {sorted(reported - set(regions))} are outside regions"
            long = {number for number, line in regions.items() if len(squeezed(line)) >= 30 and unique(line)}
            assert long <= reported, f"{name}: region lines {sorted(long - reported)} were not reported"


def test_check_folder_refuses_what_is_no_folder():
    with pytest.raises(ValueError, match="must be a folder; received .*answers.md"):
        leaks.check_folder(SOLUTIONS_DIR / "answers.md")


def test_a_checkpoint_is_checked_for_the_secret_only():
    """A ``.pt`` file holds tensors, not text (see ``leaks._file_leaks``), so its bytes are not read as
    lines: a solution line in it is not reported, while the same bytes under another name are."""
    data = b"PK\x03\x04" + SOLUTION_LINE.encode() + b"\n"  # UTF-8, so only the suffix tells them apart
    found = leaks.find_leaks({"weights.pt": data, "weights.txt": data}, secret=SECRET)
    assert [(leak.file, leak.kind) for leak in found] == [("weights.txt", leaks.SOLUTION)], found


def test_the_whole_release_is_checked_in_well_under_a_second(clean):
    leaks.find_leaks(clean, secret=SECRET)  # the forbidden lines are read once per process
    started = time.perf_counter()
    leaks.find_leaks(clean, secret=SECRET)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, f"checking the release took {elapsed:.3f} s"


def test_check_folder_reads_hidden_files_and_caches_too(tmp_path, clean):
    release.write_release(clean, tmp_path / "student")
    checkpoint = tmp_path / "student" / ".ipynb_checkpoints" / "initialization-checkpoint.ipynb"
    checkpoint.parent.mkdir()
    checkpoint.write_text(in_notebook(clean[NOTEBOOK_NAME], in_cell("setup", 1, HIDDEN_LINE)), encoding="utf-8")
    with pytest.raises(leaks.LeakError, match=re.escape(".ipynb_checkpoints/initialization-checkpoint.ipynb (cell 1")):
        leaks.check_folder(tmp_path / "student")


@pytest.mark.parametrize("given", [f"  {SECRET}\n", SECRET], ids=["with-surrounding-whitespace", "as-kept"])
def test_the_secret_is_looked_for_without_surrounding_whitespace(given):
    found = leaks.find_leaks({"notes.txt": f"one\nkey={SECRET};\n"}, secret=given)
    assert [(leak.file, leak.line, leak.kind) for leak in found] == [("notes.txt", 2, leaks.SECRET)], found


def test_the_release_command_exits_2_naming_the_leak_and_writes_nothing(clean, tmp_path, monkeypatch, capsys):
    from autograder import cli

    leaky = planted(clean, {"initializers.py": lambda text: inserted(text, 10, SOLUTION_LINE)})
    monkeypatch.setattr(release, "render_release", lambda: leaky)
    assert cli.main(["release", "--out", str(tmp_path / "student")]) == 2
    error = capsys.readouterr().err
    assert "initgrade release: error:" in error and "initializers.py:10: solution line (" in error, error
    assert list(tmp_path.iterdir()) == [], f"the command wrote {list(tmp_path.iterdir())}"
