"""The transfer problems the kit ships (autograder/hidden/transfer_problems.npz) are what the
reference decides: its target task, and the posable numbers re-decided by training the reference.
A sample is re-decided on every run; all of them under ``-m slow``."""

import numpy as np
import pytest

from autograder.hidden import transfer_problems
from autograder.hidden.transfer_problems import CLAIM_MARGIN, PROBLEMS, TASK_ARRAYS, shows_the_claim

SAMPLE = 24  # problems re-decided on every run, half of them among the unposable ones


@pytest.fixture(scope="module")
def reference_task():
    return transfer_problems.reference_task()


def test_the_shipped_target_task_is_the_references(reference_task):
    shipped = transfer_problems.shipped()
    for name, expected in zip(TASK_ARRAYS, reference_task):
        got = shipped[name]
        assert got.dtype == expected.dtype and got.shape == expected.shape, (
            f"{name}: shipped {got.dtype}{got.shape}, the reference's {expected.dtype}{expected.shape}"
        )
        assert np.array_equal(got, expected), f"{name} differs from data.load_transfer_digits()[1]"


def sample() -> list[int]:
    """Half the sample among the posable numbers, half among the others, spread over 0..PROBLEMS."""
    posable = sorted(transfer_problems.posable())
    others = sorted(set(range(PROBLEMS)) - set(posable))
    half = SAMPLE // 2
    return [*posable[:: max(1, len(posable) // half)][:half], *others[:: max(1, len(others) // half)][:half]]


def decided(numbers, task) -> list[str]:
    """A line for each of ``numbers`` that the reference decides otherwise than the shipped file."""
    posable = transfer_problems.posable()
    wrong = []
    for number in numbers:
        shows = shows_the_claim(transfer_problems.reference_result(number, task), CLAIM_MARGIN)
        if shows != (number in posable):
            wrong.append(f"problem {number}: the reference says {'posable' if shows else 'not posable'}")
    return wrong


def test_a_sample_of_problems_is_decided_as_the_reference_decides_it(reference_task):
    numbers = sample()
    assert len(numbers) == SAMPLE and len(set(numbers) & transfer_problems.posable()) == SAMPLE // 2
    wrong = decided(numbers, reference_task)
    assert not wrong, f"{wrong}; write the file again: python -m autograder.hidden.transfer_problems"


@pytest.mark.slow
def test_every_problem_is_decided_as_the_reference_decides_it(reference_task):
    wrong = decided(range(PROBLEMS), reference_task)
    assert not wrong, f"{wrong}; write the file again: python -m autograder.hidden.transfer_problems"


def test_a_posed_problem_is_its_number_s_order_of_the_pool_and_an_unposable_one_is_not_posed():
    task = tuple(transfer_problems.shipped()[name] for name in TASK_ARRAYS)
    number = min(transfer_problems.posable())
    unposable = min(set(range(PROBLEMS)) - transfer_problems.posable())
    source, (X_pool, y_pool, X_test, y_test), options = transfer_problems.pose(PROBLEMS * 7 + number)
    order = np.random.default_rng(number).permutation(len(task[1]))
    assert np.array_equal(X_pool, task[0][order]) and np.array_equal(y_pool, task[1][order])
    assert np.array_equal(X_test, task[2]) and np.array_equal(y_test, task[3])
    assert options["seed"] == number, options
    assert [w.shape for w in source["weights"]][0][0] == X_pool.shape[1]
    assert transfer_problems.pose(PROBLEMS * 3 + unposable) is None


def test_the_file_is_written_again_atomically_and_readable_by_everyone(tmp_path, monkeypatch):
    """``write`` leaves either the old file or the whole new one, readable by judges of any user."""
    monkeypatch.setattr(transfer_problems, "PROBLEMS", 3)
    target = tmp_path / "problems.npz"
    target.write_bytes(b"old")
    count = transfer_problems.write(target)
    with np.load(target, allow_pickle=False) as arrays:
        assert sorted(arrays.files) == sorted([*TASK_ARRAYS, "posable"])
        assert len(arrays["posable"]) == count and set(arrays["posable"]) <= {0, 1, 2}
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["problems.npz"], "a temporary file was left behind"
