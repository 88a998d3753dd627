"""The release notebook's cells made from the reference modules (initializers.py, training.py): the setup
cell, and per module its docstring and the cells of each function with a solution region.

    ReferenceModule(name, text)                         a module's top-level statements, functions with a region
    setup_code(modules) -> str                          the setup cell's code; ValueError when a name clashes
    points_by_function(rubric) -> {f: (points, count)}  what the hidden suite's tests of each function are worth
    function_cells(module, graded) -> [NotebookNode]    ``module_<m>``, then each function's cells

What these cells hold, and in which order, is items 2 and 3 of ``autograder.release.notebook``'s docstring.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict

import nbformat

from autograder.grading.load import PUBLIC_TESTS_TAG
from autograder.release.notebook_cells import cell, read_only
from autograder.release.stubs import PYTHON_MARKERS

_TABLE_RULE = re.compile(r"=+(?: +=+)+")


class ReferenceModule:
    """A reference module's top-level statements and its functions with a solution region.

    ``ReferenceModule(name, text)`` parses ``text``, the source of ``<name>.py``, and holds ``name``,
    ``docstring``, ``statements`` (``(node, own source, source with the comments and blank lines
    above)`` per top-level statement) and ``with_region`` (``{function: (node, own source)}`` for each
    top-level function holding ``### BEGIN SOLUTION``, in file order)."""

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

    def public_functions(self) -> list[str]:
        """The names of ``with_region``'s public functions (not starting with ``_``), in file order."""
        return [f for f in self.with_region if not f.startswith("_")]

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


def setup_code(modules: dict[str, ReferenceModule]) -> str:
    """The setup cell's code from ``modules`` (``{name: ReferenceModule}``, in cell order): each module's
    ``setup_statements`` under a ``# From <name>.py`` line, a statement the module above holds word for word
    left out. Raises ``ValueError`` naming a name both modules bind, unless with the same statement word
    for word and not as a function with a solution region: the notebook's cells share one namespace."""
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


def points_by_function(rubric) -> dict[str, tuple[float, int]]:
    """``{function: (points, number of tests)}`` from ``rubric``, the ``(title, points, visibility)`` of
    each hidden test (``grading.hidden_rubric()``); a test grades the function its title names before
    the first colon."""
    totals: dict[str, list] = defaultdict(lambda: [0.0, 0])
    for title, points, _visibility in rubric:
        totals[title.split(":", 1)[0]][0] += points
        totals[title.split(":", 1)[0]][1] += 1
    return {function: (points, count) for function, (points, count) in totals.items()}


def function_cells(module: ReferenceModule, graded: dict[str, tuple[float, int]]) -> list[nbformat.NotebookNode]:
    """The cells of ``module``: its docstring, then per public function with a solution region its task,
    answer and public-test cells, the cells of the helpers placed after it, and, when ``graded``
    (``points_by_function``'s result) names it, the placeholder of its hidden tests."""
    functions = list(module.with_region)
    public = module.public_functions()
    helpers_after: dict[str, list[str]] = defaultdict(list)
    for helper in (f for f in functions if f.startswith("_")):
        users = [f for f in public if helper in _referenced(module.with_region[f][0])]
        above = [f for f in public if functions.index(f) < functions.index(helper)]
        helpers_after[users[0] if users else above[-1] if above else public[0]].append(helper)

    cells = [read_only("markdown", f"module_{module.name}", f"## `{module.name}.py`\n\n{_markdown(module.docstring)}")]
    for function in public:
        cells += _answer_cells(module, function, f"### `{function}`")
        for helper in helpers_after[function]:
            cells += _answer_cells(module, helper, f"### `{helper}`, a helper of `{function}` with a stub")
        public_tests = f"""\
# The public tests of {function}: run this cell after the answer cell(s) above.
import public_tests

public_tests.run("{function}", globals())"""
        cells.append(read_only("code", f"public_tests_{function}", public_tests, tags=[PUBLIC_TESTS_TAG]))
        if function in graded:
            points, count = graded[function]
            placeholder = (
                f"# The {count} hidden tests of {function} ({points:g} points) run here when the notebook\n"
                "# is graded; this cell does nothing before then."
            )
            nbgrader = {"grade": True, "solution": False, "locked": True, "points": points}
            cells.append(cell("code", function, placeholder, nbgrader, tags=["autograder"]))
    return cells


def _answer_cells(module: ReferenceModule, function: str, heading: str) -> list[nbformat.NotebookNode]:
    node, own = module.with_region[function]
    nbgrader = {"solution": True, "grade": False, "locked": False}
    initgrade = {"module": module.name, "function": function}
    return [
        read_only("markdown", f"task_{function}", f"{heading}\n\n{_markdown(ast.get_docstring(node) or '')}"),
        cell("code", f"answer_{function}", own, nbgrader, initgrade=initgrade),
    ]


def _referenced(node) -> set[str]:
    return {name.id for name in ast.walk(node) if isinstance(name, ast.Name)}
