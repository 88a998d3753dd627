"""The worker's side of the door: answers the judge's requests by calling the student's code.

This runs inside the sandboxed worker process (see ``autograder.sandbox.forkserver``), the only place
where student code runs. Each request names one operation of ``InProcessSubmission`` and its
plain arguments; each reply is ``{"result": ...}`` or ``{"error": message, "exception_type":
name}``. Nothing here is trusted by the judge: it validates every reply again.

Every worker starts Python's, NumPy's and torch's global random generators from one state
(``GLOBAL_SEED``). Student code should draw only from the generator it is given, and the hidden suite
checks that it does; code that draws from a global generator anyway then draws the same values on
every run, since the judge's requests come in the suite's fixed order, so the same submission and
hidden seed give the same grade and the same feedback. (Left alone, each library seeds its global
generator unpredictably at import: a message quoting torch's default bias values changed from run to
run.)
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from autograder.sandbox.submission import ArrayReply, InProcessSubmission, SubmissionError
from autograder.sandbox.wire import Channel

GLOBAL_SEED = 0
OPERATIONS = (
    "initializer_calls",
    "plain_call",
    "build_mlp",
    "train",
    "measure",
    "compare_initializers",
    "compare_from_parts",
    "load_pretrained",
    "transfer",
    "compare_transfer",
    "compare_transfer_from_parts",
)


def serve(channel: Channel, folder: Path) -> None:
    """Seed the global generators, announce readiness, then answer requests until the judge closes
    the channel."""
    _seed_global_generators(GLOBAL_SEED)
    submission = InProcessSubmission(folder)
    channel.send({"ready": True})
    while True:
        try:
            request = channel.receive()
        except EOFError:
            return
        try:
            channel.send(_answer(submission, request))
        except (TypeError, ValueError) as error:  # the whole message is encoded before a byte is sent
            channel.send(
                {"error": f"the answer cannot be sent to the grader ({error}); return numbers, lists or arrays"}
            )


def _seed_global_generators(seed: int) -> None:
    """Start the global generators of ``random``, ``numpy.random`` and torch from ``seed``."""
    import torch  # already imported by the fork server, which paid for it once

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _answer(submission: InProcessSubmission, request: dict) -> dict:
    try:
        if request["op"] == "import":
            submission.module(request["module"])
            return {"result": None}
        if request["op"] not in OPERATIONS:
            raise ValueError(f"unknown operation {request['op']!r}")
        result = getattr(submission, request["op"])(*request["args"], **request["kwargs"])
        return {"result": _plain(result)}
    except SubmissionError as error:
        return {"error": str(error), "exception_type": error.exception_type}
    except BaseException as error:  # noqa: BLE001 - whatever happened, the judge hears of it
        return {
            "error": f"the grading worker failed outside your code ({type(error).__name__}: {error}); "
            "tell your instructor"
        }


def _plain(value):
    if isinstance(value, ArrayReply):
        return {"values": value.values, "type_name": value.type_name, "dtype": value.dtype}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value
