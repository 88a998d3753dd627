"""Loading a submission: folders, zips and notebooks become plain files in dest, and nothing else happens."""

import json
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.grading import load
from autograder.grading.load import load_submission, student_id_for
from autograder.results import UNLOADABLE_STATUSES


def files_in(folder):
    return {path.name: path.read_text() for path in folder.iterdir()}


@pytest.fixture
def dest(tmp_path):
    folder = tmp_path / "dest"
    folder.mkdir()
    return folder


@pytest.fixture
def outside(tmp_path):
    """A folder outside the submission holding a secret a link might point to."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.py").write_text("SECRET = 1\n")
    return folder


def make_zip(path, members):
    """Write ``members`` (name -> text, or a ZipInfo -> text) to the zip ``path`` and return it."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:  # fast
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def make_notebook(path, cells):
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))
    return path


def code(source, **metadata):
    return {"cell_type": "code", "metadata": metadata, "source": source, "outputs": [], "execution_count": None}


def markdown(source):
    return {"cell_type": "markdown", "metadata": {}, "source": source}


# -- folders ------------------------------------------------------------------------------


def test_a_folder_gives_its_top_level_files_of_allowed_kinds(tmp_path, dest, outside):
    folder = tmp_path / "alice"
    (folder / "__pycache__").mkdir(parents=True)
    (folder / "extra").mkdir()
    for name in ["initializers.py", "training.py", "answers.md", "notes.txt", "data.json", "x.csv", "w.npy"]:
        (folder / name).write_text(name)
    for name in [".hidden.py", "plot.png", "__pycache__/initializers.cpython-311.pyc", "extra/helper.py"]:
        (folder / name).write_text("skipped")
    (folder / "link.py").symlink_to(outside / "secret.py")
    (folder / "linked_folder").symlink_to(outside)
    assert load_submission(folder, dest) == dest
    taken = ["answers.md", "data.json", "initializers.py", "notes.txt", "training.py", "w.npy", "x.csv"]
    assert sorted(files_in(dest)) == taken
    assert files_in(dest)["initializers.py"] == "initializers.py"


def test_a_folder_wrapping_one_folder_gives_both_levels(tmp_path, dest):
    (tmp_path / "alice" / "alice-hw").mkdir(parents=True)
    (tmp_path / "alice" / "README.md").write_text("top")
    (tmp_path / "alice" / "answers.md").write_text("top answers")
    (tmp_path / "alice" / "alice-hw" / "initializers.py").write_text("x = 1\n")
    (tmp_path / "alice" / "alice-hw" / "answers.md").write_text("inner answers")
    load_submission(tmp_path / "alice", dest)
    assert files_in(dest) == {"README.md": "top", "answers.md": "inner answers", "initializers.py": "x = 1\n"}


@pytest.mark.parametrize(
    "layout, status, message",
    [
        (["a/initializers.py", "b/training.py"], "empty", r"sub holds no file to grade \(taken are \.py, "),
        (["top.py", "a/initializers.py"], "missing-files", r"sub holds neither .* received top\.py$"),
    ],
    ids=["two-subfolders", "py-at-top"],
)
def test_subfolders_are_not_entered_unless_one_wraps_everything(tmp_path, dest, layout, status, message):
    for name in layout:
        (tmp_path / "sub" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "sub" / name).write_text("x = 1\n")
    with pytest.raises(load.Unloadable, match=message) as refused:
        load_submission(tmp_path / "sub", dest)
    assert refused.value.status == status
    assert sorted(files_in(dest)) == sorted(name for name in layout if "/" not in name)


def test_a_linked_wrapping_folder_is_not_followed(tmp_path, dest, outside):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "wrapped").symlink_to(outside)
    with pytest.raises(load.Unloadable, match="alice holds no file to grade") as refused:
        load_submission(tmp_path / "alice", dest)
    assert refused.value.status == "empty" and files_in(dest) == {}


def test_a_folder_with_too_many_files(tmp_path, dest):
    (tmp_path / "alice").mkdir()
    for index in range(load.MAX_FILES + 1):
        (tmp_path / "alice" / f"{index}.txt").write_text("x")
    with pytest.raises(ValueError, match=r"alice holds 201 files to grade; at most 200 are allowed"):
        load_submission(tmp_path / "alice", dest)
    assert files_in(dest) == {}


def test_a_folder_too_large(tmp_path, dest):
    (tmp_path / "alice").mkdir()
    with open(tmp_path / "alice" / "big.npy", "wb") as file:
        file.truncate(load.MAX_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(ValueError, match=r"alice holds more than the 50 MB of files allowed"):
        load_submission(tmp_path / "alice", dest)


# -- zips ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "alice-hw/", "./"], ids=["flat", "wrapped", "dot-slash"])
def test_a_zip_gives_the_same_files_as_a_folder(tmp_path, dest, prefix):
    members = {f"{prefix}initializers.py": "x = 1\n", f"{prefix}answers.md": "# answers\n", f"{prefix}plot.png": "?"}
    members |= {
        f"{prefix}.DS_Store": "?",
        f"{prefix}__pycache__/a.pyc": "?",
        f"__MACOSX/{prefix}._initializers.py": "?",
    }
    load_submission(make_zip(tmp_path / "alice.zip", members), dest)
    assert files_in(dest) == {"initializers.py": "x = 1\n", "answers.md": "# answers\n"}


@pytest.mark.parametrize(
    "name",
    ["../evil.py", "/abs.py", "alice/../../evil.py", "..\\evil.py", "C:/evil.py"],
    ids=["dotdot", "absolute", "nested-dotdot", "backslash-dotdot", "drive"],
)
def test_zip_slip_is_rejected_and_nothing_is_written(tmp_path, dest, name):
    source = make_zip(tmp_path / "alice.zip", {"initializers.py": "x = 1\n", name: "EVIL = 1\n"})
    assert name in zipfile.ZipFile(source).namelist()  # zipfile kept the hostile name as written
    with pytest.raises(ValueError, match=r"alice.zip holds .*, which points outside the submission; members must"):
        load_submission(source, dest)
    assert files_in(dest) == {}
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["alice.zip", "dest"]


def test_symlink_members_of_a_zip_are_ignored(tmp_path, dest):
    link = zipfile.ZipInfo("training.py")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    load_submission(make_zip(tmp_path / "alice.zip", {"initializers.py": "x = 1\n", link: "/etc/passwd"}), dest)
    assert files_in(dest) == {"initializers.py": "x = 1\n"}


def test_a_zip_bomb_is_stopped_at_the_cap(tmp_path, dest):
    source = make_zip(tmp_path / "alice.zip", {"initializers.py": "x = 1\n", "data.npy": bytes(60 * 2**20)})
    assert source.stat().st_size < 2**20
    with pytest.raises(ValueError, match=r"alice.zip holds more than the 50 MB of files allowed"):
        load_submission(source, dest)
    assert sum(path.stat().st_size for path in dest.iterdir()) <= load.MAX_BYTES


def test_a_zip_with_too_many_files(tmp_path, dest):
    source = make_zip(tmp_path / "alice.zip", {f"{index}.txt": "x" for index in range(load.MAX_FILES + 1)})
    with pytest.raises(ValueError, match=r"alice.zip holds 201 files to grade; at most 200 are allowed"):
        load_submission(source, dest)


def corrupt_member(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("initializers.py", "x = 1\n" * 10)
    path.write_bytes(path.read_bytes().replace(b"x = 1\n" * 10, b"x = 2\n" * 10))


@pytest.mark.parametrize(
    "write",
    [lambda path: path.write_bytes(b"not a zip at all"), corrupt_member],
    ids=["not-a-zip", "bad-crc"],
)
def test_an_unreadable_zip_is_named(tmp_path, dest, write):
    write(tmp_path / "alice.zip")
    with pytest.raises(ValueError, match=r"alice.zip is not a readable .zip \(BadZipFile: "):
        load_submission(tmp_path / "alice.zip", dest)


# -- notebooks ----------------------------------------------------------------------------


def test_writefile_cells_become_modules(tmp_path, dest):
    cells = [
        markdown("# Assignment\n"),
        code(["%%writefile initializers.py\n", "import numpy as np\n", "%matplotlib inline\n", "def zeros(s):\n"]),
        code("%%writefile -a initializers.py\n    return np.zeros(s)\n"),
        code("%%writefile training.py\nfrom initializers import zeros\n"),
        code("zeros((2, 2))  # scratch, not part of any module\n"),
        markdown(["### Q1.1 — Why initialization matters (4 points)\n", "\n", "Because.\n"]),
    ]
    load_submission(make_notebook(tmp_path / "alice.ipynb", cells), dest)
    assert files_in(dest) == {
        "initializers.py": "import numpy as np\n# %matplotlib inline\ndef zeros(s):\n    return np.zeros(s)\n",
        "training.py": "from initializers import zeros\n",
        "answers.md": "# Assignment\n\n\n### Q1.1 — Why initialization matters (4 points)\n\nBecause.\n\n",
    }


NOTEBOOK_CELLS = [
    code(["%load_ext autoreload\n", "!pip install numpy\n", "import numpy as np\n"]),
    code(
        "def _fans(shape):\n    return shape[0], shape[-1]\n\n\n"
        "def zeros(shape, rng=None):\n    return np.zeros(shape)\n"
    ),
    code("%%time\ndef train(model):\n    return {'loss': [0.0]}\n"),
    code("%%bash\necho 'not python'\n"),
    code(
        'DOC = """\n%not a magic inside a string\n"""\n'
        'MESSAGE = ("loss %.1f"\n    % 2.0)\nOK = (1\n!= 2)\nif OK:\n    %time pass\n    OK = 2\nLONG = 7 \\\n% 2\n'
    ),
    code("assert zeros((2,)).sum() == 0\n", nbgrader={"grade": True, "solution": False, "points": 1}),
    code("assert False, 'hidden test'\n", tags=["tests"]),
    code("assert False, 'public test'\n", tags=["test", "slow"]),
    code("import compare\nassert False, 'comparison'\n", tags=["comparison"]),
    code("def answer(x):\n    return x\n", nbgrader={"grade": True, "solution": True}),
]


def test_a_notebook_without_writefile_becomes_one_module_and_reexports(tmp_path, dest):
    load_submission(make_notebook(tmp_path / "alice.ipynb", NOTEBOOK_CELLS), dest)
    assert sorted(files_in(dest)) == ["initializers.py", "notebook.py", "training.py"]
    module = files_in(dest)["notebook.py"]
    compile(module, "notebook.py", "exec")
    for expected in ["# %load_ext", "# !pip install", "# %%time\ndef train", "# %%bash\n# echo", "    # %time pass"]:
        assert expected in module
    for kept in ["\n%not a magic", "\n    % 2.0)", "\n!= 2)", "\n% 2\n", "def answer"]:
        assert kept in module
    assert "assert" not in module and "import compare" not in module, "a test or comparison cell was kept"
    assert module.split("\n").index("def train(model):") == module.split("\n").index("# cell 3") + 2
    assert files_in(dest)["initializers.py"] == files_in(dest)["training.py"] == load._REEXPORT


@pytest.mark.parametrize("tag", load.RUN_ONLY_TAGS, ids=load.RUN_ONLY_TAGS)
def test_cells_with_a_run_only_tag_are_left_out(tmp_path, dest, tag):
    cells = [code("x = 1\n"), code("import compare\n", tags=["slow", tag])]
    load_submission(make_notebook(tmp_path / "alice.ipynb", cells), dest)
    assert "import compare" not in files_in(dest)["notebook.py"], f"a cell tagged {tag!r} was graded"


def test_the_reexport_includes_private_names(tmp_path, dest):
    cells = [code("import numpy as np\n"), code("def _fans(shape):\n    return shape[0], shape[-1]\n")]
    load_submission(make_notebook(tmp_path / "alice.ipynb", cells), dest)
    script = "import initializers, training; print(initializers._fans((3, 4)), training.np.__name__)"
    shown = subprocess.run([sys.executable, "-c", script], cwd=dest, capture_output=True, text=True, check=True)
    assert shown.stdout == "(3, 4) numpy\n"


def test_markdown_without_answer_headings_gives_no_answers_file(tmp_path, dest):
    load_submission(make_notebook(tmp_path / "alice.ipynb", [markdown("## Notes\n"), code("x = 1\n")]), dest)
    assert "answers.md" not in files_in(dest)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", r"alice.ipynb is not valid JSON, so not a notebook \(Expecting"),
        ('{"nbformat": 3, "worksheets": []}', r"alice.ipynb has no cells; expected a Jupyter notebook \(nbformat 4\)"),
        ('{"nbformat": 4, "cells": []}', r"alice.ipynb has no cells"),
        ("[1, 2]", r"alice.ipynb has no cells"),
        ('{"cells": [{"cell_type": "code", "source": 3}]}', r"alice.ipynb: cell 1 must be an object whose source is"),
        ('{"cells": [{"cell_type": "code", "source": "x"}, "x"]}', r"cell 2 must be .*; received 'x'"),
    ],
    ids=["invalid-json", "nbformat-3", "empty-cells", "not-an-object", "source-int", "cell-string"],
)
def test_a_broken_notebook_is_named(tmp_path, dest, text, message):
    (tmp_path / "alice.ipynb").write_text(text)
    with pytest.raises(ValueError, match=message):
        load_submission(tmp_path / "alice.ipynb", dest)


def test_a_notebook_too_large(tmp_path, dest, monkeypatch):
    monkeypatch.setattr(load, "MAX_BYTES", 2**20)
    source = make_notebook(tmp_path / "alice.ipynb", [code("x = 1\n" * 2**18)])
    with pytest.raises(ValueError, match=r"alice.ipynb holds more than the 1 MB of files allowed"):
        load_submission(source, dest)


def test_too_many_writefile_modules(tmp_path, dest):
    cells = [code(f"%%writefile m{index}.py\nx = 1\n") for index in range(load.MAX_FILES + 1)]
    with pytest.raises(ValueError, match=r"alice.ipynb holds 201 files to grade; at most 200 are allowed"):
        load_submission(make_notebook(tmp_path / "alice.ipynb", cells), dest)


# -- what is not a submission -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("initializers.py", "a file with suffix '.py'"),
        ("alice.tar.gz", "a file with suffix '.gz'"),
        ("gone", "no such"),
    ],
    ids=["lone-py", "tarball", "missing"],
)
def test_anything_else_is_refused(tmp_path, dest, name, what):
    if name != "gone":
        (tmp_path / name).write_text("x = 1\n")
    with pytest.raises(
        ValueError, match=rf"a submission must be a folder, a .zip or an .ipynb; received .*{name}.*{what}"
    ):
        load_submission(tmp_path / name, dest)


@pytest.mark.parametrize("state", ["missing", "not-empty"], ids=["missing", "not-empty"])
def test_dest_must_be_an_existing_empty_folder(tmp_path, state):
    (tmp_path / "alice").mkdir()
    dest = tmp_path / "dest"
    if state == "not-empty":
        dest.mkdir()
        (dest / "left-over.py").write_text("")
    with pytest.raises(ValueError, match=r"dest must be an existing empty folder; received '.*dest'"):
        load_submission(tmp_path / "alice", dest)


# -- student ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("alice", "alice"),
        ("bob.zip", "bob"),
        ("carol@uni.edu.ipynb", "carol@uni.edu"),
        ("Dave.ZIP", "Dave"),
        ("eve.v2", "eve.v2"),
        ("frank_o-neil+1", "frank_o-neil+1"),
    ],
    ids=["folder", "zip", "notebook", "upper-suffix", "dotted-folder", "punctuation"],
)
def test_student_id_for(tmp_path, name, expected):
    assert student_id_for(tmp_path / name) == expected


@pytest.mark.parametrize(
    ("path", "received"),
    [
        ("", "''"),
        ("has space.zip", "'has space'"),
        ("José.ipynb", "'José'"),
        ("/x/..", "'..'"),
        (".hidden", "'.hidden'"),
    ],
    ids=["empty", "space", "non-ascii", "dotdot", "hidden"],
)
def test_student_id_for_refuses_unsafe_names(path, received):
    with pytest.raises(ValueError, match=rf"use only the characters A-Z a-z 0-9 . _ @ \+ - .*; received {received}"):
        student_id_for(Path(path))


# -- submissions that cannot be loaded: each has its status ----------------------------------


def _folder(path, files):
    path.mkdir()
    for name, data in files.items():
        (path / name).write_bytes(data)
    return path


UNLOADABLE_CASES = {
    "not-a-zip": (
        lambda root: (root / "eve.zip").write_bytes(b"PK not a zip") and root / "eve.zip",
        "not-a-zip",
        r"^eve\.zip is not a readable \.zip \(BadZipFile: ",
    ),
    "not-json": (
        lambda root: (root / "eve.ipynb").write_text("{'cells': oops") and root / "eve.ipynb",
        "not-a-notebook",
        r"^eve\.ipynb is not valid JSON, so not a notebook",
    ),
    "no-cells": (
        lambda root: (root / "eve.ipynb").write_text('{"cells": []}') and root / "eve.ipynb",
        "not-a-notebook",
        r"^eve\.ipynb has no cells; expected a Jupyter notebook",
    ),
    "notebook-not-utf8": (
        lambda root: (root / "eve.ipynb").write_bytes(b'{"cells": ["\xe9"]}') and root / "eve.ipynb",
        "not-utf8",
        r"^eve\.ipynb is not UTF-8 text \(invalid continuation byte at offset 12\)$",
    ),
    "empty-folder": (lambda root: _folder(root / "eve", {}), "empty", r"^eve holds no file to grade"),
    "only-hidden-and-other-kinds": (
        lambda root: _folder(root / "eve", {".initializers.py": b"x = 1\n", "plot.png": b"\x89PNG"}),
        "empty",
        r"^eve holds no file to grade \(taken are \.py, \.md, \.txt, \.json, \.csv, \.npy files, not hidden\)$",
    ),
    "empty-zip": (lambda root: make_zip(root / "eve.zip", {}), "empty", r"^eve\.zip holds no file to grade"),
    "other-files": (
        lambda root: _folder(root / "eve", {"notes.txt": b"hi", "helpers.py": b"x = 1\n"}),
        "missing-files",
        r"^eve holds neither initializers\.py nor training\.py; received helpers\.py, notes\.txt$",
    ),
    "notebook-in-a-folder": (
        lambda root: _folder(root / "eve", {"answers.md": b"# A\n", "initialization.ipynb": b"{}"}),
        "missing-files",
        r"received answers\.md \(a notebook inside a folder is not graded: hand in the \.ipynb itself\)$",
    ),
    "latin-1-py": (
        lambda root: _folder(root / "eve", {"initializers.py": b"NAME = 'Jos\xe9'\n"}),
        "not-utf8",
        r"^eve: initializers\.py is not UTF-8 text \(byte 0xe9 at offset 11\); save it with the UTF-8 encoding$",
    ),
    "unknown-declared-encoding": (
        lambda root: _folder(root / "eve", {"training.py": b"# -*- coding: klingon -*-\nx = 1\n"}),
        "not-utf8",
        r"^eve: training\.py is not UTF-8 text \(unknown encoding: klingon\)",
    ),
    "zip-slip": (
        lambda root: make_zip(root / "eve.zip", {"../initializers.py": "x = 1\n"}),
        "unsafe-zip",
        r"^eve\.zip holds '\.\./initializers\.py', which points outside the submission",
    ),
    "too-many-files": (
        lambda root: make_zip(root / "eve.zip", {f"{i}.txt": "x" for i in range(load.MAX_FILES + 1)}),
        "too-large",
        r"^eve\.zip holds 201 files to grade; at most 200 are allowed$",
    ),
    "too-many-bytes": (
        lambda root: make_zip(root / "eve.zip", {"initializers.py": "x = 1\n", "w.npy": bytes(load.MAX_BYTES + 1)}),
        "too-large",
        r"^eve\.zip holds more than the 50 MB of files allowed$",
    ),
    "other-kind-of-file": (
        lambda root: (root / "eve.rar").write_bytes(b"Rar!") and root / "eve.rar",
        "not-a-submission",
        r"^a submission must be a folder, a \.zip or an \.ipynb; received 'eve\.rar' \(a file with suffix '\.rar'\)$",
    ),
}


@pytest.mark.parametrize("make, status, message", UNLOADABLE_CASES.values(), ids=UNLOADABLE_CASES.keys())
def test_a_submission_that_cannot_be_loaded_has_its_status_and_reason(tmp_path, dest, make, status, message):
    source = make(tmp_path)
    with pytest.raises(load.Unloadable, match=message) as refused:
        load_submission(source, dest)
    assert refused.value.status == status
    assert status in UNLOADABLE_STATUSES, "every status is listed, with its meaning, in results"


def test_a_py_file_in_the_encoding_it_declares_loads(tmp_path, dest):
    source = _folder(tmp_path / "eve", {"initializers.py": b"# -*- coding: latin-1 -*-\nNAME = 'Jos\xe9'\n"})
    assert load_submission(source, dest) == dest


def test_an_unlisted_status_is_refused():
    with pytest.raises(ValueError, match=r"status must be one of \['empty', .*\]; received 'broken'"):
        load.Unloadable("broken", "the submission is broken")
