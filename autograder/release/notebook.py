"""The assignment as one Jupyter notebook (nbformat 4), built from the reference folder.

    source_notebook(source=None) -> NotebookNode    nbgrader's source: model solutions inside solution regions
    student_notebook(source=None) -> NotebookNode   the same with every region stubbed as the .py release does
    notebook_text(notebook) -> str                  the file's text; the same notebook gives the same bytes

Every cell is made from ``source`` (default ``solutions/``) or from the hidden suite's markers, in
this order:

1. ``intro``: the title, first paragraph and rules of the student README.md, and how to work in
   the notebook;
2. ``setup``: the imports, constants and helpers of initializers.py then training.py, that is
   every top-level statement but the module docstring, ``from __future__`` imports (a notebook's
   cells form one module, where they would be a SyntaxError) and the functions with a solution
   region; a statement both modules hold word for word appears once, and a name the two modules
   define differently is refused (``ValueError``), since the cells share one namespace;
3. per module, ``module_<module>``: its docstring; then per public function with a solution
   region, in file order: ``task_<f>`` (its docstring), ``answer_<f>`` (its whole source),
   ``public_tests_<f>`` (runs the public tests that check it, see ``public_tests.py``), and,
   when the hidden suite grades it, ``<f>``: a placeholder for the hidden tests worth their
   points. A private helper with a solution region gets ``task_<h>`` and ``answer_<h>`` of its
   own, right after the answer cell of the first public function that names it (so that
   function's public tests find it), or after the public function above it when none does;
4. ``comparison_intro`` and ``comparison``: compare.py's experiments, run with the notebook's
   ``compare_initializers`` on the digits, plots shown inline;
5. answers.md: ``written`` (the text before the first question), then per question ``Q1.1``
   ``question_q1_1`` (its heading and text), ``q1_1`` (the model answer with its marking guide,
   inside the Markdown solution region) and ``written_after_q1_1`` if text such as the next
   part's heading follows the answer.

Each cell's id is its nbgrader ``grade_id``. Metadata (``"nbgrader"`` with ``schema_version`` 3):

* answer cells: ``{"solution": true, "grade": false, "locked": false, "grade_id": "answer_<f>"}``
  and ``"initgrade": {"module": "initializers" | "training", "function": "<f>"}``;
* hidden-test placeholders: ``{"grade": true, "solution": false, "locked": true, "grade_id": "<f>",
  "points": <sum over the function's hidden tests>}``, tag ``autograder``;
* written answers: ``{"solution": true, "grade": true, "locked": false, "grade_id": "q1_1",
  "points": <the heading's points>}``;
* every other cell is read-only: ``{"solution": false, "grade": false, "locked": true,
  "grade_id": ...}``; public-test cells are tagged ``tests``, the comparison cell ``comparison``
  (``autograder.grading.load`` leaves cells with these tags out of a graded notebook).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import nbformat

from autograder.grading import hidden_rubric
from autograder.grading.load import COMPARISON_TAG, PUBLIC_TESTS_TAG
from autograder.grading.written import QUESTION_HEADING
from autograder.reference import solutions_dir
from autograder.release.stubs import MARKDOWN_MARKERS, MARKDOWN_STUB, PYTHON_MARKERS, strip_markdown, strip_python
from autograder.results import question_id

NOTEBOOK_NAME = "initialization.ipynb"
MODULES = ("initializers", "training")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
RULES_HEADING = "## Rules the grader holds you to"
_TABLE_RULE = re.compile(r"=+(?: +=+)+")


def source_notebook(source: Path | None = None) -> nbformat.NotebookNode:
    """The nbgrader source notebook of the assignment in ``source`` (default ``solutions/``)."""
    source = Path(source) if source is not None else solutions_dir()
    modules = {name: _Module(name, (source / f"{name}.py").read_text(encoding="utf-8")) for name in MODULES}
    answered = {f for module in modules.values() for f in module.with_region if not f.startswith("_")}
    unanswered = sorted(set(_points_by_function()) - answered)
    if unanswered:
        raise ValueError(f"the hidden suite grades {unanswered}, which are no public function with a solution region")
    cells = [
        _intro(source, modules),
        _read_only("code", "setup", _setup_code(modules)),
        *[cell for module in modules.values() for cell in _function_cells(module)],
        *_comparison_cells(source),
        *_written_cells(source),
    ]
    notebook = nbformat.v4.new_notebook(
        cells=cells, metadata={"kernelspec": KERNELSPEC, "language_info": {"name": "python"}}
    )
    nbformat.validate(notebook)
    return notebook


def student_notebook(source: Path | None = None) -> nbformat.NotebookNode:
    """``source_notebook(source)`` with each solution region replaced as ``strip_python`` and
    ``strip_markdown`` replace them in the .py release."""
    notebook = source_notebook(source)
    for cell in notebook.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            origin = f"{NOTEBOOK_NAME}, cell {cell.id}"
            strip = strip_python if cell.cell_type == "code" else strip_markdown
            cell.source = strip(cell.source + "\n", origin=origin).rstrip("\n")
    nbformat.validate(notebook)
    return notebook


def notebook_text(notebook: nbformat.NotebookNode) -> str:
    """The ``.ipynb`` file's text: nbformat's own serialization (sorted keys), ending with a newline."""
    return nbformat.writes(notebook, version=4) + "\n"


class _Module:
    """A reference module's top-level statements and its functions with a solution region."""

    def __init__(self, name: str, text: str):
        self.name, lines = name, text.splitlines()
        tree = ast.parse(text, filename=f"{name}.py")
        self.docstring = ast.get_docstring(tree) or ""
        self.statements = []  # (node, its own source, its source with the comments and blank lines above)
        previous_end = 0
        for node in tree.body:
            start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
            end = node.end_lineno  # and the indented comments that close a body, such as ### END SOLUTION
            while end < len(lines) and lines[end].lstrip().startswith("#") and _indent(lines[end]) > node.col_offset:
                end += 1
            own = "\n".join(lines[start - 1 : end])
            self.statements.append((node, own, "\n".join(lines[previous_end:end])))
            previous_end = end
        self.with_region = {
            node.name: (node, own)
            for node, own, _ in self.statements
            if isinstance(node, ast.FunctionDef) and any(line.strip() == PYTHON_MARKERS[0] for line in own.splitlines())
        }

    def bindings(self):
        """``(name, own source)`` of every name a top-level statement binds."""
        for node, own, _ in self.statements:
            for name in _bound_names(node):
                yield name, own

    def setup_statements(self):
        """``(own source, source with the lines above)`` of the statements of the setup cell."""
        for index, (node, own, text) in enumerate(self.statements):
            is_docstring = index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            is_future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
            if not (is_docstring or is_future or getattr(node, "name", None) in self.with_region):
                yield own, text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _bound_names(node) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [(alias.asname or alias.name).split(".")[0] for alias in node.names]
    return [
        target.id for target in ast.walk(node) if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store)
    ]


def _cell(kind: str, grade_id: str, text: str, nbgrader: dict, **metadata) -> nbformat.NotebookNode:
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(
        text.strip("\n"), metadata={"nbgrader": {**nbgrader, "grade_id": grade_id, "schema_version": 3}, **metadata}
    )
    cell.id = grade_id
    return cell


def _read_only(kind: str, grade_id: str, text: str, **metadata) -> nbformat.NotebookNode:
    return _cell(kind, grade_id, text, {"solution": False, "grade": False, "locked": True}, **metadata)


def _readme_parts(source: Path) -> tuple[str, str, str]:
    """The student README's title, first paragraph and rules section."""
    text = (source / "README.md").read_text(encoding="utf-8")
    title, _, rest = text.partition("\n")
    paragraph = rest.strip().split("\n\n", 1)[0]
    if RULES_HEADING not in text:
        raise ValueError(f"{source / 'README.md'} has no section {RULES_HEADING!r} for the notebook's introduction")
    rules = RULES_HEADING + text.split(RULES_HEADING, 1)[1].split("\n## ", 1)[0].rstrip()
    return title, paragraph, rules


def _names(names) -> str:
    return ", ".join(f"`{name}`" for name in names)


def _intro(source: Path, modules: dict) -> nbformat.NotebookNode:
    title, paragraph, rules = _readme_parts(source)
    public = {name: [f for f in module.with_region if not f.startswith("_")] for name, module in modules.items()}
    text = f"""\
{title}

{paragraph}

This notebook holds the whole assignment: the functions of `initializers.py` ({_names(public["initializers"])}),
those of `training.py` ({_names(public["training"])}), and the written questions. Keep it in its folder:
its cells import `public_tests.py`, `data.py`, `plots.py` and `compare.py`, and read the tests in `tests/`.

## How to work in this notebook

1. Run the setup cell first: it holds the imports, constants and helpers the functions share.
2. Write each function in its answer cell, in place of the line `raise NotImplementedError(...)`.
   Keep the function's name and parameters. A helper cell (a name starting with `_`) is there to help;
   you may leave it as it is and write your own code instead.
3. Run the public-test cell below each answer cell: it runs the public tests of `tests/` that check that
   function and prints how many passed and why the others failed. Passing them is necessary, not enough:
   the cells that stand for hidden tests show each function's points, and those tests run only when the
   notebook is graded.
4. Answer each written question in the answer cell below it, in place of `{MARKDOWN_STUB}`.
5. The training comparison near the end runs your `compare_initializers` and shows its plots.

The read-only cells are the same in every copy of the notebook; grading uses your answer cells.

{rules}"""
    return _read_only("markdown", "intro", text)


def _setup_code(modules: dict) -> str:
    """The setup cell's code (see the module docstring)."""
    sources: dict[str, dict[str, str]] = defaultdict(dict)  # name -> {module: source of its statement}
    for module in modules.values():
        for name, own in module.bindings():
            sources[name][module.name] = own
    for name, by_module in sources.items():
        if len(by_module) > 1 and (
            len(set(by_module.values())) > 1 or any(name in m.with_region for m in modules.values())
        ):
            raise ValueError(
                f"{name} is defined in both {' and '.join(f'{m}.py' for m in by_module)}, differently; a "
                "notebook's cells share one namespace, so one of them must be renamed"
            )
    parts, seen = [], set()
    for module in modules.values():
        texts = []
        for own, text in module.setup_statements():
            if own not in seen:  # a statement the module above holds word for word is there already
                seen.add(own)
                texts.append(text)
        parts.append(f"# From {module.name}.py\n" + "\n".join(texts).strip("\n"))
    return "\n\n\n".join(parts)


def _markdown(docstring: str) -> str:
    """A docstring as Markdown: doctest examples and tables as code blocks, ``text::`` as ``text:``."""
    lines, output, index = docstring.splitlines(), [], 0
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith(">>>") or _TABLE_RULE.fullmatch(line.strip()):
            block = []
            while index < len(lines) and lines[index].strip():
                block.append(lines[index])
                index += 1
            output += ["```python" if block[0].lstrip().startswith(">>>") else "```text", *block, "```"]
            continue
        output.append(line.rstrip()[:-1] if line.rstrip().endswith("::") and line.strip() != "::" else line)
        index += 1
    return "\n".join(output)


def _points_by_function() -> dict[str, tuple[float, int]]:
    totals: dict[str, list] = defaultdict(lambda: [0.0, 0])
    for title, points, _visibility in hidden_rubric():
        totals[title.split(":", 1)[0]][0] += points
        totals[title.split(":", 1)[0]][1] += 1
    return {function: (points, count) for function, (points, count) in totals.items()}


def _function_cells(module: _Module) -> list[nbformat.NotebookNode]:
    graded = _points_by_function()
    functions = list(module.with_region)
    public = [f for f in functions if not f.startswith("_")]
    helpers_after: dict[str, list[str]] = defaultdict(list)
    for helper in (f for f in functions if f.startswith("_")):
        users = [f for f in public if helper in _referenced(module.with_region[f][0])]
        above = [f for f in public if functions.index(f) < functions.index(helper)]
        helpers_after[users[0] if users else above[-1] if above else public[0]].append(helper)

    cells = [_read_only("markdown", f"module_{module.name}", f"## `{module.name}.py`\n\n{_markdown(module.docstring)}")]
    for function in public:
        cells += _answer_cells(module, function, f"### `{function}`")
        for helper in helpers_after[function]:
            cells += _answer_cells(module, helper, f"### `{helper}`, a helper of `{function}` with a stub")
        public_tests = f"""\
# The public tests of {function}: run this cell after the answer cell(s) above.
import public_tests

public_tests.run("{function}", globals())"""
        cells.append(_read_only("code", f"public_tests_{function}", public_tests, tags=[PUBLIC_TESTS_TAG]))
        if function in graded:
            points, count = graded[function]
            placeholder = (
                f"# The {count} hidden tests of {function} ({points:g} points) run here when the notebook\n"
                "# is graded; this cell does nothing before then."
            )
            nbgrader = {"grade": True, "solution": False, "locked": True, "points": points}
            cells.append(_cell("code", function, placeholder, nbgrader, tags=["autograder"]))
    return cells


def _answer_cells(module: _Module, function: str, heading: str) -> list[nbformat.NotebookNode]:
    node, own = module.with_region[function]
    nbgrader = {"solution": True, "grade": False, "locked": False}
    initgrade = {"module": module.name, "function": function}
    return [
        _read_only("markdown", f"task_{function}", f"{heading}\n\n{_markdown(ast.get_docstring(node) or '')}"),
        _cell("code", f"answer_{function}", own, nbgrader, initgrade=initgrade),
    ]


def _referenced(node) -> set[str]:
    return {name.id for name in ast.walk(node) if isinstance(name, ast.Name)}


def _comparison_cells(source: Path) -> list[nbformat.NotebookNode]:
    """What compare.py runs, said from its own constants, and the cell that runs it here."""
    names = ("EXPERIMENTS", "INITIALIZERS", "EPOCHS", "LEARNING_RATE")
    constants = {}
    for node in ast.parse((source / "compare.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and getattr(node.targets[0], "id", "") in names:
            # The kit's own file, and expressions of literals only, such as [128] * 8: nothing to guard against.
            constants[node.targets[0].id] = eval(compile(ast.Expression(node.value), "compare.py", "eval"), {})
    missing = [name for name in names if name not in constants]
    if missing:
        raise ValueError(f"{source / 'compare.py'} does not assign {missing} at its top level")
    experiments = []
    for name, spec in constants["EXPERIMENTS"].items():
        hidden = spec["hidden"]
        layers = f"{len(hidden)} hidden layer{'s' if len(hidden) > 1 else ''} of {hidden[0]} units"
        if len(set(hidden)) > 1:
            layers = f"hidden layers of {', '.join(map(str, hidden))} units"
        experiments.append(f"* `{name}`: {layers}, {spec['activation']}")
    text = f"""\
## Training comparison

The cell below runs your `compare_initializers` on the UCI digits (`data.load_digits()`), as
`python compare.py` does: one network per initializer ({_names(constants["INITIALIZERS"])}), trained for
{constants["EPOCHS"]} epochs with learning rate {constants["LEARNING_RATE"]}, in each experiment:

{chr(10).join(experiments)}

For each experiment it prints a table and shows the training loss per epoch beside the standard deviation of
each hidden layer's activations at initialization (the plots are also written to `comparison/`)."""
    code = """\
# Runs compare.py's experiments with the functions of this notebook and shows the plots.
import public_tests

public_tests.use_notebook(globals())  # compare.py's `import initializers, training` gives this notebook's code

import compare
import data
import plots
from IPython.display import Image, display

dataset = data.load_digits()
for experiment in compare.EXPERIMENTS:
    results = compare.run_experiment(experiment, dataset)
    print(compare.summary_table(experiment, results))
    image = plots.plot_comparison(
        results,
        f"comparison/{experiment}.png",
        title=f"{experiment} on digits",
        n_classes=compare.count_classes(dataset),
    )
    display(Image(filename=str(image)))"""
    return [
        _read_only("markdown", "comparison_intro", text),
        _read_only("code", "comparison", code, tags=[COMPARISON_TAG]),
    ]


def _written_cells(source: Path) -> list[nbformat.NotebookNode]:
    """answers.md as cells: the text before and between the questions, and each question
    (``QUESTION_HEADING``'s headings, as ``grading.written_questions`` reads them) with its answer cell."""
    path = source / "answers.md"
    text = path.read_text(encoding="utf-8")
    headings = list(QUESTION_HEADING.finditer(text))
    if not headings:
        raise ValueError(f"{path} has no question headings such as '### Q1.1 — Title (4 points)'")
    cells = (
        [_read_only("markdown", "written", text[: headings[0].start()])] if text[: headings[0].start()].strip() else []
    )
    for heading, following in zip(headings, [*headings[1:], None]):
        number, _title, points = heading.groups()
        lines = text[heading.start() : following.start() if following else len(text)].splitlines()
        begins = [i for i, line in enumerate(lines) if line.strip() == MARKDOWN_MARKERS[0]]
        ends = [i for i, line in enumerate(lines) if line.strip() == MARKDOWN_MARKERS[1]]
        if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
            raise ValueError(f"{path}: {number} must have exactly one model answer, between {MARKDOWN_MARKERS}")
        grade_id = question_id(number)
        nbgrader = {"solution": True, "grade": True, "locked": False, "points": float(points)}
        cells.append(_read_only("markdown", f"question_{grade_id}", "\n".join(lines[: begins[0]])))
        cells.append(_cell("markdown", grade_id, "\n".join(lines[begins[0] : ends[0] + 1]), nbgrader))
        if "\n".join(lines[ends[0] + 1 :]).strip():
            cells.append(_read_only("markdown", f"written_after_{grade_id}", "\n".join(lines[ends[0] + 1 :])))
    return cells
