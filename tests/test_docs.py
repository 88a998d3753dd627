"""The docs speak of what exists: every hidden test has its row in the table of false-fail bounds."""

import ast
import re

from autograder.grading.suite import HIDDEN_DIR
from autograder.reference import KIT_ROOT

HIDDEN_SUITE_PAGE = KIT_ROOT / "docs" / "hidden-suite.md"


def title_templates() -> set[str]:
    """Every hidden test's title marker as written, ``{function}: variance``, read from the suite's
    source (importing it here would apply markers this run does not declare)."""
    templates = set()
    for path in HIDDEN_DIR.glob("hidden_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                for decorator in node.decorator_list:
                    if isinstance(decorator, ast.Call) and getattr(decorator.func, "attr", "") == "title":
                        templates.add(decorator.args[0].value)
    return templates


def table_rows() -> list[str]:
    """The first cell of each row of the page's table, its backticks removed."""
    text = HIDDEN_SUITE_PAGE.read_text(encoding="utf-8")
    return re.findall(r"^\| `([^`]+)` \|", text, flags=re.MULTILINE)


def test_every_hidden_test_has_a_row_and_every_row_a_test():
    templates, rows = title_templates(), table_rows()
    assert len(templates) > 30, f"found only {len(templates)} hidden tests"
    assert not templates - set(rows), f"hidden tests without a row in {HIDDEN_SUITE_PAGE.name}: {templates - set(rows)}"
    assert not set(rows) - templates, f"rows of {HIDDEN_SUITE_PAGE.name} naming no hidden test: {set(rows) - templates}"
    assert len(rows) == len(set(rows)), "a hidden test has two rows"


def test_every_row_states_a_bound_and_a_power():
    text = HIDDEN_SUITE_PAGE.read_text(encoding="utf-8")
    for line in re.findall(r"^\| `[^`]+` \|.*$", text, flags=re.MULTILINE):
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == 4 and all(cells), f"a row without its four cells: {line}"
