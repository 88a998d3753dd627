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
   ``compare_initializers`` on the digits, then its transfer experiment, run with the notebook's
   ``compare_transfer``, plots shown inline;
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

The cells are made by ``notebook_functions`` (items 2 and 3, from the reference modules) and
``notebook_prose`` (items 1, 4 and 5, from README.md, compare.py and answers.md), each through
``notebook_cells``, which sets the nbgrader metadata; this module puts them in order, stubs the
student's copy and serializes.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.grading import hidden_rubric
from autograder.reference import solutions_dir
from autograder.release.notebook_cells import read_only
from autograder.release.notebook_functions import ReferenceModule, function_cells, points_by_function, setup_code
from autograder.release.notebook_prose import comparison_cells, intro_cell, written_cells
from autograder.release.stubs import strip_markdown, strip_python

NOTEBOOK_NAME = "initialization.ipynb"
MODULES = ("initializers", "training")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def source_notebook(source: Path | None = None) -> nbformat.NotebookNode:
    """The nbgrader source notebook of the assignment in ``source`` (default ``solutions/``)."""
    source = Path(source) if source is not None else solutions_dir()
    modules = {name: ReferenceModule(name, (source / f"{name}.py").read_text(encoding="utf-8")) for name in MODULES}
    public = {name: module.public_functions() for name, module in modules.items()}
    graded = points_by_function(hidden_rubric())
    unanswered = sorted(set(graded) - {f for functions in public.values() for f in functions})
    if unanswered:
        raise ValueError(f"the hidden suite grades {unanswered}, which are no public function with a solution region")
    cells = [
        intro_cell(source, public),
        read_only("code", "setup", setup_code(modules)),
        *[cell for module in modules.values() for cell in function_cells(module, graded)],
        *comparison_cells(source),
        *written_cells(source),
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
