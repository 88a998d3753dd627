"""The judge's side of the door: the student's code answers from a sandboxed worker process.

``IsolatedSubmission`` offers the operations of ``submission.InProcessSubmission`` (the same
names, arguments and return values), but each one is a request to a worker forked by a
``ForkServer`` and confined by ``autograder.sandbox``. Replies are plain data read from the
wire (``autograder.sandbox.wire``) and validated against the shape each operation promises, so a
tampered worker can only produce a wrong answer, never a crash of the judge.

Each student module (``initializers``, ``training``) is run by a worker of its own, started
when the suite turns to it (the one before is stopped), so what one module does to its process
costs the other nothing. A worker that dies, overruns its time or breaks the protocol costs the
current call (a ``SubmissionError`` naming what happened); the next call starts a fresh worker.
A module whose import failed is not imported again, a function that ran out of time twice is not
called again, and once the submission's time budget is spent every remaining call fails at once.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from autograder.sandbox.limits import DEFAULT_LIMITS, Limits
from autograder.sandbox.submission import ArrayReply, SubmissionError
from autograder.sandbox.wire import Channel, WireError

OUTPUT_CAP = 64 * 1024
WORKER_UID_BASE = 2_100_000_000  # plus the judge's pid: a user id no one else runs as


@dataclass(frozen=True)
class Deadlines:
    """Wall-clock seconds: per call (an import counts as a call), and for the whole submission."""

    call: float = 30.0
    budget: float = 300.0
    start: float = 120.0  # a worker's start-up, which is the grader's business, not the student's


DEFAULT_DEADLINES = Deadlines()


class ForkServer:
    """A clean Python process, started once, that forks one supervised worker per request."""

    def __init__(self):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        environment = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-m", "autograder.sandbox.forkserver", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            env=environment,
            cwd="/",
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self._control, self._ready, self._lock = ours, False, threading.Lock()

    def spawn(self, request: dict, fds: list[int], *, timeout: float) -> int:
        """Fork a supervisor and worker for ``request``, handing them ``fds``; its pid."""
        with self._lock:
            self._control.settimeout(timeout)
            if not self._ready:
                if self._control.recv(16) != b"ready":
                    raise RuntimeError(f"the fork server did not start (exit status {self._process.poll()})")
                self._ready = True
            socket.send_fds(self._control, [json.dumps(request).encode()], fds)
            return json.loads(self._control.recv(4096))["pid"]

    def close(self) -> None:
        """Stop the server at once: it holds no state, and every worker it forked was stopped."""
        self._control.close()
        self._process.kill()
        self._process.wait()


class WorkerStartError(RuntimeError):
    """A worker could not be started or confined: the grader's failure, never the student's."""


class _Worker:
    """One running worker as the judge sees it: its channel, output, lifeline and report."""

    def __init__(self, server: ForkServer, request: dict, deadlines: Deadlines):
        ours, theirs = socket.socketpair()
        output_read, output_write = os.pipe()
        lifeline_read, self._lifeline = os.pipe()
        self._report, report_write = os.pipe()
        given = [theirs.fileno(), output_write, lifeline_read, report_write]
        try:
            server.spawn(request, given, timeout=deadlines.start)
        finally:
            theirs.close()
            for fd in given[1:]:
                os.close(fd)
        self.channel = Channel(ours, as_float=True)
        self.output = bytearray()
        self.output_cut = False  # more was written than OUTPUT_CAP
        self._drain = threading.Thread(target=self._keep_output, args=(output_read,), daemon=True)
        self._drain.start()
        report = self._read_report(deadlines.start)
        self.isolation = report.get("isolation", {})
        if "refused" in report:
            self.stop()
            raise WorkerStartError(report["refused"])
        try:
            self.channel.receive(timeout=deadlines.start)  # {"ready": true} once confined
        except (EOFError, OSError, WireError):
            ended = self.stop()
            said = self.output.decode(errors="replace").strip() or "nothing"
            raise WorkerStartError(f"the worker did not start ({ended}): {said}") from None

    def _keep_output(self, fd: int) -> None:
        with os.fdopen(fd, "rb", buffering=0) as stream:
            while chunk := stream.read(65536):
                self.output_cut |= _keep_capped(self.output, chunk)

    def _read_report(self, timeout: float) -> dict:
        line = b""
        deadline = time.monotonic() + timeout
        while not line.endswith(b"\n"):
            readable, _, _ = select.select([self._report], [], [], max(deadline - time.monotonic(), 0))
            chunk = os.read(self._report, 1) if readable else b""
            if not chunk:
                return {}
            line += chunk
        return json.loads(line)

    def stop(self) -> str:
        """End the worker and everything it started; how it ended, in words."""
        self.channel.close()
        os.close(self._lifeline)
        ended = self._read_report(60).get("ended", "its supervisor did not report")
        os.close(self._report)
        self._drain.join(timeout=10)
        return ended


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
        self._worker: _Worker | None = None
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
        options = {"calls": calls, "global_seed": global_seed, **kwargs}
        replies = self._ask("initializers", name, "initializer", [name, list(shape), seed], options)
        replies = _expect(replies, [{"values": np.ndarray, "type_name": str, "dtype": str}], name)
        if len(replies) != calls:
            raise SubmissionError(f"the worker answered {len(replies)} calls of {name}; {calls} were asked")
        return [ArrayReply(r["values"], r["type_name"], r["dtype"]) for r in replies]

    def plain_call(self, module: str, function: str, *args, **kwargs):
        answer = self._ask(module, function, "plain_call", [module, function, *args], kwargs)
        _check_numbers(answer, function)
        return answer

    def build_mlp(self, layer_sizes, initializer: dict, seed: int, activation: str) -> dict:
        answer = self._ask("training", "build_mlp", "build_mlp", [list(layer_sizes), initializer, seed, activation], {})
        return _expect(answer, _DESCRIBED, "build_mlp")

    def train(self, network: dict, X, y, **options) -> dict:
        answer = self._ask("training", "train", "train", [network, np.asarray(X), np.asarray(y)], options)
        answer = _expect(
            answer, {"loss": [float], "initial_loss": float, "batches": [np.ndarray], **_DESCRIBED}, "train"
        )
        if not answer["loss"]:
            raise SubmissionError("train returned an empty 'loss' history; expected one mean loss per epoch")
        return _same_layers(answer, network, "train")

    def measure(self, function: str, network: dict, *data) -> dict:
        answer = self._ask("training", function, "measure", [function, network, *map(np.asarray, data)], {})
        return _same_layers(_expect(answer, {"values": [float], **_DESCRIBED}, function), network, function)

    def compare_initializers(self, initializers: dict, data, **options) -> dict:
        arguments = [initializers, [np.asarray(d) for d in data]]
        answer = self._ask("training", "compare_initializers", "compare_initializers", arguments, options)
        return _expect(answer, _Mapping(_Mapping([float])), "compare_initializers")

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
            raise SubmissionError(_text(reply["error"]), exception_type=_text(reply.get("exception_type", ""), 100))
        return reply["result"]

    def _running(self, module: str) -> _Worker:
        """The worker that runs ``module``'s functions: the running one if it serves ``module``,
        else a fresh one. One worker runs at a time, so a submission is held to one worker's
        limits; another module's worker is stopped first."""
        if self._worker is not None and self._module != module:
            self._end_worker()
        if self._worker is None:
            if self._start_failure:  # the machine's set-up: starting again would fail again, 131 times over
                raise WorkerStartError(self._start_failure)
            try:
                self._worker = _Worker(self._server, self._request, self._deadlines)
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
            self.output_cut |= _keep_capped(self.output, written) or worker.output_cut
        return ended

    def close(self) -> None:
        """Stop the worker, if one runs; every process it started is gone when this returns."""
        self._finish_preparing()
        self._end_worker()


def _keep_capped(kept: bytearray, more: bytes) -> bool:
    """Append to ``kept`` what of ``more`` fits under OUTPUT_CAP; whether some was left out."""
    room = max(OUTPUT_CAP - len(kept), 0)
    kept += more[:room]
    return len(more) > room


class _Mapping:
    """Schema of a dict with any string keys and values of one schema."""

    def __init__(self, values):
        self.values = values


class _Optional:
    def __init__(self, schema):
        self.schema = schema


_DESCRIBED = {
    "modules": [str],
    "weights": [np.ndarray],
    "biases": [_Optional(np.ndarray)],
    "weight_dtypes": [str],
    "gradients_set": [bool],
}


def _expect(value, schema, where: str):
    """``value`` checked against ``schema`` (numbers become floats), or a ``SubmissionError``."""
    if isinstance(schema, _Optional):
        return None if value is None else _expect(value, schema.schema, where)
    if schema is float:
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) <= _LARGEST:
            return float(value)
    elif schema in (str, bool, np.ndarray):
        if isinstance(value, schema):
            return _text(value) if schema is str else value
    elif isinstance(schema, list):
        if isinstance(value, list):
            return [_expect(item, schema[0], f"{where}[{index}]") for index, item in enumerate(value)]
    elif isinstance(schema, _Mapping):
        if isinstance(value, dict):
            return {_text(key): _expect(item, schema.values, f"{where}[{key!r}]") for key, item in value.items()}
    elif isinstance(value, dict) and set(value) == set(schema):
        return {key: _expect(value[key], item, f"{where}[{key!r}]") for key, item in schema.items()}
    raise SubmissionError(
        f"the answer of {where} is malformed: {type(value).__name__} where the grader expects {schema}"
    )


_LARGEST = sys.float_info.max  # a larger int cannot become a float


def _check_numbers(value, function: str) -> None:
    """Refuse integers too large to compare with floats, anywhere in a plain answer."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _LARGEST:
        raise SubmissionError(
            f"{function} returned an integer with {len(str(abs(value)))} digits, too large for a float"
        )
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else []:
        _check_numbers(item, function)


def _same_layers(answer: dict, network: dict, function: str) -> dict:
    """The model the grader built still has its layers after ``function`` ran on it."""
    shapes = [kernel.shape for kernel in network["weights"]]
    got = [kernel.shape for kernel in answer["weights"]]
    if got != shapes:
        raise SubmissionError(
            f"after {function} the model's Linear kernels have shapes {got}; it was built with {shapes}"
        )
    return answer


def _text(value, limit: int = 4000) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text) - limit:,} more characters)"
