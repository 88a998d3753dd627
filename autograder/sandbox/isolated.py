"""The judge's side of the door: the student's code answers from a sandboxed worker process.

``IsolatedSubmission`` offers the operations of ``submission.InProcessSubmission`` (the same
names, arguments and return values), but each one is a request to a worker forked by a
``ForkServer`` and confined by ``autograder.sandbox``. Replies are plain data read from the
wire (``autograder.sandbox.wire``) and validated against the shape each operation promises
(``autograder.sandbox.answers``), so a tampered worker can only produce a wrong answer, never a
crash of the judge.

Each student module (``initializers``, ``training``) is run by a worker of its own
(``autograder.sandbox.launcher.Worker``), started when the suite turns to it (the one before is
stopped), so what one module does to its process costs the other nothing. A worker that dies,
overruns its time or breaks the protocol costs the current call (a ``SubmissionError`` naming
what happened); the next call starts a fresh worker. A module whose import failed is not
imported again, a function that ran out of time twice is not called again, and once the
submission's time budget is spent every remaining call fails at once. A worker that cannot be
started at all raises ``WorkerStartError``, the grader's failure. The launcher's names the
grader uses (``ForkServer``, ``Deadlines``...) are importable from here as well.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from autograder.sandbox import answers
from autograder.sandbox.answers import check_numbers, expect, same_layers, text
from autograder.sandbox.launcher import (
    DEFAULT_DEADLINES,
    Deadlines,
    ForkServer,
    Worker,
    WorkerStartError,
    keep_capped,
)
from autograder.sandbox.limits import DEFAULT_LIMITS, Limits
from autograder.sandbox.submission import ArrayReply, SubmissionError
from autograder.sandbox.wire import WireError

WORKER_UID_BASE = 2_100_000_000  # plus the judge's pid: a user id no one else runs as


class IsolatedSubmission:
    """A submission folder graded through sandboxed workers (see the module docstring).

    ``work`` is the loaded submission, ``root`` an empty folder for the namespace levels' private
    root, ``scratch`` a folder every user may pass through (mode 711) where the other levels make
    each worker's own folder. With ``unloadable`` (why the submission could not be loaded), no
    worker starts and every operation fails with that message. ``strongest`` caps the isolation
    level (``sandbox.levels.LEVELS``); the default takes the strongest the machine allows, and
    ``trusted`` admits running with resource limits only where nothing stronger is available."""

    def __init__(
        self,
        work: Path,
        *,
        server: ForkServer,
        root: Path,
        scratch: Path,
        hidden: list[Path],
        limits: Limits = DEFAULT_LIMITS,
        deadlines: Deadlines = DEFAULT_DEADLINES,
        unloadable: str = "",
        strongest: str = "namespaces",
        trusted: bool = False,
    ):
        self._unloadable = unloadable
        self.uid = WORKER_UID_BASE + os.getpid()
        self._request = {
            "work": str(work),
            "root": str(root),
            "scratch": str(scratch),
            "hidden": [str(path) for path in hidden],
            "uid": self.uid,
            "limits": asdict(limits),
            "strongest": strongest,
            "trusted": trusted,
        }
        self._server, self._limits, self._deadlines = server, limits, deadlines
        self._worker: Worker | None = None
        self._module = ""  # the student module the running worker serves
        self._imported = False  # whether the running worker has imported it
        self._preparing: threading.Thread | None = None
        self._import_failures: dict[str, SubmissionError] = {}
        self._timeouts: dict[str, int] = {}
        self._start_failure = ""
        self._spent = 0.0
        self.isolation: dict = {}  # what the supervisor reported: level, description, lacks
        self.output = bytearray()  # what the workers wrote on stdout and stderr, each under "[module.py]"
        self.output_cut = False  # whether some of it was left out, over OUTPUT_CAP

    # -- the operations of InProcessSubmission ----------------------------------------------

    def initializer(self, name: str, shape, seed: int, *, calls: int = 1, global_seed=None, **kwargs):
        options = {"calls": calls, "global_seed": global_seed, "options": kwargs}
        [outcome] = self.initializer_calls(name, [{"shape": shape, "seed": seed, **options}])
        if isinstance(outcome, SubmissionError):
            raise outcome
        return outcome

    def initializer_calls(self, name: str, calls: list[dict]) -> list:
        """Every call of ``calls`` in one request (see ``InProcessSubmission.initializer_calls``):
        per call, its list of ``ArrayReply`` or the ``SubmissionError`` it raised, not raised here.
        A worker that dies or overruns its time costs the whole request, as it would the call."""
        calls = [{**call, "shape": list(call["shape"])} for call in calls]
        outcomes = self._ask("initializers", name, "initializer_calls", [name, calls], {})
        outcomes = expect(outcomes, answers.INITIALIZED_EACH, name)
        if len(outcomes) != len(calls):
            raise SubmissionError(f"the worker answered {len(outcomes)} calls of {name}; {len(calls)} were asked")
        return [_outcome(name, outcome, call.get("calls", 1)) for outcome, call in zip(outcomes, calls)]

    def plain_call(self, module: str, function: str, *args, **kwargs):
        answer = self._ask(module, function, "plain_call", [module, function, *args], kwargs)
        check_numbers(answer, function)
        return answer

    def build_mlp(self, layer_sizes, initializer: dict, seed: int, activation: str) -> dict:
        answer = self._ask("training", "build_mlp", "build_mlp", [list(layer_sizes), initializer, seed, activation], {})
        return expect(answer, answers.DESCRIBED, "build_mlp")

    def train(self, network: dict, X, y, **options) -> dict:
        answer = self._ask("training", "train", "train", [network, np.asarray(X), np.asarray(y)], options)
        answer = expect(answer, answers.TRAINED, "train")
        if not answer["loss"]:
            raise SubmissionError("train returned an empty 'loss' history; expected one mean loss per epoch")
        return same_layers(answer, network, "train")

    def measure(self, function: str, network: dict, *data) -> dict:
        answer = self._ask("training", function, "measure", [function, network, *map(np.asarray, data)], {})
        return same_layers(expect(answer, answers.MEASURED, function), network, function)

    def compare_initializers(self, initializers: dict, data, **options) -> dict:
        arguments = [initializers, [np.asarray(d) for d in data]]
        answer = self._ask("training", "compare_initializers", "compare_initializers", arguments, options)
        return expect(answer, answers.COMPARED, "compare_initializers")

    def compare_from_parts(self, initializers: dict, data, **options) -> dict:
        arguments = [initializers, [np.asarray(d) for d in data]]
        answer = self._ask("training", "compare_initializers", "compare_from_parts", arguments, options)
        return expect(answer, answers.COMPARED, "compare_initializers made from its parts")

    def load_pretrained(self, checkpoint: str, name: str) -> dict:
        answer = self._ask("training", "load_pretrained", "load_pretrained", [checkpoint, name], {})
        return expect(answer, answers.LOADED, "load_pretrained")

    def transfer(self, source: dict, target: dict, *, freeze, data=None, steps: int = 0, lr: float = 0.1) -> dict:
        options = {"freeze": freeze, "data": None if data is None else [np.asarray(d) for d in data], "steps": steps}
        answer = self._ask("training", "transfer_weights", "transfer", [source, target], {**options, "lr": lr})
        schema = answers.TRANSFERRED_AND_TRAINED if steps else answers.TRANSFERRED
        answer = expect(answer, schema, "transfer_weights")
        for key in ("copied", "trained"):
            if key in answer:
                same_layers(answer[key], target, "transfer_weights")
        return answer

    def compare_transfer(self, source: dict, initializers: dict, data, **options) -> dict:
        arguments = [source, initializers, [np.asarray(d) for d in data]]
        answer = self._ask("training", "compare_transfer", "compare_transfer", arguments, options)
        return expect(answer, answers.TRANSFER_COMPARED, "compare_transfer")

    def compare_transfer_from_parts(self, source: dict, initializers: dict, data, **options) -> dict:
        arguments = [source, initializers, [np.asarray(d) for d in data]]
        answer = self._ask("training", "compare_transfer", "compare_transfer_from_parts", arguments, options)
        return expect(answer, answers.TRANSFER_COMPARED, "compare_transfer made from its parts")

    def prepare(self, module: str) -> None:
        """Start ``module``'s worker and import the module in the background, so that it happens
        while the judge does something else; the next call waits for it to finish. Any failure
        is left to the module's first call to report."""
        self._finish_preparing()
        if self._unloadable or module in self._import_failures or self._serving(module):
            return
        self._preparing = threading.Thread(target=self._import_quietly, args=(module,), daemon=True)
        self._preparing.start()

    def _import_quietly(self, module: str) -> None:
        try:
            self._import(module)
        except (SubmissionError, RuntimeError):
            pass

    def _finish_preparing(self) -> None:
        if self._preparing is not None:
            self._preparing.join()
            self._preparing = None

    # -- requests, workers, failures ----------------------------------------------------------

    def _ask(self, module: str, function: str, op: str, args: list, kwargs: dict):
        self._finish_preparing()
        if self._unloadable:
            raise SubmissionError(self._unloadable)
        if module in self._import_failures:  # a fresh error each time: a reraised one grows its traceback
            failure = self._import_failures[module]
            raise SubmissionError(str(failure), exception_type=failure.exception_type)
        if self._timeouts.get(function, 0) >= 2:
            raise SubmissionError(f"{function} was not called again: it ran out of time twice already")
        if not self._serving(module):
            self._import(module)
        return self._exchange(module, {"op": op, "args": args, "kwargs": kwargs}, function)

    def _serving(self, module: str) -> bool:
        """Whether the running worker has imported ``module`` and answers for it."""
        return self._worker is not None and module == self._module and self._imported

    def _import(self, module: str) -> None:
        try:
            self._exchange(module, {"op": "import", "module": module}, f"importing {module}.py")
        except SubmissionError as error:
            self._import_failures[module] = error
            raise
        self._imported = True

    def _exchange(self, module: str, request: dict, what: str):
        if self._spent >= self._deadlines.budget:
            raise SubmissionError(
                f"{what} was not run: the submission used up its grading time ({self._deadlines.budget:g} s) "
                "on earlier calls that were too slow"
            )
        worker = self._running(module)
        timeout = min(self._deadlines.call, self._deadlines.budget - self._spent)
        started = time.monotonic()
        try:
            worker.channel.send(request, timeout=timeout)
            reply = worker.channel.receive(timeout=timeout)
        except TimeoutError:
            self._timeouts[what] = self._timeouts.get(what, 0) + 1
            self._end_worker()
            raise SubmissionError(
                f"{what} did not finish within {timeout:.3g} s (an endless loop, a long sleep, or far too slow); "
                "the grader stopped it"
            ) from None
        except (EOFError, OSError, WireError) as error:
            ended = self._end_worker()
            if isinstance(error, WireError):
                raise SubmissionError(f"{what}: the worker's answer broke the protocol ({error})") from None
            raise SubmissionError(
                f"the process running the submission ended during {what} ({ended}): os._exit, a crash, or going "
                f"over a limit ({self._limits.memory // 1024**3} GiB of memory, "
                f"{self._limits.cpu_seconds} s of CPU) ends it"
            ) from None
        finally:
            self._spent += time.monotonic() - started
        if not isinstance(reply, dict) or ("result" not in reply and "error" not in reply):
            raise SubmissionError(f"{what}: the worker's answer is not a result or an error")
        if "error" in reply:
            raise SubmissionError(text(reply["error"]), exception_type=text(reply.get("exception_type", ""), 100))
        return reply["result"]

    def _running(self, module: str) -> Worker:
        """The worker that runs ``module``'s functions: the running one if it serves ``module``,
        else a fresh one. One worker runs at a time, so a submission is held to one worker's
        limits; another module's worker is stopped first."""
        if self._worker is not None and self._module != module:
            self._end_worker()
        if self._worker is None:
            if self._start_failure:  # the machine's set-up: starting again would fail again, once per test
                raise WorkerStartError(self._start_failure)
            try:
                self._worker = Worker(self._server, self._request, self._deadlines)
            except (EOFError, OSError, RuntimeError, WireError) as error:
                self._start_failure = f"a grading worker could not be started: {error}"
                raise WorkerStartError(self._start_failure) from None
            self._module, self._imported = module, False
            self.isolation = self._worker.isolation
        return self._worker

    def _end_worker(self) -> str:
        worker, self._worker, self._imported = self._worker, None, False
        if worker is None:
            return "not running"
        ended = worker.stop()
        if worker.output:
            label = f"[{self._module}.py]\n".encode()
            written = label + worker.output + (b"" if worker.output.endswith(b"\n") else b"\n")
            self.output_cut |= keep_capped(self.output, written) or worker.output_cut
        return ended

    def close(self) -> None:
        """Stop the worker, if one runs; every process it started is gone when this returns."""
        self._finish_preparing()
        self._end_worker()


def _outcome(name: str, outcome: dict, calls: int):
    """One call's outcome as ``initializer_calls`` returns it."""
    if outcome["error"] or outcome["exception_type"]:
        return SubmissionError(outcome["error"], exception_type=outcome["exception_type"])
    replies = outcome["replies"]
    if len(replies) != calls:
        return SubmissionError(f"the worker answered {len(replies)} calls of {name}; {calls} were asked")
    return [ArrayReply(r["values"], r["type_name"], r["dtype"]) for r in replies]
