"""The fork server: a clean process that has paid for ``import torch`` once and forks workers.

The judge starts it with ``python -I -m autograder.sandbox.forkserver FD`` and a scrubbed environment,
so it holds nothing of the judge (no hidden tests, no reference solutions, no secret). For each
request it forks a *supervisor*, which forks the *worker*:

    fork server --fork--> supervisor (trusted, child subreaper) --fork--> worker (student code)

The supervisor reaches the strongest isolation level it may (``sandbox.levels.enter``) and
reports it (or why it refused), prepares the worker's folder, and waits until the worker dies
or the judge closes the lifeline; then it kills the worker and everything the worker started
(``sandbox.processes.kill_everything``), removes what the worker's user left, reports how the
worker ended, and exits. The worker confines itself (``sandbox.confine``) and checks that it can
still read what it needs before it imports any student module, then serves requests
(``autograder.sandbox.worker.serve``).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import signal
import socket
import sys
import time
from pathlib import Path

from autograder.sandbox import confine, levels, processes, seccomp
from autograder.sandbox.limits import Limits, folder_over_limits
from autograder.sandbox.system import PR_SET_CHILD_SUBREAPER, PR_SET_PDEATHSIG, prctl

_MAX_FD = 65536


def main(argv: list[str]) -> None:
    control = socket.socket(fileno=int(argv[0]))
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # never outlive the judge
    import torch

    from autograder.sandbox import probes, worker  # noqa: F401 - preloaded: workers cannot read the package

    seccomp.available()  # loads libseccomp once, here, rather than in every worker

    torch.set_num_threads(1)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # supervisors are reaped by the kernel
    control.send(b"ready")
    warm = False
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 1 << 20, 8)
        except ConnectionError:  # the judge was killed (the OOM killer): no one is left to serve
            return
        if not message:
            return
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            control.close()
            _supervise(request, fds)
        for fd in fds:
            os.close(fd)
        control.send(json.dumps({"pid": pid}).encode())
        if request.get("then_warm_up") and not warm:  # ForkServer.warm_up
            _warm_up(torch)
            warm = True


def _warm_up(torch) -> None:
    """Run once what training code uses (autograd, the optimizers, a data loader), so that its
    lazy initialization happens here and not again in every worker forked from this process.

    The first optimizer loads ``torch._dynamo`` (over a second). This runs after the fork of the
    request that asks for it (``ForkServer.warm_up``): the first worker of a graded submission,
    which grades the initializers, needing no optimizer, while this runs."""
    from torch import nn
    from torch.nn import functional
    from torch.utils.data import DataLoader, TensorDataset

    generator = torch.Generator().manual_seed(0)
    inputs, labels = torch.randn(8, 4, generator=generator), torch.tensor([0, 1] * 4)
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), torch.nn.utils.skip_init(nn.Linear, 3, 2))
    for optimizer in (torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9), torch.optim.Adam(model.parameters())):
        for batch, targets in DataLoader(
            TensorDataset(inputs, labels), batch_size=4, shuffle=True, generator=generator
        ):
            optimizer.zero_grad()
            functional.cross_entropy(model(batch), targets).backward()
            optimizer.step()
    torch.autograd.grad(functional.cross_entropy(model(inputs), labels), list(model.parameters()))


def _supervise(request: dict, fds: list[int]) -> None:
    """Run one worker to its end and leave nothing of it behind; never returns."""
    worker_fd, output_fd, lifeline_fd, report_fd = fds
    status = "the worker could not be started"
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        prctl(PR_SET_CHILD_SUBREAPER, 1)
        needed = confine.python_dirs([Path(p) for p in request["hidden"]])
        try:
            level = levels.enter(request["strongest"], trusted=request["trusted"], uid=request["uid"], needed=needed)
        except levels.Refused as refusal:
            _report(report_fd, refused=str(refusal))
            return
        _report(report_fd, isolation=levels.describe(level))
        home = confine.prepare_home(level, request)
        pid = os.fork()
        if pid == 0:
            os.close(lifeline_fd)
            os.close(report_fd)
            _run_worker(request, level, home, needed, worker_fd, output_fd)
        os.close(worker_fd)
        os.close(output_fd)
        status = _wait(pid, lifeline_fd, home, Limits(**request["limits"]))
        # A worker that was the first process of its PID namespace took every process of the namespace
        # with it when it died, and none can be forked into the namespace after (fork fails, ENOMEM):
        # only elsewhere are the processes of the worker's user id left to kill.
        own_uid = request["uid"] if level in levels.OWN_UID and level not in levels.OWN_PID_NAMESPACE else None
        processes.kill_everything(pid, own_uid=own_uid)
        if level == "container":
            processes.remove_files_of(request["uid"])
        if home is not None:
            processes.remove_tree(home)
    except BaseException as error:  # noqa: BLE001 - the judge hears of it, as the grader's failure
        status = f"its supervisor failed ({type(error).__name__}: {error})"
    finally:
        with contextlib.suppress(OSError):  # a judge killed meanwhile (the OOM killer) hears nothing
            _report(report_fd, ended=status)
        os._exit(0)


def _report(fd: int, **fields) -> None:
    os.write(fd, (json.dumps(fields) + "\n").encode())


def _wait(pid: int, lifeline_fd: int, home: Path | None, limits: Limits) -> str:
    """Wait until the worker exits (say how), the judge closes the lifeline ("stopped"), or the
    worker's ``home`` on the host's disk goes over its limits (then kill it)."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return describe_status(status)
        if home is not None and folder_over_limits(home, limits):
            os.kill(pid, signal.SIGKILL)
            return (
                f"killed: it wrote more than {limits.tmp_size // 2**20} MB or {limits.folder_entries:,} files "
                "into its folder"
            )
        readable, _, _ = select.select([lifeline_fd], [], [], 0.05)
        if readable:  # the worker may have just died (the judge hung up on seeing it) or be exiting
            deadline = time.monotonic() + 0.05  # at the end of its channel: give it 50 ms to tell
            while time.monotonic() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    return describe_status(status)
                time.sleep(0.002)
            return "stopped by the grader"


def describe_status(status: int) -> str:
    """A wait status in words: "exited with status 3", "killed by SIGKILL"."""
    if os.WIFSIGNALED(status):
        return f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with status {os.WEXITSTATUS(status)}"


def _run_worker(request: dict, level: str, home: Path | None, needed: list[Path], worker_fd: int, output_fd: int):
    """Confine this process, check it still reads ``needed`` (Python's folders, listed by the
    supervisor before any confinement), then serve the judge; never returns."""
    try:
        os.setsid()
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        for fd, name in ((1, "stdout"), (2, "stderr")):  # unbuffered, as with python -u: a killed worker loses none
            stream = io.TextIOWrapper(
                io.FileIO(fd, "w", closefd=False), "utf-8", "backslashreplace", write_through=True
            )
            setattr(sys, name, stream)
        os.closerange(3, worker_fd)
        os.closerange(worker_fd + 1, _MAX_FD)
        work = confine.confine(level, request, home)
        confine.check_reachable(work, needed)
        sys.dont_write_bytecode = True  # the submission's folder holds only what the student sent
        from autograder.sandbox import worker
        from autograder.sandbox.wire import Channel

        worker.serve(Channel(socket.socket(fileno=worker_fd), as_float=False), work)
        os._exit(0)
    except BaseException as error:  # noqa: BLE001 - reported on the worker's output, then exit
        os.write(2, f"initgrade worker: {type(error).__name__}: {error}\n".encode(errors="replace"))
        os._exit(70)


if __name__ == "__main__":
    main(sys.argv[1:])
