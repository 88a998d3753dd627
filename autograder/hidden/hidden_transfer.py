"""Hidden tests of training.py's pre-trained weights: ``load_pretrained`` on checkpoints the judge
writes (a real one, files that are not checkpoints, one that runs code when it is unpickled, one
holding more than tensors); ``transfer_weights`` on grader-built networks, read back as raw
weights before and after a few optimizer steps that the judge replays with the reference; and
``compare_transfer`` against what the student's own parts give, and against the claim its plot
makes (with few labels, the pre-trained networks start lower and end more accurate).

False fails. Every check of ``load_pretrained`` and ``transfer_weights`` is exact or compares
float32 tensors that a correct implementation copies bit for bit (a copy, the judge's replay of the
same SGD steps in the same order): no chance enters, so correct code never fails. The comparison's
agreement compares the same functions on the same models (``AGREEMENT``, as ``hidden_comparison``
does); its claim is posed only on problems where the reference's own numbers clear it by
``CLAIM_MARGIN``: a correct answer then fails only if float rounding flips 9 test images or moves
an initial loss by 0.01, which float32's 1e-7 relative error cannot. Which problems those are is
decided once and shipped (``transfer_problems``: 874 of its 1,000 problems are posed; on the
others the reference's scratch network started within 0.01 of ln 5 or below it, or won less
clearly).
"""

from __future__ import annotations

import base64
import io
import zipfile

import numpy as np
import pytest
import torch

from autograder.checks.statistics import Verdict
from autograder.hidden import transfer_problems
from autograder.hidden.recompute import close, reference
from autograder.hidden.support import fail, first_posable, judge, seed_for
from autograder.hidden.transfer_problems import INITIALIZERS
from autograder.mistakes import only
from autograder.sandbox import probes
from autograder.sandbox.submission import TRANSFER_METHODS, UNPICKLED_MARKER, SubmissionError, describe_model

SIZES = [8, 8, 6, 4]  # body 8 -> 8 (square: a transposed copy shows), 8 -> 6; head 6 -> 4 (the source's shape)
HEAD = {4, 5}  # the head's weight and bias in target.parameters()
STEPS, STEP_LR, MOMENTUM = 3, 0.1, 0.9  # the SGD steps after a transfer (sandbox.submission's)
AGREEMENT = 1e-4  # relative: the same functions on the same models, in another order of float32 operations


# -- the networks and checkpoints the judge makes ---------------------------------------------------


def network(seed: int, *, std: float, sizes=SIZES) -> dict:
    """A network spec with N(0, std^2) kernels and N(0, 0.1^2) biases drawn from ``seed``, rounded
    to float32 (what a model holds, so a copy compares exactly): every value distinct, so a copy, a
    transpose or a bias left behind each shows."""
    rng = np.random.default_rng(seed)

    def held(values: np.ndarray) -> np.ndarray:
        return values.astype(np.float32).astype(np.float64)

    return {
        "weights": [held(rng.normal(0, std, (a, b))) for a, b in zip(sizes, sizes[1:])],
        "biases": [held(rng.normal(0, 0.1, b)) for b in sizes[1:]],
        "activation": "relu",
    }


def state_dict(spec: dict) -> dict:
    """The state dict ``torch.save(model.state_dict())`` writes for the network of ``spec``."""
    return {name: tensor.detach().clone() for name, tensor in probes.build_network(spec).state_dict().items()}


def saved(value) -> bytes:
    """``value`` as ``torch.save`` writes it."""
    stream = io.BytesIO()
    torch.save(value, stream)
    return stream.getvalue()


class _RunsCode:
    """Unpickling this runs code: it sets ``UNPICKLED_MARKER`` in the worker's environment."""

    def __reduce__(self):
        return exec, (f"import os; os.environ[{UNPICKLED_MARKER!r}] = '1'",)


def not_checkpoints(seed: int) -> dict[str, bytes]:
    """Files that are not torch checkpoints, by what they are."""
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("notes.txt", "a zip, but not torch's")
    return {
        "random bytes": np.random.default_rng(seed).bytes(2048),
        "a text file": b"weights: 0.1 0.2 0.3\n",
        "an empty file": b"",
        "a zip of text": zipped.getvalue(),
    }


def expected_transfer(source: dict, target: dict, *, freeze: bool, data) -> dict:
    """The reference's transfer_weights on the same two networks, then the same optimizer steps:
    both networks as ``describe_model`` gives them."""
    source_model, target_model = probes.build_network(source), probes.build_network(target)
    returned = reference.transfer_weights(source_model, target_model, freeze=freeze)
    momentum_steps(target_model, returned, *data)
    return {"trained": describe_model(target_model), "source_after": describe_model(source_model)}


def momentum_steps(model, parameters, X, y) -> None:
    """STEPS full-batch steps on the mean cross-entropy of ``model`` on (X, y) of SGD with momentum
    over ``parameters``, as ``torch.optim.SGD(parameters, lr=STEP_LR, momentum=MOMENTUM)`` takes them
    (the same tensor operations): b_1 = g_1, b_t = MOMENTUM b_(t-1) + g_t, w <- w - STEP_LR b_t.
    Written out because torch.optim's first use imports torch._dynamo, 2 s of a cold grading."""
    parameters = list(parameters)
    inputs, labels = torch.as_tensor(X, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64)
    buffers = [None] * len(parameters)
    for _ in range(STEPS):
        model.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(model(inputs), labels).backward()
        with torch.no_grad():
            for index, parameter in enumerate(parameters):
                if buffers[index] is None:
                    buffers[index] = parameter.grad.detach().clone()
                else:
                    buffers[index].mul_(MOMENTUM).add_(parameter.grad)
                parameter.add_(buffers[index], alpha=-STEP_LR)


def same_network(got: dict, want: dict) -> bool:
    pairs = zip(got["weights"] + got["biases"], want["weights"] + want["biases"])
    return all(close(a, b, rtol=1e-5, atol=1e-7) for a, b in pairs)


def trained_parameters(answer: dict) -> set[int]:
    """Indices of the target's parameters an optimizer step can change: those that require grad
    and sit in a parameter group whose learning rate is not 0."""
    reached = {int(m) for group in answer["groups"] if group["lr"] != 0 for m in group["members"]}
    return {i for i, needs in enumerate(answer["requires_grad"]) if needs and i in reached}


def layers_named(indices: set[int]) -> str:
    names = [f"{'weight' if i % 2 == 0 else 'bias'} of layer {i // 2 + 1}" for i in sorted(indices)]
    return ", ".join(names) or "nothing"


# -- load_pretrained -------------------------------------------------------------------------------


def loaded(submission, content: bytes, name: str = "source.pt") -> dict:
    return submission.load_pretrained(base64.b64encode(content).decode("ascii"), name)


@pytest.mark.points(1)
@pytest.mark.title("load_pretrained: reads the state dict torch.save wrote, name by name")
def test_load_pretrained_reads(submission, hidden_seed):
    state = state_dict(network(seed_for(hidden_seed, "checkpoint"), std=0.5))
    answer = loaded(submission, saved(state))
    judge(Verdict(not answer["raised"], f"a checkpoint torch.save wrote was refused: {answer['message']}"))
    names = sorted(answer["names"])
    judge(Verdict(names == sorted(state), f"names {names}; the checkpoint holds {sorted(state)}"))
    for name, got in zip(answer["names"], answer["tensors"]):
        judge(Verdict(close(got, state[name].numpy(), rtol=0, atol=0), f"{name} is not the tensor the file holds"))


@pytest.mark.points(1)
@pytest.mark.title("load_pretrained: ValueError for a file that is not a checkpoint")
def test_load_pretrained_refuses_other_files(submission, hidden_seed):
    for what, content in not_checkpoints(seed_for(hidden_seed, "not a checkpoint")).items():
        answer = loaded(submission, content, "not_a_checkpoint.pt")
        if answer["raised"] != "ValueError":
            happened = f"{answer['raised']} was raised" if answer["raised"] else "it was read without complaint"
            fail(
                f"load_pretrained on {what}: expected ValueError naming the file; {happened}.",
                "checkpoint-error-escapes" if answer["raised"] else "",
            )


@pytest.mark.points(1)
@pytest.mark.title("load_pretrained: refuses a checkpoint that runs code when unpickled, without running it")
def test_load_pretrained_refuses_pickled_objects(submission, hidden_seed):
    state = state_dict(network(seed_for(hidden_seed, "hostile checkpoint"), std=0.5, sizes=[3, 2]))
    answer = loaded(submission, saved({**state, "payload": _RunsCode()}), "hostile.pt")
    judge(
        Verdict(
            not answer["unpickled"],
            "load_pretrained ran the code a checkpoint's pickle held (an object whose unpickling calls exec).",
            "checkpoint-unpickled",
        ),
        Verdict(
            answer["raised"] == "ValueError",
            f"a checkpoint holding a pickled object: expected ValueError; "
            f"{answer['raised'] + ' was raised' if answer['raised'] else 'it was read without complaint'}.",
        ),
    )


@pytest.mark.points(0.5)
@pytest.mark.title("load_pretrained: ValueError for a checkpoint holding something besides tensors")
def test_load_pretrained_refuses_other_contents(submission, hidden_seed):
    state = state_dict(network(seed_for(hidden_seed, "odd checkpoint"), std=0.5, sizes=[3, 2]))
    tensor = state["0.weight"]
    for what, value in {
        "a state dict with an int among its tensors": {**state, "epoch": 3},
        "a list of tensors": list(state.values()),
        "a bare tensor": tensor,
    }.items():
        answer = loaded(submission, saved(value), "odd.pt")
        judge(
            Verdict(
                answer["raised"] == "ValueError",
                f"load_pretrained on {what}: expected ValueError (only names to tensors are a state dict); "
                f"{answer['raised'] + ' was raised' if answer['raised'] else 'it was returned'}.",
                "" if answer["raised"] else "checkpoint-contents-unchecked",
            )
        )


# -- transfer_weights ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def transfer_problem(hidden_seed):
    """A source and a target network (same sizes, different weights) and data to train the target on."""
    rng = np.random.default_rng(seed_for(hidden_seed, "transfer data"))
    X = rng.normal(size=(24, SIZES[0])).astype(np.float32)
    return {
        "source": network(seed_for(hidden_seed, "source"), std=0.5),
        "target": network(seed_for(hidden_seed, "target"), std=0.3),
        "data": (X, rng.integers(0, SIZES[-1], size=len(X))),
    }


@pytest.fixture(scope="module")
def transferred(submission, transfer_problem):
    """``transferred(freeze)``: the worker's report of the student's transfer_weights and the steps
    after it, asked once per value of ``freeze``."""
    asked = {}

    def run(freeze: bool) -> dict:
        if freeze not in asked:
            problem = transfer_problem
            asked[freeze] = submission.transfer(
                problem["source"], problem["target"], freeze=freeze, data=problem["data"], steps=STEPS, lr=STEP_LR
            )
        return asked[freeze]

    return run


@pytest.mark.points(1.5)
@pytest.mark.title("transfer_weights: the body's weights and biases are the source's, exactly")
def test_transfer_copies_the_body(transferred, transfer_problem):
    copied, source = transferred(True)["copied"], transfer_problem["source"]
    for layer in range(len(SIZES) - 2):
        weight_ok = close(copied["weights"][layer], source["weights"][layer], rtol=0, atol=0)
        bias_ok = close(copied["biases"][layer], source["biases"][layer], rtol=0, atol=0)
        if weight_ok and bias_ok:
            continue
        candidates = []
        if close(copied["weights"][layer].T, source["weights"][layer], rtol=0, atol=0):
            candidates.append("body-transposed")
        if weight_ok and not bias_ok:
            candidates.append("biases-not-copied")
        part = "weight" if not weight_ok else "bias"
        fail(
            f"layer {layer + 1} of the body: the target's {part} is not the source's after transfer_weights.",
            only(candidates),
        )


@pytest.mark.points(1)
@pytest.mark.title("transfer_weights: the head keeps the target's own initialization")
def test_transfer_keeps_the_head(transferred, transfer_problem):
    copied, target, source = transferred(True)["copied"], transfer_problem["target"], transfer_problem["source"]
    kept = close(copied["weights"][-1], target["weights"][-1], rtol=0, atol=0)
    kept &= close(copied["biases"][-1], target["biases"][-1], rtol=0, atol=0)
    if not kept:
        from_source = close(copied["weights"][-1], source["weights"][-1], rtol=0, atol=0)
        fail(
            "the last Linear layer (the head) changed in transfer_weights; it must stay as the target's "
            "initializer made it.",
            "head-copied" if from_source else "",
        )


@pytest.mark.points(1)
@pytest.mark.title("transfer_weights: copies the source's tensors, never shares them")
def test_transfer_does_not_share(transferred, transfer_problem):
    for freeze in (True, False):
        answer = transferred(freeze)
        shared = {i for i, flag in enumerate(answer["shared"]) if flag}
        if shared:
            fail(
                f"with freeze={freeze}, the target's {layers_named(shared)} share storage with the source's.",
                "storage-shared",
            )
        judge(
            Verdict(
                same_network(answer["source_after"], transfer_problem["source"]),
                f"with freeze={freeze}, training the target changed the source network",
            )
        )


@pytest.mark.points(1)
@pytest.mark.title("transfer_weights: freeze=True leaves only the head to train, and steps change nothing else")
def test_transfer_freezes_the_body(transferred, transfer_problem):
    frozen_check(transferred(True), transfer_problem, freeze=True)


@pytest.mark.points(0.5)
@pytest.mark.title("transfer_weights: freeze=False fine-tunes every layer")
def test_transfer_fine_tunes_everything(transferred, transfer_problem):
    frozen_check(transferred(False), transfer_problem, freeze=False)


def frozen_check(answer: dict, problem: dict, *, freeze: bool) -> None:
    """What an optimizer can change is the head (``freeze``) or everything, and the target after the
    steps is what the reference's transfer gives after the same steps."""
    every = set(range(2 * (len(SIZES) - 1)))
    wanted, trained = HEAD if freeze else every, trained_parameters(answer)
    strangers = any(int(m) == -1 for group in answer["groups"] for m in group["members"])
    judge(Verdict(not strangers, "what transfer_weights returned holds parameters that are not the target's"))
    if trained != wanted:
        body = every - HEAD
        if freeze:
            candidates = ["freeze-ignored" if trained & body else "", "head-frozen" if HEAD - trained else ""]
            mistake = only(candidates)
        else:
            mistake = "frozen-always" if not trained & body and HEAD <= trained else ""
        fail(
            f"with freeze={freeze}, an optimizer given what transfer_weights returned can change the "
            f"{layers_named(trained)}; expected the {layers_named(wanted)}.",
            mistake,
        )
    expected = expected_transfer(problem["source"], problem["target"], freeze=freeze, data=problem["data"])
    judge(
        Verdict(
            same_network(answer["trained"], expected["trained"]),
            f"with freeze={freeze}, after {STEPS} SGD steps the target is not what the body copied "
            "from the source and those steps give",
        )
    )


@pytest.mark.points(0.5)
@pytest.mark.title("transfer_weights: frozen parameters are out of the optimizer's reach, not given lr=0")
def test_transfer_freezes_without_zero_lr(transferred):
    answer = transferred(True)
    held = {int(m) for group in answer["groups"] if group["lr"] == 0 for m in group["members"] if m >= 0} & {
        i for i, needs in enumerate(answer["requires_grad"]) if needs
    }
    judge(
        Verdict(
            not held,
            f"the {layers_named(held)} require grad and sit in a parameter group with lr=0.",
            "frozen-by-zero-lr",
        )
    )


COPIED_ANYWAY = "expected ValueError, but transfer_weights copied anyway"


def refusal(submission, source: dict, target: dict, names: tuple[str, ...]) -> str | None:
    """None if transfer_weights raised ValueError with a message naming the layer (any of
    ``names``, when there are any), else what happened instead."""
    try:
        submission.transfer(source, target, freeze=True)
    except SubmissionError as error:
        if error.exception_type == "NotImplementedError":
            raise
        if error.exception_type != "ValueError":
            return f"expected ValueError; {error}"
        message = str(error).split(": ", 1)[-1]
        if names and not any(name in message for name in names):
            return f"the ValueError does not name the layer ({' or '.join(names)}): {message}"
        return None
    return COPIED_ANYWAY


@pytest.mark.points(1)
@pytest.mark.title("transfer_weights: ValueError naming the layer when the body's shapes differ")
def test_transfer_refuses_other_shapes(submission, hidden_seed):
    seed = seed_for(hidden_seed, "refusals")
    cases = {
        # layer 2 of 9 -> 8 -> 7 -> 5 against 9 -> 8 -> 6 -> 5: named "2" (its place), "1" (from 0) or "2." (its module)
        "a body layer of another size": ([9, 8, 7, 5], [9, 8, 6, 5], ("1", "2")),
        # layer 1 of 8 -> 7 -> 5 against 7 -> 8 -> 5: the target's weight is the source's shape transposed
        "a body layer transposed": ([8, 7, 5], [7, 8, 5], ("0", "1")),
        "another number of layers": ([9, 8, 7, 5], [9, 8, 5], ()),  # no one layer to name
    }
    for what, (source_sizes, target_sizes, names) in cases.items():
        source, target = network(seed, std=0.5, sizes=source_sizes), network(seed + 1, std=0.5, sizes=target_sizes)
        problem = refusal(submission, source, target, names)
        accepted = what == "a body layer transposed" and problem == COPIED_ANYWAY
        mistake = "transposed-body-accepted" if accepted else ""
        judge(Verdict(problem is None, f"{what} ({source_sizes} into {target_sizes}): {problem}", mistake))


# -- compare_transfer ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def transfer_comparison(submission, hidden_seed):
    """The posed problem and the student's compare_transfer on it: (source, data, options, answer)."""
    source, data, options = first_posable(hidden_seed, "compare transfer", transfer_problems.pose)
    return source, data, options, submission.compare_transfer(source, INITIALIZERS, data, **options)


def transfer_well_formed(got: dict, options: dict) -> Verdict:
    counts, epochs = len(options["label_counts"]), options["epochs"]
    if set(got) != set(TRANSFER_METHODS):
        return Verdict(False, f"compare_transfer returned methods {sorted(got)}; expected {sorted(TRANSFER_METHODS)}")
    for method, entry in got.items():
        lengths = {
            "loss": len(entry["loss"]),
            "initial_loss": len(entry["initial_loss"]),
            "test_accuracy": len(entry["test_accuracy"]),
        }
        if set(lengths.values()) != {counts} or any(len(history) != epochs for history in entry["loss"]):
            return Verdict(
                False,
                f"{method}: expected one entry per label count ({counts}) in 'loss', 'initial_loss' and "
                f"'test_accuracy', each loss history of {epochs} epochs; found {lengths}",
            )
    return Verdict(True, "every method has an entry per label count")


@pytest.mark.points(2)
@pytest.mark.title("compare_transfer: histories and accuracies as its parts give them")
def test_compare_transfer_agrees_with_its_parts(submission, transfer_comparison):
    source, data, options, got = transfer_comparison
    judge(transfer_well_formed(got, options))
    parts = submission.compare_transfer_from_parts(source, INITIALIZERS, data, **options)
    for method in TRANSFER_METHODS:
        for key in ("loss", "initial_loss", "test_accuracy"):
            judge(
                Verdict(
                    close(got[method][key], parts[method][key], rtol=AGREEMENT, atol=1e-30, equal_nan=True),
                    f"{method}: {key!r} differs from what your build_mlp, transfer_weights, train (with the "
                    "parameters transfer_weights returns) and evaluate give for the first k images of each class",
                )
            )


@pytest.mark.points(1)
@pytest.mark.title("compare_transfer: with one label per class, pre-trained starts lower and ends more accurate")
def test_compare_transfer_claim(transfer_comparison):
    _, _, options, got = transfer_comparison
    judge(transfer_well_formed(got, options))
    scratch = got["scratch"]
    for method in ("frozen", "fine_tuned"):
        entry = got[method]
        judge(
            Verdict(
                entry["initial_loss"][0] < scratch["initial_loss"][0],
                f"{method}: initial loss {entry['initial_loss'][0]:.3f}, scratch {scratch['initial_loss'][0]:.3f}; "
                "a pre-trained body under a zero head starts at ln(classes), below a random network",
            ),
            Verdict(
                entry["test_accuracy"][0] > scratch["test_accuracy"][0],
                f"{method}: test accuracy {entry['test_accuracy'][0]:.3f}, scratch {scratch['test_accuracy'][0]:.3f}; "
                "with one labelled image per class the pre-trained body should win",
            ),
        )
