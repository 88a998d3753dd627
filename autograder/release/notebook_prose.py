"""The release notebook's cells made from the reference's other files: the introduction from README.md,
the training comparison from compare.py's constants, the written questions from answers.md.

    intro_cell(source, public) -> NotebookNode      ``intro``: the README's title, paragraph and rules, how to work
    comparison_cells(source) -> [NotebookNode]      ``comparison_intro`` and ``comparison``
    written_cells(source) -> [NotebookNode]         ``written``, then per question its question and answer cells

``source`` is the reference folder. What these cells hold is items 1, 4 and 5 of
``autograder.release.notebook``'s docstring; each function raises ``ValueError`` when its file lacks
what the cells are made from.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from autograder.grading.load import COMPARISON_TAG
from autograder.grading.written import QUESTION_HEADING
from autograder.release.notebook_cells import cell, read_only
from autograder.release.stubs import MARKDOWN_MARKERS, MARKDOWN_STUB
from autograder.results import question_id

RULES_HEADING = "## Rules the grader holds you to"


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


def _counts(counts) -> str:
    """``[1, 2, 5]`` as ``1, 2 or 5``."""
    counts = [str(count) for count in counts]
    return counts[0] if len(counts) == 1 else f"{', '.join(counts[:-1])} or {counts[-1]}"


def intro_cell(source: Path, public: dict[str, list[str]]) -> nbformat.NotebookNode:
    """The introduction: README.md's title, first paragraph and ``RULES_HEADING`` section around how to
    work in the notebook, naming ``public`` (``{"initializers": [function, ...], "training": [...]}``)."""
    title, paragraph, rules = _readme_parts(source)
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
5. The training comparison near the end runs your `compare_initializers` and `compare_transfer` and shows
   their plots.

The read-only cells are the same in every copy of the notebook; grading uses your answer cells.

{rules}"""
    return read_only("markdown", "intro", text)


def comparison_cells(source: Path) -> list[nbformat.NotebookNode]:
    """What compare.py runs, said from its own constants, and the cell that runs it here."""
    names = ("EXPERIMENTS", "INITIALIZERS", "EPOCHS", "LEARNING_RATE", "LABEL_COUNTS", "TRANSFER_EPOCHS")
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
each hidden layer's activations at initialization (the plots are also written to `comparison/`).

Then it runs the transfer experiment of Part 4 with your `load_pretrained`, `transfer_weights` and
`compare_transfer`, as `python compare.py --experiment transfer` does: the network of `pretrained_digits.pt`,
trained on all ten digits, is retrained on the digits 5 to 9 with {_counts(constants["LABEL_COUNTS"])} labelled
images per class, for {constants["TRANSFER_EPOCHS"]} epochs, frozen and fine-tuned, beside a network trained from
scratch. Its table and plot (`comparison/transfer.png`) give the test accuracy for each number of labels."""
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
    display(Image(filename=str(image)))

results = compare.run_transfer()  # the transfer experiment of Part 4, always on the digits
print(compare.transfer_table(results))
image = plots.plot_transfer(
    results,
    compare.LABEL_COUNTS,
    "comparison/transfer.png",
    title=compare.TRANSFER_TITLE,
    n_classes=len(data.TARGET_DIGITS),
)
display(Image(filename=str(image)))"""
    return [
        read_only("markdown", "comparison_intro", text),
        read_only("code", "comparison", code, tags=[COMPARISON_TAG]),
    ]


def written_cells(source: Path) -> list[nbformat.NotebookNode]:
    """answers.md as cells: the text before and between the questions, and each question
    (``QUESTION_HEADING``'s headings, as ``grading.written_questions`` reads them) with its answer cell."""
    path = source / "answers.md"
    text = path.read_text(encoding="utf-8")
    headings = list(QUESTION_HEADING.finditer(text))
    if not headings:
        raise ValueError(f"{path} has no question headings such as '### Q1.1 — Title (4 points)'")
    cells = (
        [read_only("markdown", "written", text[: headings[0].start()])] if text[: headings[0].start()].strip() else []
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
        cells.append(read_only("markdown", f"question_{grade_id}", "\n".join(lines[: begins[0]])))
        cells.append(cell("markdown", grade_id, "\n".join(lines[begins[0] : ends[0] + 1]), nbgrader))
        if "\n".join(lines[ends[0] + 1 :]).strip():
            cells.append(read_only("markdown", f"written_after_{grade_id}", "\n".join(lines[ends[0] + 1 :])))
    return cells
