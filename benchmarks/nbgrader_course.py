"""The weight-initialization assignment as an nbgrader course, for timing ``nbgrader autograde``.

The notebook ``source/initialization/initialization.ipynb`` holds two "autograded answer" cells
(grade_id ``initializers`` and ``training``, each the whole module) and "autograder tests" cells
that judge the functions in the kernel with the kit's library: ``autograder.checks.initializers``
for the draws, ``autograder.sandbox.probes`` and ``autograder.sandbox.submission.describe_model`` for networks and
the reference (``autograder.reference``) for training and evaluation. The tables (shapes, fans,
gains) are written out here rather than imported: the hidden suite's module internals are not an
API, and its shapes vary with each student's seed. A student's notebook is the release notebook with the student's two
modules pasted into the answer cells.
"""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import nbformat

ASSIGNMENT = "initialization"
COURSE_ID = "initgrade-benchmark"
ANSWER_CELLS = ("initializers", "training")

SETUP = '''\
import math
import numpy as np
import torch
from autograder.sandbox import probes
from autograder.checks import initializers as checks
from autograder.reference import load_reference
from autograder.sandbox.submission import ArrayReply, describe_model, to_float_array

reference = load_reference("training")
SHAPES = [(512, 128), (128, 512), (3, 3, 32, 64)]  # non-square both ways and a convolution kernel
SIZES = [10, 16, 12, 3]
ORTHOGONAL = [((256, 64), 1.0), ((64, 256), 1.0), ((3, 3, 16, 32), 1.0), ((128, 32), 2.5), ((32, 96), 0.5)]
FANS = [((512, 128), (512, 128)), ((3, 3, 32, 64), (288, 576)), ((5, 16, 8), (80, 40)), ((2, 3, 4, 5, 6), (120, 144))]
GAINS = [("linear", None, 1.0), ("sigmoid", None, 1.0), ("tanh", None, 5 / 3), ("relu", None, math.sqrt(2)),
         ("leaky_relu", None, math.sqrt(2 / 1.0001)), ("leaky_relu", 0.2, math.sqrt(2 / 1.04)), ("selu", None, 0.75)]


def verify(*verdicts):
    """Fail the cell with the message of the first check that failed."""
    for verdict in verdicts:
        assert verdict.passed, verdict.message


def reply(function, shape, rng, **options):
    value = function(shape, rng, **options)
    dtype = str(getattr(value, "dtype", "none"))
    return ArrayReply(to_float_array(value, what=function.__name__), type(value).__name__, dtype)


def draws(function, shape, seed, **options):
    """At least 65,536 draws from one generator, each call checked to be a float array of the shape."""
    rng = np.random.default_rng(seed)
    replies = [reply(function, shape, rng, **options) for _ in range(math.ceil(checks.MIN_DRAWS / math.prod(shape)))]
    verify(*(checks.check_array(r, shape, function.__name__) for r in replies))
    return checks.pooled(replies)


def close(a, b, rtol=1e-4, atol=1e-6):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def make_data(seed, n_train=150, n_test=60):
    """A learnable set, as in the hidden suite: labels are the argmax of a random linear map."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_train + n_test, SIZES[0])).astype(np.float32)
    y = np.argmax(X @ rng.normal(size=(SIZES[0], SIZES[-1])), axis=1).astype(np.int64)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def network(spec, seed, activation="relu"):
    """A torch net built by the kit (not the student) with the weights the initializer spec draws."""
    return probes.build_network({"weights": probes.network_weights(SIZES, spec, seed), "activation": activation})


def check_statistical(function, seed=0):
    """Mean, variance (with named mistakes) and family on each hidden shape; bounds unless normal."""
    name = function.__name__
    for k, shape in enumerate(SHAPES):
        samples, goal, where = draws(function, shape, seed + k), checks.target(name, shape, {}), f"{name}{shape}"
        verify(
            checks.check_mean(samples, goal, where),
            checks.check_variance(samples, goal, where, checks.mistakes(name, shape, {})),
            checks.check_family(samples, goal, where),
            *([checks.check_bounds(samples, goal, where)] if goal.family != "normal" else []),
        )
'''

# (grade_id, points, code): "autograder tests" cells.
STATISTICAL = {
    "random_normal": 5,
    "random_uniform": 6,
    "xavier_normal": 5,
    "xavier_uniform": 6,
    "he_normal": 5,
    "he_uniform": 6,
    "lecun_normal": 5,
    "lecun_uniform": 6,
    "variance_scaling": 6,
}
TESTS = [(f"test_{name}", points, f"check_statistical({name})") for name, points in STATISTICAL.items()] + [
    (
        "test_zeros_constant",
        2,
        """\
for shape in [(64, 32), (3, 3, 4, 8), (2, 5, 6)]:
    verify(checks.check_array(reply(zeros, shape, None), shape, "zeros"))
    assert np.array_equal(zeros(shape, None), np.zeros(shape)), f"zeros{shape} is not all zero"
    assert np.array_equal(constant(shape, None), np.ones(shape)), f"constant{shape} is not all 1.0 by default"
    for value in (0.25, -3.0):
        assert np.array_equal(constant(shape, None, value=value), np.full(shape, value)), f"constant(value={value})"
""",
    ),
    (
        "test_orthogonal",
        3,
        """\
for k, (shape, gain) in enumerate(ORTHOGONAL):
    answer = reply(orthogonal, shape, np.random.default_rng(k), **({} if gain == 1.0 else {"gain": gain}))
    verify(checks.check_array(answer, shape, "orthogonal"), checks.check_orthogonal(answer.values, gain, str(shape)))
rng = np.random.default_rng(7)
diagonal = np.concatenate([np.diag(reply(orthogonal, (4, 4), rng).values) for _ in range(2000)])
assert abs(diagonal.mean()) <= 6.109 * math.sqrt(1 / 4 / 2000), f"diagonal mean {diagonal.mean():.3f}: sign correction?"
""",
    ),
    (
        "test_compute_fans",
        2,
        """\
for shape, fans in FANS:
    assert tuple(compute_fans(shape)) == fans, f"compute_fans({shape}) returned {compute_fans(shape)}; expected {fans}"
""",
    ),
    (
        "test_calculate_gain",
        2,
        """\
for name, param, gain in GAINS:
    got = calculate_gain(name, param)
    assert math.isclose(got, gain, rel_tol=1e-9), f"calculate_gain({name!r}, {param!r}) returned {got}; expected {gain}"
""",
    ),
    (
        "test_build_mlp",
        3,
        """\
sizes, counting = [12, 9, 7, 4], {"kind": "counting"}
built = describe_model(build_mlp(sizes, probes.make_initializer(counting), np.random.default_rng(0), activation="relu"))
assert built["modules"] == ["Linear", "ReLU", "Linear", "ReLU", "Linear"], built["modules"]
expected = probes.network_weights(sizes, counting, 0)
assert all(close(a, b, rtol=1e-6, atol=1e-7) for a, b in zip(built["weights"], expected)), "not initializer(...).T"
assert built["weight_dtypes"] == ["float32"] * 3 and not any(np.any(b) for b in built["biases"]), "float32, zero bias"
normal = {"kind": "normal", "std": 0.1}
built = describe_model(build_mlp(SIZES, probes.make_initializer(normal), np.random.default_rng(5), activation="tanh"))
expected = probes.network_weights(SIZES, normal, 5)
assert all(close(a, b, rtol=1e-5) for a, b in zip(built["weights"], expected)), "layers not drawn in turn from rng"
""",
    ),
    (
        "test_train_gradient_steps",
        3,
        """\
X, y, _, _ = make_data(11)
model, expected = network({"kind": "he"}, 12), network({"kind": "he"}, 12)
options = dict(epochs=3, lr=0.05, batch_size=len(X), momentum=0.0, optimizer="sgd")
history, wanted = train(model, X, y, **options), reference.train(expected, X, y, **options)
losses = to_float_array(history["loss"], what="train's loss")
assert close(losses, wanted["loss"]), f"losses {losses}; expected {wanted['loss']}"
weights = zip(describe_model(model)["weights"], describe_model(expected)["weights"])
assert all(close(a, b) for a, b in weights), "the weights are not those of 3 full-batch gradient-descent steps"
""",
    ),
    (
        "test_train_learns",
        2,
        """\
X, y, _, _ = make_data(13)
history = train(network({"kind": "he"}, 14), X, y, epochs=10, lr=0.05, batch_size=16)
assert history["loss"][-1] <= 0.5 * history["initial_loss"], f"loss {history['initial_loss']} -> {history['loss']}"
model = network({"kind": "zeros"}, 0)
train(model, X, y, epochs=5, lr=0.1, batch_size=16)
assert not any(np.any(w) for w in describe_model(model)["weights"][:-1]), "zero hidden weights moved"
""",
    ),
    (
        "test_evaluate",
        2,
        """\
_, _, X, y = make_data(15)
got = to_float_array(evaluate(network({"kind": "normal", "std": 0.4}, 16), X, y), what="evaluate")
expected = reference.evaluate(network({"kind": "normal", "std": 0.4}, 16), X, y)
assert close(got, expected, rtol=1e-5), f"evaluate returned {got}; expected {expected}"
""",
    ),
]
POSSIBLE = sum(points for _, points, _ in TESTS)


def _cell(kind: str, source: str, grade_id: str, *, points=None, solution=False) -> nbformat.NotebookNode:
    """A cell with nbgrader metadata: an answer (solution), a test (points) or a read-only cell."""
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    meta = {"grade": points is not None, "grade_id": grade_id, "locked": not solution, "schema_version": 3}
    meta.update(solution=solution, task=False, **({"points": points} if points is not None else {}))
    return make(source, metadata={"nbgrader": meta})


def source_notebook(solutions: Path) -> nbformat.NotebookNode:
    """The instructor's notebook: the reference modules as answer cells, then setup and tests."""
    cells = [_cell("markdown", "# Weight initialization\n\nWrite both modules in the cells below.", "intro")]
    cells += [_cell("code", (solutions / f"{m}.py").read_text(), m, solution=True) for m in ANSWER_CELLS]
    cells += [_cell("code", SETUP, "setup")]
    cells += [_cell("code", code, grade_id, points=points) for grade_id, points, code in TESTS]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def build_course(root: Path, solutions: Path, nbgrader: list[str], env: dict, timeout: int = 300):
    """Write the course (config and source notebook), run generate_assignment; return the release notebook.
    ``env`` must put the venv's bin folder on PATH: nbgrader runs ``alembic`` from PATH to create its database."""
    (root / "source" / ASSIGNMENT).mkdir(parents=True, exist_ok=True)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Execute.timeout = {timeout}\n"
    )
    nbformat.write(source_notebook(solutions), root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    run = [*nbgrader, "generate_assignment", ASSIGNMENT, "--force"]
    subprocess.run(run, cwd=root, env=env, check=True, capture_output=True, text=True)
    return nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def submit(root: Path, release: nbformat.NotebookNode, student: str, folder: Path) -> None:
    """Put ``folder``'s initializers.py and training.py into the answer cells of a copy of the release."""
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in ANSWER_CELLS:
            cell.source = (folder / f"{grade_id}.py").read_text()
    target = root / "submitted" / student / ASSIGNMENT
    target.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target / f"{ASSIGNMENT}.ipynb")


def scores(root: Path) -> dict[str, float]:
    """Each student's autograded score from the course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gradebook:
        return {s.student.id: s.score for s in gradebook.assignment_submissions(ASSIGNMENT)}
