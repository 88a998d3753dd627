"""The similarity report: disguised copies of the example submissions score at or above the
threshold against their originals, whatever the disguise; work written independently (the example
submissions, the reference, the corpus's whole-module styles) stays below it; what cannot be read is
skipped and said; nothing handed in is run."""

import ast
import csv
import io
import keyword
import runpy
import shutil
import subprocess
import sys
import tokenize
import zipfile
from pathlib import Path

import pytest
from initgrade_test_notebooks import write_filled_notebook  # registered by tests/autograder/conftest.py

from autograder.review import similarity
from autograder.review.similarity import THRESHOLD, compare
from autograder.review.similarity_report import write_similarity

KIT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted(path for path in (KIT / "examples" / "submissions").iterdir() if path.is_dir())
RIGHT = sorted((KIT / "tests" / "corpus" / "right").glob("*.py"))
STYLES = [entry for entry in RIGHT if entry.stem.startswith("style_")]
MODULES = ("initializers.py", "training.py")


# -- disguises a copier uses, applied to the source without running it ------------------------------


def rename(code: str) -> str:
    """Every name the code binds (arguments, variables, loop targets, private helpers) renamed
    consistently; attributes keep their names."""
    bound = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, ast.FunctionDef) and node.name.startswith("_"):
            bound.add(node.name)
    mapping = {name: f"my_{name.lower()}_value" for name in bound if not keyword.iskeyword(name)}
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    renamed = [
        token._replace(string=mapping[token.string])
        if token.type == tokenize.NAME and token.string in mapping and (i == 0 or tokens[i - 1].string != ".")
        else token
        for i, token in enumerate(tokens)
    ]
    return tokenize.untokenize(renamed)


def rewrite_comments(code: str) -> str:
    """Every comment and every docstring replaced by other words."""
    tokens = [
        token._replace(string="# my own note on this line") if token.type == tokenize.COMMENT else token
        for token in tokenize.generate_tokens(io.StringIO(code).readline)
    ]
    tree = ast.parse(tokenize.untokenize(tokens))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node) is not None:
            node.body[0].value = ast.Constant("I wrote this after reading the lecture notes twice.")
    return ast.unparse(tree)


def reorder(code: str) -> str:
    """The module's functions in reverse order, after everything else at the top level."""
    tree, lines = ast.parse(code), code.splitlines()
    blocks = []
    for node in tree.body:
        start = min([node.lineno, *(decorator.lineno for decorator in getattr(node, "decorator_list", []))])
        blocks.append((isinstance(node, ast.FunctionDef), "\n".join(lines[start - 1 : node.end_lineno])))
    rest = [text for is_function, text in blocks if not is_function]
    functions = [text for is_function, text in blocks if is_function]
    return "\n\n\n".join([*rest, *functions[::-1]]) + "\n"


def double_blank_lines(code: str) -> str:
    return code.replace("\n\n", "\n\n\n\n")


def every_disguise(code: str) -> str:
    return double_blank_lines(reorder(rename(rewrite_comments(code))))


DISGUISES = {
    "renamed": rename,
    "comments rewritten": rewrite_comments,
    "functions reordered": reorder,
    "blank lines doubled": double_blank_lines,
    "all of them": every_disguise,
}


def disguised_copy(original: Path, folder: Path, disguise) -> Path:
    folder.mkdir(parents=True)
    for name in MODULES:
        code = disguise((original / name).read_text())
        compile(code, name, "exec")  # still Python: the disguise keeps the copy a working submission
        (folder / name).write_text(code)
    return folder


def style_submission(entry: Path, folder: Path) -> Path:
    """A corpus entry (a function, or a whole module for a style) as a submission of that module alone."""
    code = runpy.run_path(str(entry))
    folder.mkdir(parents=True)
    (folder / f"{code['MODULE']}.py").write_text(code["SOURCE"])
    return folder


def share_of(comparison, first: str, second: str):
    found = [p for p in comparison.pairs if {p.first.student_id, p.second.student_id} == {first, second}]
    return found[0] if found else None


# -- copies and independent work --------------------------------------------------------------------


@pytest.mark.parametrize("disguise", DISGUISES)
@pytest.mark.parametrize("original", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_a_disguised_copy_scores_at_or_above_the_threshold_against_its_original(original, disguise, tmp_path):
    copy = disguised_copy(original, tmp_path / "copier", DISGUISES[disguise])
    comparison = compare([original, copy])
    pair = share_of(comparison, original.name, "copier")
    assert pair is not None, f"a copy of {original.name} ({disguise}) shares no code with it"
    assert pair.score >= THRESHOLD, (
        f"a copy of {original.name} ({disguise}) scores {pair.score:.2f}, below the threshold {THRESHOLD}"
    )
    assert [(p.first.student_id, p.second.student_id) for p in comparison.above()] == [(original.name, "copier")]


def test_work_written_independently_is_not_flagged(tmp_path):
    """The example submissions, the reference and every correct implementation of the corpus (each
    alone, as a submission of its own module): all written apart, so no pair may be flagged. Whole
    submissions stay below the threshold (their highest pair is stated in docs/similarity.md); some
    corpus entries, one short function each, share most of their few tokens and stay under
    MIN_SHARED."""
    entries = [style_submission(entry, tmp_path / entry.stem) for entry in RIGHT]
    whole = compare([*EXAMPLES, KIT / "solutions", *(tmp_path / entry.stem for entry in STYLES)])
    assert whole.pairs and whole.pairs[0].score < THRESHOLD, whole.pairs[0]
    comparison = compare([*EXAMPLES, KIT / "solutions", *entries])
    assert comparison.documents == len(EXAMPLES) + 1 + len(RIGHT) and not comparison.skipped, comparison.skipped
    flagged = [
        (p.first.student_id, p.second.student_id, round(p.score, 2), p.shared_tokens) for p in comparison.above()
    ]
    assert not flagged, f"work written independently was flagged: {flagged}"


def test_the_starter_code_never_counts_as_shared(tmp_path):
    first = shutil.copytree(KIT / "assignment", tmp_path / "first", ignore=shutil.ignore_patterns("tests"))
    second = shutil.copytree(KIT / "assignment", tmp_path / "second", ignore=shutil.ignore_patterns("tests"))
    assert compare([first, second]).pairs == [], "two unchanged stubs were reported as sharing code"
    notebooks = [shutil.copy(KIT / "assignment" / "initialization.ipynb", tmp_path / f"{name}.ipynb") for name in "ab"]
    assert compare(notebooks).pairs == [], "two unchanged notebooks were reported as sharing code"


def test_a_notebook_and_a_zip_are_compared_by_their_code(tmp_path):
    original = KIT / "examples" / "submissions" / "s001_correct"
    notebook = write_filled_notebook(disguised_copy(original, tmp_path / "copy", rename), tmp_path / "nb_copier.ipynb")
    archive = tmp_path / "zip_copier.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for name in MODULES:
            bundle.writestr(f"work/{name}", reorder((original / name).read_text()))
    comparison = compare([original, notebook, archive])
    for copier in ("nb_copier", "zip_copier"):
        pair = share_of(comparison, original.name, copier)
        assert pair is not None and pair.score >= THRESHOLD, (copier, pair and pair.score)


def test_against_finds_a_copy_of_the_reference_and_never_compares_two_of_its_own(tmp_path):
    leaked = disguised_copy(KIT / "solutions", tmp_path / "leaked", every_disguise)
    earlier = disguised_copy(KIT / "solutions", tmp_path / "earlier_term", rename)
    comparison = compare([leaked, EXAMPLES[0]], [KIT / "solutions", earlier])
    pair = share_of(comparison, "leaked", "solutions")
    assert pair is not None and pair.score >= THRESHOLD and pair.second.against, pair
    assert share_of(comparison, "solutions", "earlier_term") is None, "two --against submissions were compared"


# -- what cannot be read ---------------------------------------------------------------------------


def test_what_cannot_be_read_is_skipped_with_its_reason_and_the_rest_compared(tmp_path):
    not_a_zip = tmp_path / "broken.zip"
    not_a_zip.write_bytes(b"this is not a zip")
    empty = tmp_path / "empty"
    empty.mkdir()
    huge = tmp_path / "huge"
    huge.mkdir()
    (huge / "initializers.py").write_text("x = 1\n" * (similarity.MAX_CODE_BYTES // 6 + 1000))
    latin = tmp_path / "latin"
    latin.mkdir()
    (latin / "training.py").write_bytes("# caf\xe9\n".encode("latin-1"))
    copy = disguised_copy(EXAMPLES[0], tmp_path / "copier", rename)
    comparison = compare([not_a_zip, empty, huge, latin, EXAMPLES[0], copy])
    reasons = {source.name: reason for source, reason in comparison.skipped}
    assert set(reasons) == {"broken.zip", "empty", "huge", "latin"}, reasons
    assert "zip" in reasons["broken.zip"] and f"{similarity.MAX_CODE_BYTES:,}" in reasons["huge"], reasons
    assert comparison.documents == 2 and comparison.above(), "the readable pair was not compared"


def test_nothing_handed_in_is_run(tmp_path):
    marker = tmp_path / "ran"
    folder = tmp_path / "sneaky"
    folder.mkdir()
    payload = f"import pathlib\npathlib.Path({str(marker)!r}).write_text('ran')\n"
    (folder / "initializers.py").write_text(payload + (EXAMPLES[0] / "initializers.py").read_text())
    compare([folder, EXAMPLES[0]])
    assert not marker.exists(), "comparing a submission ran its code"


# -- the report ------------------------------------------------------------------------------------


def test_the_report_lists_every_pair_and_shows_the_code_escaped(tmp_path):
    hostile = tmp_path / "s_script"
    hostile.mkdir()
    for name in MODULES:
        code = (EXAMPLES[0] / name).read_text()
        (hostile / name).write_text(code + '\n\n# </pre><script>alert("x")</script>\n')
    comparison = compare([EXAMPLES[0], hostile, EXAMPLES[1]])
    table, page = write_similarity(comparison, tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(table.read_text())))
    assert len(rows) == len(comparison.pairs) == 3, rows
    assert [float(row["score"]) for row in rows] == sorted((float(row["score"]) for row in rows), reverse=True)
    top = rows[0]
    assert {top["first"], top["second"]} == {EXAMPLES[0].name, "s_script"} and top["above_threshold"] == "yes", top
    assert float(top["score"]) == pytest.approx(max(float(top["first_share"]), float(top["second_share"])))
    html = page.read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html, "the submission's code was not escaped"
    assert "never a verdict" in html and f"{THRESHOLD:.0%}" in html
    assert html.count("<mark>") > 0, "the shared regions are not marked"


def initgrade(*arguments):
    return subprocess.run([sys.executable, "-m", "autograder", *arguments], capture_output=True, text=True, timeout=300)


def test_the_command_writes_both_files_and_names_the_pairs_above_the_threshold(tmp_path):
    copy = disguised_copy(EXAMPLES[0], tmp_path / "copier", every_disguise)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"no")
    out = tmp_path / "report"
    done = initgrade("similarity", str(EXAMPLES[0]), str(EXAMPLES[1]), str(copy), str(broken), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert f"{EXAMPLES[0].name} and copier" in done.stdout, done.stdout
    assert "skipped" in done.stderr and "broken.zip" in done.stderr, done.stderr
    assert sorted(path.name for path in out.iterdir()) == ["similarity.csv", "similarity.html"]
    again = initgrade("similarity", str(EXAMPLES[0]), str(EXAMPLES[1]), str(copy), str(broken), "--out", str(out / "2"))
    assert again.returncode == 0, again.stderr
    assert (out / "2" / "similarity.csv").read_bytes() == (out / "similarity.csv").read_bytes(), (
        "two runs on the same submissions gave other scores (a hash that changes from process to process?)"
    )


@pytest.mark.parametrize(
    "arguments, said",
    [
        (["--threshold", "1.5"], "--threshold: must be a number from 0 to 1; received '1.5'"),
        (["--threshold", "high"], "--threshold: must be a number from 0 to 1; received 'high'"),
        (["--against", "missing-folder"], "a submission must be a folder, a .zip or an .ipynb"),
    ],
)
def test_a_wrong_call_exits_2_with_one_line(tmp_path, arguments, said):
    done = initgrade("similarity", str(EXAMPLES[0]), "--out", str(tmp_path / "out"), *arguments)
    assert done.returncode == 2 and said in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert not (tmp_path / "out").exists(), "a refused call wrote its report"


def test_sources_with_commas_quotes_and_accents_read_back_from_the_csv(tmp_path):
    term = tmp_path / 'Zoë, "term 2"'
    term.mkdir()
    first = shutil.copytree(EXAMPLES[0], term / "s001", ignore=shutil.ignore_patterns("answers.md"))
    second = disguised_copy(EXAMPLES[0], term / "s002", rename)
    table, _ = write_similarity(compare([first, second]), tmp_path / "out")
    (row,) = csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"), newline=""))
    assert (row["first_source"], row["second_source"]) == (str(first), str(second)), row


# -- the arithmetic, against copydetect's own ---------------------------------------------------------


def test_each_share_is_the_similarity_copydetect_computes_for_the_same_fingerprints(tmp_path):
    from copydetect import compare_files

    copy = disguised_copy(EXAMPLES[0], tmp_path / "copier", every_disguise)
    documents, _ = similarity.documents([*EXAMPLES, KIT / "solutions", copy])
    prints = [similarity.fingerprint(doc.code, similarity.starter_hashes(similarity.STARTER)) for doc in documents]
    shares = similarity.Shares(prints)
    for a in range(len(prints)):
        for b in range(a + 1, len(prints)):
            _, (expected_a, expected_b), _ = compare_files(prints[a], prints[b])
            got = (shares.share(a, b), shares.share(b, a))
            assert got == pytest.approx((expected_a, expected_b), abs=1e-12), (
                documents[a].student_id,
                documents[b].student_id,
            )


def test_fingerprints_made_by_several_processes_are_those_one_process_makes(monkeypatch):
    codes = [similarity.read_code(path) for path in EXAMPLES] * 3
    boilerplate = similarity.starter_hashes(similarity.STARTER)
    alone = similarity.fingerprints(codes, boilerplate)
    monkeypatch.setattr(similarity, "PER_PROCESS", 2)
    shared = similarity.fingerprints(codes, boilerplate)
    for one, other in zip(alone, shared):
        assert (one.positions.tolist(), one.position_hashes.tolist()) == (
            other.positions.tolist(),
            other.position_hashes.tolist(),
        )


def test_the_page_shows_at_most_max_shown_pairs_and_says_where_the_rest_are(tmp_path, monkeypatch):
    copies = [disguised_copy(EXAMPLES[0], tmp_path / f"copier{k}", rename) for k in range(3)]
    monkeypatch.setattr(similarity, "MAX_SHOWN", 2)
    comparison = compare([EXAMPLES[0], *copies])
    assert len(comparison.above()) == 6 and len(comparison.shown()) == 2
    assert all(pair.first_regions for pair in comparison.shown())
    _, page = write_similarity(comparison, tmp_path / "out")
    html = page.read_text()
    assert html.count("<h3 ") == 2 and "6 pairs are flagged; the 2 with the highest" in html, html[:3000]
