"""Starting and stopping workers, from the judge's side.

    server = ForkServer()                           a clean process that forks workers
    worker = Worker(server, request, deadlines)     one worker, started and confined, ready
    worker.channel                                  its end of the wire (``sandbox.wire.Channel``)
    worker.isolation, worker.output                 the level its supervisor reported; what it wrote
    worker.stop()                                   every process it started ended; how, in words
    server.close()

``request`` is the worker request the fork server's supervisor reads (the submission's copy, the
paths to hide, the worker's user id, limits, the strongest level allowed). A worker that cannot
be started or confined raises ``WorkerStartError``: the grader's failure, never the student's.
What a worker writes on stdout and stderr is kept up to ``OUTPUT_CAP`` bytes (``keep_capped``).
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
from dataclasses import dataclass

from autograder.sandbox.wire import Channel, WireError

OUTPUT_CAP = 64 * 1024


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
        threads = {name: "1" for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
        environment = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **threads}  # one core per worker
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-m", "autograder.sandbox.forkserver", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            env=environment,
            cwd="/",
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self._control, self._ready, self._lock = ours, False, threading.Lock()
        self._warm_up = "not asked"  # then "asked", then "sent"

    def warm_up(self) -> None:
        """Have the server run, after its next fork, what training code initializes on first use
        (``forkserver._warm_up``), so that the workers forked after that one do not each pay for it.
        Asked once per server, by a grader about to grade its first submission (not the canary):
        that submission's first worker grades initializers, which need none of it."""
        if self._warm_up == "not asked":
            self._warm_up = "asked"

    def spawn(self, request: dict, fds: list[int], *, timeout: float) -> int:
        """Fork a supervisor and worker for ``request``, handing them ``fds``; its pid."""
        with self._lock:
            self._control.settimeout(timeout)
            if not self._ready:
                if self._control.recv(16) != b"ready":
                    raise RuntimeError(f"the fork server did not start (exit status {self._process.poll()})")
                self._ready = True
            if self._warm_up == "asked":
                request, self._warm_up = {**request, "then_warm_up": True}, "sent"
            socket.send_fds(self._control, [json.dumps(request).encode()], fds)
            return json.loads(self._control.recv(4096))["pid"]

    def close(self) -> None:
        """Stop the server at once: it holds no state, and every worker it forked was stopped."""
        self._control.close()
        self._process.kill()
        self._process.wait()


class WorkerStartError(RuntimeError):
    """A worker could not be started or confined: the grader's failure, never the student's."""


class Worker:
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
                self.output_cut |= keep_capped(self.output, chunk)

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


def keep_capped(kept: bytearray, more: bytes) -> bool:
    """Append to ``kept`` what of ``more`` fits under OUTPUT_CAP; whether some was left out."""
    room = max(OUTPUT_CAP - len(kept), 0)
    kept += more[:room]
    return len(more) > room
