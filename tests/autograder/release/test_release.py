"""initgrade release: stubs from solution regions, a committed release that never drifts, safe writes."""

import os
import textwrap

import pytest

from autograder import release
from autograder.reference import ASSIGNMENT_DIR, SOLUTIONS_DIR
from autograder.release.stubs import encoded, is_binary, released_files


def on_disk(folder):
    """Every released file under ``folder``: a text, or bytes for a binary file, as the release holds them."""
    return {
        p.as_posix(): (folder / p).read_bytes() if is_binary(p) else (folder / p).read_text(encoding="utf-8")
        for p in released_files(folder)
    }


def test_committed_assignment_matches_a_fresh_release():
    fresh, committed = release.render_release(), on_disk(ASSIGNMENT_DIR)
    assert sorted(fresh) == sorted(committed), "assignment/ has different files; run `initgrade release`"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert not stale, f"assignment/ is stale in {stale}; run `initgrade release`"


def test_the_release_holds_the_student_notebook():
    from autograder.release import notebook

    files = release.render_release()
    assert files["initialization.ipynb"] == notebook.notebook_text(notebook.student_notebook())
    assert set(files) - set(release.stubs.render_stubs()) == {"initialization.ipynb"}


def test_the_package_names_what_the_release_module_named():
    from autograder.release import (  # noqa: F401
        MARKDOWN_MARKERS,
        MARKDOWN_STUB,
        PYTHON_MARKERS,
        render_release,
        strip_markdown,
        strip_python,
        write_release,
    )


def test_release_keeps_no_solution_text():
    for name, content in release.render_release().items():
        for marker in release.PYTHON_MARKERS + release.MARKDOWN_MARKERS:
            assert marker.encode() not in encoded(content), f"{name} still contains {marker!r}"
    assert "**Model answer.**" in (SOLUTIONS_DIR / "answers.md").read_text()
    assert "Model answer" not in release.render_release()["answers.md"]
    assert "Marking guide" not in release.render_release()["answers.md"]


def test_every_public_function_of_the_stubbed_modules_is_a_stub():
    files = release.render_release()
    for module, functions in {
        "initializers.py": ["compute_fans", "calculate_gain", "he_normal", "orthogonal", "variance_scaling"],
        "training.py": ["build_mlp", "train", "evaluate", "activation_stds", "gradient_norms", "compare_initializers"],
    }.items():
        for function in functions:
            assert f'raise NotImplementedError("{function} is not written yet' in files[module], (module, function)


def test_helpers_are_copied_unchanged():
    files = release.render_release()
    helpers = ["data.py", "plots.py", "compare.py", "public_tests.py", "README.md", "tests/test_initializers.py"]
    for helper in [*helpers, "pytest.ini"]:
        assert files[helper] == (SOLUTIONS_DIR / helper).read_text(encoding="utf-8"), helper


def test_the_checkpoint_travels_as_bytes_unchanged():
    files = release.render_release()
    assert isinstance(files["pretrained_digits.pt"], bytes), type(files["pretrained_digits.pt"])
    assert files["pretrained_digits.pt"] == (SOLUTIONS_DIR / "pretrained_digits.pt").read_bytes()
    assert [name for name, content in files.items() if isinstance(content, bytes)] == ["pretrained_digits.pt"]


SOURCE = textwrap.dedent('''\
    def area(width, height):
        """Return width * height."""
        ### BEGIN SOLUTION
        product = width * height
        return product
        ### END SOLUTION


    class Shape:
        def sides(self):
            ### BEGIN SOLUTION
            return 4
            ### END SOLUTION
    ''')


def test_strip_python_keeps_signature_and_docstring_and_names_the_function():
    stubbed = release.strip_python(SOURCE)
    assert stubbed == textwrap.dedent('''\
        def area(width, height):
            """Return width * height."""
            # YOUR CODE HERE
            raise NotImplementedError("area is not written yet: replace this line with your code")


        class Shape:
            def sides(self):
                # YOUR CODE HERE
                raise NotImplementedError("sides is not written yet: replace this line with your code")
        ''')


@pytest.mark.parametrize(
    "source, message",
    [
        (
            "def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    ### END SOLUTION\n",
            r"x\.py:3: .*inside the region opened at line 2",
        ),
        ("def f():\n    ### BEGIN SOLUTION\n    return 1\n", r"x\.py:2: .*never closed"),
        ("def f():\n    return 1\n    ### END SOLUTION\n", r"x\.py:3: .*without a matching"),
        ("### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", r"x\.py:1: a solution region must be inside a function body"),
        (
            "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n    else:\n        pass\n",
            r"x\.py: the released stub is not valid Python",
        ),
    ],
    ids=["nested", "unclosed", "unopened", "module-level", "invalid-result"],
)
def test_strip_python_rejects_malformed_regions(source, message):
    with pytest.raises(ValueError, match=message):
        release.strip_python(source, origin="x.py")


def test_strip_markdown_replaces_answers_with_a_placeholder():
    text = "## Q1 (2 points)\n\nWhy?\n\n<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->\n\n## Q2\n"
    assert release.strip_markdown(text) == "## Q1 (2 points)\n\nWhy?\n\n_Write your answer here._\n\n## Q2\n"


def test_strip_markdown_rejects_an_unclosed_region():
    with pytest.raises(ValueError, match=r"a\.md:1: .*never closed"):
        release.strip_markdown("<!-- BEGIN SOLUTION -->\nsecret\n", origin="a.md")


def test_write_release_into_a_new_folder(tmp_path):
    out = tmp_path / "student"
    written = release.write_release({"a.py": "x = 1\n", "tests/b.py": "y = 2\n"}, out)
    assert sorted(written) == [out / "a.py", out / "tests/b.py"]
    assert on_disk(out) == {"a.py": "x = 1\n", "tests/b.py": "y = 2\n"}
    assert [p.name for p in tmp_path.iterdir()] == ["student"], "a staging folder was left behind"


def test_write_release_writes_a_binary_file_byte_for_byte(tmp_path):
    data = bytes(range(256)) + b"\r\n\x00"  # not UTF-8, and line endings that must stay as they are
    release.write_release({"a.py": "x = 1\n", "weights.pt": data}, tmp_path / "student")
    assert (tmp_path / "student" / "weights.pt").read_bytes() == data
    assert on_disk(tmp_path / "student") == {"a.py": "x = 1\n", "weights.pt": data}


def test_write_release_updates_its_own_files_and_keeps_caches(tmp_path):
    release.write_release({"a.py": "old\n"}, tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    release.write_release({"a.py": "new\n"}, tmp_path)
    assert (tmp_path / "a.py").read_text() == "new\n"
    assert (tmp_path / "__pycache__" / "a.cpython-311.pyc").exists()


def test_write_release_refuses_a_folder_with_other_files(tmp_path):
    (tmp_path / "my_work.py").write_text("precious\n")
    with pytest.raises(ValueError, match=r"holds 1 file\(s\) the release does not write: my_work\.py"):
        release.write_release({"a.py": "x\n"}, tmp_path)
    assert (tmp_path / "my_work.py").read_text() == "precious\n"
    assert not (tmp_path / "a.py").exists(), "refused, yet it wrote a file"


@pytest.mark.parametrize("inside", [".", "tests"], ids=["solutions", "below-solutions"])
def test_write_release_refuses_to_write_into_the_solutions(inside):
    before = on_disk(SOLUTIONS_DIR)
    with pytest.raises(ValueError, match="must be outside the solutions folder"):
        release.write_release(release.render_release(), SOLUTIONS_DIR / inside)
    assert on_disk(SOLUTIONS_DIR) == before


def test_write_release_refuses_a_file_as_out(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("keep me\n")
    with pytest.raises(ValueError, match="must be a folder; received .*notes.txt, which is a file"):
        release.write_release({"a.py": "x\n"}, target)
    assert target.read_text() == "keep me\n"


def test_a_new_release_folder_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    out = tmp_path / "student"
    release.write_release({"a.py": "x\n"}, out)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask, oct(out.stat().st_mode)
    assert (out / "a.py").stat().st_mode & 0o777 == 0o666 & ~umask
