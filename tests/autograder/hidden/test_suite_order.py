"""``SUITE`` names exactly the hidden test modules: a module it leaves out would run after all the
others, out of the order every report keeps, and a name without its module orders nothing."""

import configparser
from pathlib import Path

import pytest

import autograder.hidden
from autograder.hidden import SUITE

HIDDEN_DIR = Path(autograder.hidden.__file__).parent


def collected_modules(folder: Path) -> list[str]:
    """The names ``SUITE`` would give the test modules in ``folder`` that the hidden suite's pytest.ini
    collects (``python_files``), as ``autograder.grading`` reads them: the stem without ``hidden_``."""
    config = configparser.ConfigParser()
    config.read(HIDDEN_DIR / "pytest.ini")
    pattern = config["pytest"]["python_files"]
    return sorted(path.stem.removeprefix("hidden_") for path in folder.glob(pattern))


def mismatches(folder: Path, suite) -> list[str]:
    """What is wrong between the test modules in ``folder`` and ``suite``, one message each."""
    modules = collected_modules(folder)
    return [
        *(
            f"hidden_{name}.py is a hidden test module that SUITE does not name"
            for name in modules
            if name not in suite
        ),
        *(f"SUITE names {name!r}, but there is no hidden_{name}.py" for name in suite if name not in modules),
        *(f"SUITE names {name!r} more than once" for name in sorted(set(suite)) if suite.count(name) > 1),
    ]


def test_suite_names_every_hidden_test_module_once_and_nothing_else():
    assert collected_modules(HIDDEN_DIR), f"no hidden test module found in {HIDDEN_DIR}"
    problems = mismatches(HIDDEN_DIR, SUITE)
    assert not problems, "autograder/hidden/__init__.py: " + "; ".join(problems)


@pytest.mark.parametrize(
    "files, suite, expected",
    [
        (["hidden_draws.py", "hidden_extra.py"], ("draws",), ["hidden_extra.py is a hidden test module"]),
        (["hidden_draws.py"], ("draws", "gone"), ["SUITE names 'gone', but there is no hidden_gone.py"]),
        (["hidden_draws.py"], ("draws", "draws"), ["SUITE names 'draws' more than once"]),
        (["hidden_draws.py", "problems.py", "conftest.py"], ("draws",), []),
    ],
    ids=["module-not-named", "name-without-module", "name-twice", "plain-modules-ignored"],
)
def test_a_mismatch_is_named(tmp_path, files, suite, expected):
    for name in files:
        (tmp_path / name).write_text("")
    problems = mismatches(tmp_path, suite)
    assert len(problems) == len(expected), problems
    assert all(problem.startswith(start) for problem, start in zip(problems, expected)), problems
