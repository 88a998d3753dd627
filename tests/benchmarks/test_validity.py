"""The validity run builds its submissions as it says, grades them, and names what was misjudged.

A correctness test on three submissions; the run itself (1,000 and more) is a benchmark, see
docs/hidden-suite.md."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "validity.py"


def load():
    spec = importlib.util.spec_from_file_location("initgrade_validity", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


validity = load()


def test_combinations_are_reproducible_and_never_redefine_a_name():
    right = validity.corpus("right")
    assert validity.combination(right, 0) == [], "submission 0 is the reference itself"
    used = set()
    for number in range(1, 60):
        chosen = validity.combination(right, number)
        assert chosen == validity.combination(right, number), "the same number must give the same submission"
        names = [name for entry in chosen for name in entry.defines]
        assert len(names) == len(set(names)), f"submission {number} defines a name twice: {names}"
        used |= {entry.name for entry in chosen}
    assert used == {entry.name for entry in right}, f"never used in 59 submissions: {set(e.name for e in right) - used}"


def test_a_submission_is_the_reference_with_its_entries_appended(tmp_path):
    entry = validity.read_entry(validity.CORPUS / "wrong" / "he_normal_fan_out.py")
    validity.write_submission(tmp_path / "s", [entry])
    text = (tmp_path / "s" / "initializers.py").read_text()
    assert text.startswith((validity.ROOT / "solutions" / "initializers.py").read_text())
    assert text.endswith(entry.source) and entry.defines == {"he_normal"} and entry.loses == "he_normal"


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The reference, a real mistake, and a 'mistake' that is correct code: a misjudged entry."""
    work = tmp_path_factory.mktemp("validity")
    mistake = validity.read_entry(validity.CORPUS / "wrong" / "he_normal_fan_out.py")
    correct = validity.read_entry(validity.CORPUS / "right" / "he_normal_standard_normal.py")
    not_a_mistake = validity.Entry("not_a_mistake", correct.module, correct.source, correct.defines, "he_normal")
    plan = validity.make_submissions(work, [], [mistake, not_a_mistake], right_count=1, wrong_seeds=1)
    return plan, validity.grade(work, plan, workers=1)


def test_the_report_names_the_misjudged_and_only_them(graded):
    plan, results = graded
    assert sorted(plan) == ["right-0000", "wrong-he_normal_fan_out-0", "wrong-not_a_mistake-0"]
    text, record = validity.report(plan, results, 1.0)
    assert "right: 1 submissions, 1 kept full marks" in text, text
    assert "wrong: 2 submissions of 2 entries, 1 lost points in their own function" in text, text
    assert "misjudged: 1\n  wrong-not_a_mistake-0 (not_a_mistake): kept every point of he_normal" in text, text
    assert record["right-0000"]["misjudged"] == "" and record["right-0000"]["seed"] is not None


def test_a_right_submission_that_loses_points_is_misjudged(graded):
    _, results = graded
    wrong = next(r for r in results if r.student_id == "wrong-he_normal_fan_out-0")
    why = validity.misjudgement(wrong, {"expect": "full marks"})
    assert why.startswith("lost ") and "he_normal: variance" in why, why


@pytest.mark.parametrize("option", ["--right", "--wrong-seeds", "--workers"])
def test_counts_below_one_are_refused(option, capsys):
    with pytest.raises(SystemExit) as stopped:
        validity.parse([option, "0"])
    assert stopped.value.code == 2 and f"{option} must be at least 1; received 0" in capsys.readouterr().err
