"""The docs speak of what exists: every hidden test has its row in the table of false-fail bounds,
the README links every page under docs/, and every link in them resolves."""

import ast
import re

import pytest

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


#: every page a reader can reach from the README: the README itself and each Markdown file in docs/
PAGES = [KIT_ROOT / "README.md", *sorted((KIT_ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def heading_anchors(page) -> set[str]:
    """The anchors GitHub gives the page's headings: lower case, punctuation but ``-`` and ``_``
    dropped, spaces as hyphens (code blocks left out, where ``#`` starts a comment)."""
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    headings = re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def links(page) -> list[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [target for target in LINK.findall(text) if not re.match(r"[a-z]+:", target)]


def test_the_readme_links_every_docs_page():
    linked = {(KIT_ROOT / target).resolve() for target in links(KIT_ROOT / "README.md")}
    missing = [page.relative_to(KIT_ROOT) for page in PAGES[1:] if page.resolve() not in linked]
    assert not missing, f"docs pages the README does not link: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(KIT_ROOT)) for page in PAGES])
def test_every_link_resolves(page):
    broken = []
    for target in links(page):
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no file {linked}")
        elif anchor and anchor not in heading_anchors(linked):
            broken.append(f"{target}: {linked.name} has no heading with the anchor #{anchor}")
    assert links(page) or page.name != "README.md", "the README links nothing"
    assert not broken, f"{page.relative_to(KIT_ROOT)} has broken links: {broken}"
