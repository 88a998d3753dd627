"""What ``run_autograder`` grades of an upload, whose seed, and what it writes when it cannot grade."""

import io
import json
import zipfile
from pathlib import Path

import pytest

from autograder.platforms.gradescope import run
from autograder.reference import KIT_ROOT

ASSIGNMENT = KIT_ROOT / "assignment"
SOLUTIONS = KIT_ROOT / "solutions"


@pytest.mark.parametrize(
    ("users", "expected"),
    [([{"id": 4242}], "4242"), ([{"id": 7}, {"id": 31}], "31+7"), ([{"id": "s-1", "email": "a@b.c"}], "s-1")],
    ids=["one-student", "group", "string-id"],
)
def test_the_student_id_is_the_submitters_gradescope_id(tmp_path, users, expected):
    path = tmp_path / "submission_metadata.json"
    path.write_text(json.dumps({"id": 99, "users": users}))
    assert run.student_id_from_metadata(path) == expected


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"id": 1}', "must hold 'users', a list of objects each with an 'id'; received None"),
        ('{"users": []}', "must hold 'users', a list of objects each with an 'id'; received []"),
        ('{"users": [{"id": true}]}', "must hold 'users'"),
        ('{"users": [{"id": "../x"}]}', "a student id must be non-empty, use only the characters"),
        ("not json", "Expecting value"),
    ],
    ids=["no-users", "no-user", "boolean-id", "path-id", "not-json"],
)
def test_malformed_metadata_is_refused_saying_what_is_wrong(tmp_path, text, said):
    path = tmp_path / "submission_metadata.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=said.replace("[", r"\[").replace("(", r"\(")):
        run.student_id_from_metadata(path)


def _write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


REFERENCE = (SOLUTIONS / "initializers.py").read_bytes()
STUB = (ASSIGNMENT / "initializers.py").read_bytes()
NOTEBOOK = b'{"cells": [], "nbformat": 4}'
UPLOADS = {
    "py-files": ({"initializers.py": REFERENCE, "training.py": STUB}, "."),
    "wrapped-in-a-folder": ({"work/initializers.py": REFERENCE, "work/notes.txt": b"x"}, "work"),
    "notebook": ({"initialization.ipynb": NOTEBOOK}, "initialization.ipynb"),
    "untouched-stubs-beside-a-notebook": (
        {"initializers.py": STUB, "training.py": (ASSIGNMENT / "training.py").read_bytes(), "mine.ipynb": NOTEBOOK},
        "mine.ipynb",
    ),
    "the-assignments-notebook-among-several": (
        {"scratch.ipynb": NOTEBOOK, "initialization.ipynb": NOTEBOOK},
        "initialization.ipynb",
    ),
    "several-other-notebooks": ({"a.ipynb": NOTEBOOK, "b.ipynb": NOTEBOOK}, "."),
    "zip-of-py-files": ({"work.zip": _zip({"work/initializers.py": REFERENCE})}, "work.zip"),
    "zip-of-a-notebook": ({"work.zip": _zip({"work/initialization.ipynb": NOTEBOOK})}, "<extracted>"),
    "zip-of-a-notebook-and-py-files": (
        {"work.zip": _zip({"initialization.ipynb": NOTEBOOK, "initializers.py": REFERENCE})},
        "work.zip",
    ),
    "not-a-zip": ({"work.zip": b"not a zip"}, "work.zip"),
    "nothing-gradable": ({"report.pdf": b"%PDF"}, "."),
}


@pytest.mark.parametrize(("files", "expected"), UPLOADS.values(), ids=UPLOADS.keys())
def test_what_is_graded_of_an_upload(tmp_path, files, expected):
    upload, scratch = tmp_path / "submission", tmp_path / "scratch"
    upload.mkdir()
    _write(upload, files)
    located = run.locate_submission(upload, scratch)
    if expected == "<extracted>":
        assert located.parent == scratch and located.suffix == ".ipynb", located
        assert located.read_bytes() == NOTEBOOK
    else:
        assert located == (upload / expected).resolve() if expected != "." else located == upload, located


def _autograder_root(tmp_path: Path, *, metadata: str | None, secret: str | None) -> Path:
    root = tmp_path / "autograder"
    for folder in ("source", "submission", "results"):
        (root / folder).mkdir(parents=True)
    if metadata is not None:
        (root / "submission_metadata.json").write_text(metadata)
    if secret is not None:
        (root / "source" / "initgrade_secret").write_text(secret)
    return root


@pytest.mark.parametrize(
    ("metadata", "secret", "said"),
    [
        (None, "s", "submission_metadata.json"),
        ('{"users": []}', "s", "must hold 'users'"),
        ('{"users": [{"id": 1}]}', None, "initgrade_secret"),
        ('{"users": [{"id": 1}]}', "\n", "is empty"),
    ],
    ids=["no-metadata", "no-user", "no-secret", "empty-secret"],
)
def test_a_broken_set_up_gives_a_results_json_that_grades_nothing_and_says_why(
    tmp_path, check_results_json, metadata, secret, said
):
    root = _autograder_root(tmp_path, metadata=metadata, secret=secret)
    assert run.run(root) == 1
    results = json.loads((root / "results" / "results.json").read_text())
    check_results_json(results)
    assert results["score"] == 0 and results["tests"] == [], results
    assert "the 0 shown is not a grade" in results["output"] and said in results["output"], results["output"]
