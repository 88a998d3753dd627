"""The submission door: plain values in and out, every failure of student code a SubmissionError."""

import sys
import textwrap

import numpy as np
import pytest

from autograder.sandbox.submission import MAX_ELEMENTS, InProcessSubmission, SubmissionError, plain, to_float_array


def folder_with(tmp_path, **modules):
    for name, source in modules.items():
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
    return InProcessSubmission(tmp_path)


def test_a_missing_module(tmp_path):
    with pytest.raises(SubmissionError, match="initializers.py is missing from the submission"):
        InProcessSubmission(tmp_path).initializer("zeros", (2, 2), 0)


def test_an_import_error_is_reported_with_its_type(tmp_path):
    submission = folder_with(tmp_path, initializers="import numpy as np\nraise RuntimeError('broken on purpose')\n")
    with pytest.raises(SubmissionError, match="importing initializers.py failed: RuntimeError: broken on purpose"):
        submission.initializer("zeros", (2, 2), 0)


def test_a_missing_function(tmp_path):
    with pytest.raises(SubmissionError, match="initializers.py has no function he_normal"):
        folder_with(tmp_path, initializers="x = 1\n").initializer("he_normal", (2, 2), 0)


def test_the_students_exception_type_is_kept(tmp_path):
    submission = folder_with(
        tmp_path,
        initializers="""
        def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
            raise ValueError(f"mode must be fan_in or fan_out; received {mode!r}")
        """,
    )
    with pytest.raises(SubmissionError, match="he_normal raised ValueError: mode must be") as caught:
        submission.initializer("he_normal", (2, 2), 0, mode="x")
    assert caught.value.exception_type == "ValueError"


def test_replies_are_plain_float64_copies_with_what_was_returned(tmp_path):
    submission = folder_with(
        tmp_path,
        initializers="""
        import numpy as np

        class Sneaky(np.ndarray):
            def var(self, *args, **kwargs):
                return 1.0

        def zeros(shape, rng=None):
            return np.zeros(shape, dtype=np.float32).view(Sneaky)

        def constant(shape, rng=None, value=1.0):
            return [[value] * shape[1]] * shape[0]
        """,
    )
    reply = submission.initializer("zeros", (3, 2), 0)[0]
    assert type(reply.values) is np.ndarray and reply.values.dtype == np.float64
    assert (reply.type_name, reply.dtype) == ("Sneaky", "float32")
    listed = submission.initializer("constant", (2, 2), 0)[0]
    assert (listed.type_name, listed.dtype) == ("list", "none")


def test_one_generator_serves_all_calls_and_the_global_state_can_be_set(tmp_path):
    submission = folder_with(
        tmp_path,
        initializers="""
        import numpy as np

        def random_normal(shape, rng, std=0.01):
            return rng.normal(0, std, size=shape) + np.random.random()
        """,
    )
    first, second = submission.initializer("random_normal", (2,), 5, calls=2, global_seed=1)
    assert not np.array_equal(first.values, second.values)
    again = submission.initializer("random_normal", (2,), 5, global_seed=1)[0]
    assert np.array_equal(first.values, again.values)


@pytest.mark.parametrize(
    "value, message",
    [("text", "not an array of numbers"), ({"a": 1}, "not an array of numbers")],
    ids=["string", "dict"],
)
def test_answers_that_are_not_numbers_are_refused(value, message):
    with pytest.raises(SubmissionError, match=message):
        to_float_array(value, what="he_normal")


def test_oversized_answers_are_refused():
    with pytest.raises(SubmissionError, match=f"more than the {MAX_ELEMENTS:,} allowed"):
        to_float_array(np.broadcast_to(0.0, (MAX_ELEMENTS + 1,)), what="he_normal")


def test_build_mlp_must_return_a_module(tmp_path):
    submission = folder_with(
        tmp_path, training="def build_mlp(layer_sizes, initializer, rng, activation='relu'):\n    return [1, 2]\n"
    )
    with pytest.raises(SubmissionError, match="build_mlp returned list, not a torch.nn.Module"):
        submission.build_mlp([3, 2], {"kind": "he"}, 0, "relu")


def test_train_must_return_a_dict(tmp_path):
    submission = folder_with(tmp_path, training="def train(model, X, y, **options):\n    return 3\n")
    network = {"weights": [np.ones((3, 2))], "activation": "relu"}
    with pytest.raises(SubmissionError, match="train returned int, not a dict"):
        submission.train(network, np.ones((4, 3), np.float32), np.zeros(4, np.int64), epochs=1, lr=0.1)


def test_tensors_and_numpy_scalars_become_plain_values():
    import torch

    assert plain(torch.tensor(0.5, requires_grad=True) * 2) == 1.0
    assert plain((np.float32(1.5), np.int64(3))) == (1.5, 3) and type(plain(np.float32(1.5))) is float
    assert plain({"loss": [torch.tensor(1.0), np.float64(2.0)]}) == {"loss": [1.0, 2.0]}
    array = to_float_array([torch.ones(2, requires_grad=True), torch.zeros(2)], what="x")
    assert array.tolist() == [[1.0, 1.0], [0.0, 0.0]]


def test_plain_calls_answer_in_python_numbers(tmp_path):
    submission = folder_with(
        tmp_path,
        initializers="""
        import numpy as np

        def calculate_gain(nonlinearity, param=None):
            return np.float32(1.0)

        def compute_fans(shape):
            return np.array(shape[-2:])
        """,
    )
    assert submission.plain_call("initializers", "calculate_gain", "linear") == 1.0
    assert submission.plain_call("initializers", "compute_fans", (4, 3)) == [4, 3]


@pytest.mark.parametrize("student, gain", [("first", 1.0), ("second", 2.0)], ids=["first", "second"])
def test_a_module_may_import_its_sibling_and_never_gets_another_students(tmp_path, student, gain):
    """Both students' training.py import their own initializers; graded one after the other in
    one process, each sees its own."""
    for name, value in [("first", 1.0), ("second", 2.0)]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "initializers.py").write_text(f"def calculate_gain(nonlinearity, param=None):\n    return {value}\n")
        (folder / "training.py").write_text(
            "from initializers import calculate_gain\n\n"
            "def evaluate(model, X, y):\n    return calculate_gain('relu'), 0.5\n"
        )
    answers = {}
    for name in ("first", "second"):
        answers[name] = InProcessSubmission(tmp_path / name).plain_call("training", "evaluate", None, None, None)
    assert answers[student] == [gain, 0.5]
    assert "initializers" not in sys.modules


@pytest.mark.parametrize(
    "returned, message",
    [
        ("[1, 2]", "compare_initializers returned list, not a dict"),
        ("{'he': 3}", r"compare_initializers\['he'\] is int, not a dict"),
    ],
    ids=["list", "entry"],
)
def test_compare_initializers_must_return_a_dict_of_dicts(tmp_path, returned, message):
    submission = folder_with(
        tmp_path, training=f"def compare_initializers(initializers, data, **options):\n    return {returned}\n"
    )
    with pytest.raises(SubmissionError, match=message):
        submission.compare_initializers({"he": {"kind": "he"}}, [np.ones((2, 2))] * 4, epochs=1)
