"""The release notebook: made from solutions/ and the hidden suite's markers, the same on every build,
valid nbformat 4, every solution region in one answer cell and none of it in the student notebook."""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest

from autograder import release
from autograder.grading import written_questions
from autograder.grading.load import RUN_ONLY_TAGS
from autograder.reference import SOLUTIONS_DIR
from autograder.release import notebook

notebooks = sys.modules["initgrade_test_notebooks"]  # loaded by conftest.py


@pytest.fixture(scope="module")
def source():
    return notebook.source_notebook()


@pytest.fixture(scope="module")
def student():
    return notebook.student_notebook()


def nbgrader_of(cell) -> dict:
    return dict(cell.metadata.get("nbgrader", {}))


def by_id(nb) -> dict:
    return {cell.id: cell for cell in nb.cells}


def region_functions() -> dict[tuple[str, str], list[str]]:
    """{(module, function): the lines of its solution regions}, read from solutions/*.py line by line."""
    found = {}
    for module in notebook.MODULES:
        function, inside = None, False
        for line in (SOLUTIONS_DIR / f"{module}.py").read_text().splitlines():
            definition = re.match(r"def (\w+)", line)
            if definition:
                function = definition.group(1)
            elif line.strip() == release.PYTHON_MARKERS[0]:
                inside = True
                found.setdefault((module, function), [])
            elif line.strip() == release.PYTHON_MARKERS[1]:
                inside = False
            elif inside:
                found[(module, function)].append(line)
    return found


def model_answers() -> list[str]:
    """The text between the Markdown markers of solutions/answers.md, one entry per answer."""
    begin, end = (re.escape(marker) for marker in release.MARKDOWN_MARKERS)
    return re.findall(rf"{begin}\n(.*?)\n{end}", (SOLUTIONS_DIR / "answers.md").read_text(), re.DOTALL)


def leaked_solution_lines(source, released_text: str) -> dict[str, list[str]]:
    """{function: its solution lines found in ``released_text``}, leaving out lines that the
    source notebook also shows outside any region (a lone ``)`` or ``return x`` tells nothing)."""
    visible = set()
    for cell in source.cells:
        code = release.strip_python(cell.source + "\n") if cell.cell_type == "code" else cell.source
        visible |= {line.strip() for line in release.strip_markdown(code + "\n").splitlines()}
    released = {line.strip() for line in released_text.splitlines()}
    leaked = {}
    for (_, function), lines in region_functions().items():
        found = [line for line in lines if line.strip() and line.strip() not in visible and line.strip() in released]
        if found:
            leaked[function] = found
    return leaked


def test_two_builds_give_the_same_bytes():
    assert notebook.notebook_text(notebook.source_notebook()) == notebook.notebook_text(notebook.source_notebook())
    text = notebook.notebook_text(notebook.student_notebook())
    assert text == notebook.notebook_text(notebook.student_notebook())
    assert text.endswith("}\n") and release.render_release()[notebook.NOTEBOOK_NAME] == text


@pytest.mark.parametrize("which", ["source", "student"])
def test_the_notebooks_are_valid_nbformat_4(which, request):
    built = request.getfixturevalue(which)
    read_back = nbformat.reads(notebook.notebook_text(built), as_version=nbformat.NO_CONVERT)
    nbformat.validate(read_back)
    assert (read_back.nbformat, read_back.metadata.kernelspec.name) == (4, "python3")


@pytest.mark.parametrize("which", ["source", "student"])
def test_each_cell_is_named_by_its_unique_grade_id(which, request):
    cells = request.getfixturevalue(which).cells
    grade_ids = [nbgrader_of(cell).get("grade_id") for cell in cells]
    assert None not in grade_ids, "a cell has no nbgrader grade_id"
    assert [cell.id for cell in cells] == grade_ids, "a cell's id is not its grade_id"
    repeated = [name for name, count in Counter(grade_ids).items() if count > 1]
    assert not repeated, f"grade ids used twice: {repeated}"


def test_every_function_with_a_solution_region_has_exactly_one_answer_cell(source):
    answered = Counter(
        (cell.metadata.initgrade.module, cell.metadata.initgrade.function)
        for cell in source.cells
        if "initgrade" in cell.metadata
    )
    assert set(answered) == set(region_functions()), set(answered) ^ set(region_functions())
    assert set(answered.values()) == {1}, answered
    for cell in source.cells:
        if "initgrade" in cell.metadata:
            module, function = cell.metadata.initgrade.module, cell.metadata.initgrade.function
            assert cell.source in (SOLUTIONS_DIR / f"{module}.py").read_text(), f"{function}'s source was changed"
            assert cell.source.startswith(f"def {function}(") and cell.source.endswith(release.PYTHON_MARKERS[1])


def test_the_cell_metadata_follow_the_scheme(source):
    cells = by_id(source)
    assert dict(cells["answer_he_normal"].metadata) == {
        "nbgrader": {
            "solution": True,
            "grade": False,
            "locked": False,
            "grade_id": "answer_he_normal",
            "schema_version": 3,
        },
        "initgrade": {"module": "initializers", "function": "he_normal"},
    }
    assert dict(cells["he_normal"].metadata) == {
        "nbgrader": {
            "grade": True,
            "solution": False,
            "locked": True,
            "grade_id": "he_normal",
            "points": notebooks.hidden_points()["he_normal"],
            "schema_version": 3,
        },
        "tags": ["autograder"],
    }
    assert dict(cells["public_tests_train"].metadata) == {
        "nbgrader": {
            "solution": False,
            "grade": False,
            "locked": True,
            "grade_id": "public_tests_train",
            "schema_version": 3,
        },
        "tags": ["tests"],
    }
    assert nbgrader_of(cells["q1_1"]) == {
        "solution": True,
        "grade": True,
        "locked": False,
        "grade_id": "q1_1",
        "points": 4.0,
        "schema_version": 3,
    }
    assert cells["comparison"].metadata.tags == ["comparison"] and nbgrader_of(cells["comparison"])["locked"]


def test_grade_cells_hold_the_points_of_the_hidden_tests(source):
    grade_cells = [cell for cell in source.cells if cell.metadata.get("tags") == ["autograder"]]
    points = {cell.id: nbgrader_of(cell)["points"] for cell in grade_cells}
    declared = notebooks.hidden_points()
    assert points == declared
    assert sum(points.values()) == pytest.approx(sum(declared.values()))
    for cell in grade_cells:
        assert all(line.startswith("#") for line in cell.source.splitlines()), f"{cell.id} holds code"
        before = source.cells[source.cells.index(cell) - 1]
        assert before.id == f"public_tests_{cell.id}", f"{cell.id}'s grade cell follows {before.id}"


def test_each_helper_with_a_solution_region_follows_the_first_function_that_calls_it(source):
    ids = [cell.id for cell in source.cells]
    helpers = [(module, name) for module, name in region_functions() if name.startswith("_")]
    assert helpers, "the reference has no helper with a solution region; this test checks nothing"
    for _module, helper in helpers:
        position = ids.index(f"answer_{helper}")
        answers = [i for i in ids[:position] if i.startswith("answer_") and not i.startswith("answer__")]
        caller = answers[-1].removeprefix("answer_")
        assert re.search(rf"\b{helper}\(", by_id(source)[f"answer_{caller}"].source), (helper, caller)
        assert ids.index(f"public_tests_{caller}") > position, f"{caller}'s public tests run before {helper} exists"


def test_every_code_cell_but_the_code_of_a_submission_is_left_out_when_graded(source):
    for cell in source.cells:
        if cell.cell_type == "code" and cell.id != "setup" and "initgrade" not in cell.metadata:
            left_out = set(cell.metadata.get("tags", [])) & set(RUN_ONLY_TAGS) or nbgrader_of(cell)["grade"]
            assert left_out, f"cell {cell.id} would be graded as part of the student's code"


def test_the_setup_cell_holds_the_modules_code_without_future_imports_or_solutions(source):
    setup = by_id(source)["setup"].source
    compile(setup, "setup", "exec")
    assert "__future__" not in setup and release.PYTHON_MARKERS[0] not in setup
    for name in ["TRUNCATED_NORMAL_STD", "_as_shape", "_check_choice", "ACTIVATIONS", "_as_inputs", "import torch"]:
        assert name in setup, name
    assert setup.count("def _is_real(") == 1, "a helper both modules hold must appear once"


def test_the_student_notebook_keeps_no_solution_line_and_no_model_answer(source, student):
    text = "\n".join(cell.source for cell in student.cells)
    assert not leaked_solution_lines(source, text), "solution lines are in the student notebook"
    for answer in model_answers():
        for paragraph in filter(None, (p.strip() for p in answer.split("\n\n"))):
            assert paragraph not in text, f"a model answer is in the student notebook: {paragraph[:80]!r}"
    for marker in [*release.PYTHON_MARKERS, *release.MARKDOWN_MARKERS, "Model answer", "Marking guide"]:
        assert marker not in text, marker


def test_answer_cells_are_stubbed_as_the_py_release_stubs_them(source, student):
    stubbed = release.render_release()
    for before, after in zip(source.cells, student.cells):
        if "initgrade" in before.metadata:
            assert after.source + "\n" == release.strip_python(before.source + "\n")
            assert after.source in stubbed[f"{before.metadata.initgrade.module}.py"]
        elif nbgrader_of(before).get("solution"):
            assert after.source == release.MARKDOWN_STUB
        else:
            assert after.source == before.source, f"{before.id} is not a solution cell, yet it changed"


def test_every_written_question_has_its_question_and_answer_cells(source):
    questions = [cell for cell in source.cells if cell.id.startswith("question_")]
    heading = re.compile(r"###\s+(Q[\d.]+)\s+\S\s+(.+)\s+\([\d.]+ points?\)")
    names = [heading.fullmatch(cell.source.splitlines()[0]).group(1, 2) for cell in questions]
    answers = [source.cells[source.cells.index(cell) + 1] for cell in questions]
    expected = written_questions()
    assert [f"{number} {title}" for number, title in names] == [item.name for item in expected]
    assert [nbgrader_of(cell)["points"] for cell in answers] == [item.max_score for item in expected]
    assert [cell.source.strip("\n") for cell in answers] == [
        f"{release.MARKDOWN_MARKERS[0]}\n{answer}\n{release.MARKDOWN_MARKERS[1]}" for answer in model_answers()
    ]


def test_the_introduction_states_the_rules_and_how_to_work(source):
    intro = by_id(source)["intro"].source
    for phrase in ["(fan_in, fan_out)", "(*kernel, in_channels, out_channels)", "`rng`", "ValueError", "public-test"]:
        assert phrase in intro, phrase
    assert release.MARKDOWN_STUB in intro


# -- what the builder refuses -------------------------------------------------------------------------------


def edited_solutions(tmp_path, name, old, new):
    copy = tmp_path / "solutions"
    shutil.copytree(SOLUTIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    text = (copy / name).read_text()
    assert old in text, f"{name} no longer holds {old!r}; update this test"
    (copy / name).write_text(text.replace(old, new))
    return copy


@pytest.mark.parametrize(
    "name, old, new, message",
    [
        (
            "README.md",
            "## Rules the grader",
            "## Rules",
            r"README.md has no section '## Rules the grader holds you to'",
        ),
        ("compare.py", "EPOCHS = 10\n", "", r"compare.py does not assign \['EPOCHS'\] at its top level"),
        ("answers.md", "### Q", "#### Q", r"answers.md has no question headings"),
        ("answers.md", "<!-- END SOLUTION -->\n", "", r"answers.md: Q1.1 must have exactly one model answer"),
        (
            "training.py",
            "OPTIMIZERS = (",
            "TRUNCATED_NORMAL_STD = 1.0\nOPTIMIZERS = (",
            r"TRUNCATED_NORMAL_STD is defined in both",
        ),
        ("training.py", "def _linear_layers(", "def compute_fans(", r"compute_fans is defined in both initializers"),
    ],
    ids=["no-rules", "no-epochs", "no-questions", "open-answer", "constant-clash", "function-clash"],
)
def test_a_reference_the_notebook_cannot_hold_is_refused(tmp_path, name, old, new, message):
    with pytest.raises(ValueError, match=message):
        notebook.source_notebook(edited_solutions(tmp_path, name, old, new))


def test_a_graded_function_without_an_answer_cell_is_refused(monkeypatch):
    rubric = notebook.hidden_rubric()
    monkeypatch.setattr(notebook, "hidden_rubric", lambda: [*rubric, ("softmax: sums to one", 1.0, "visible")])
    with pytest.raises(ValueError, match=r"the hidden suite grades \['softmax'\], which are no public function"):
        notebook.source_notebook()


# -- nbgrader ------------------------------------------------------------------------------------------------


def test_nbgrader_generates_a_release_without_solutions(tmp_path, source):
    """nbgrader's own generate_assignment accepts the source notebook and strips every region."""
    course = tmp_path / "course"
    (course / "source" / "initialization").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'initgrade-test'\n"
    )
    nbformat.write(source, course / "source" / "initialization" / notebook.NOTEBOOK_NAME)
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [sys.executable, "-m", "nbgrader", "generate_assignment", "initialization", "--force"]  # headless
    ran = subprocess.run(command, cwd=course, env=environment, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    generated = nbformat.read(course / "release" / "initialization" / notebook.NOTEBOOK_NAME, as_version=4)
    text = "\n".join(cell.source for cell in generated.cells)
    for marker in ["BEGIN SOLUTION", "END SOLUTION", "Model answer", "Marking guide"]:
        assert marker not in text, marker
    assert not leaked_solution_lines(source, text), "solution lines are in nbgrader's release"
    for answer in model_answers():
        for paragraph in filter(None, (p.strip() for p in answer.split("\n\n"))):
            assert paragraph not in text, f"a model answer is in nbgrader's release: {paragraph[:80]!r}"
    assert [cell.id for cell in generated.cells] == [cell.id for cell in source.cells]
