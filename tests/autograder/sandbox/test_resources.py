"""The memory a run needs, against the machine's and its container's."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.sandbox import resources

MiB = 2**20


@pytest.mark.parametrize(
    "ceiling, judges, message",
    [
        (400 * MiB, 1, r"1 worker\(s\) needs about 480 MiB and the container's memory limit is 400 MiB; give the"),
        (768 * MiB, 2, r"2 worker\(s\) needs about 1,120 MiB .* is 768 MiB; grade with --workers 1"),
    ],
    ids=["too-small-for-one", "gradescope-two"],
)
def test_a_run_that_would_not_fit_is_refused_naming_both_amounts(monkeypatch, ceiling, judges, message):
    monkeypatch.setattr(resources, "memory_ceiling", lambda: (ceiling, "the container's memory limit"))
    with pytest.raises(resources.NotEnoughMemory, match=message):
        resources.check_memory(judges)


@pytest.mark.parametrize(
    "ceiling, most, fit", [(768 * MiB, 2, 1), (4096 * MiB, 2, 2), (300 * MiB, 4, 1)], ids=["768", "4096", "300"]
)
def test_the_default_number_of_judges_is_what_memory_holds(monkeypatch, ceiling, most, fit):
    monkeypatch.setattr(resources, "memory_ceiling", lambda: (ceiling, "the container's memory limit"))
    assert resources.judges_that_fit(most) == fit


def test_the_ceiling_is_the_containers_memory_limit_inside_one():
    """A real memory cgroup (v1, as this machine mounts it) of 768 MiB around a child process."""
    if os.geteuid() != 0 or not os.access("/sys/fs/cgroup/memory", os.W_OK):
        pytest.skip("needs root and a writable cgroup v1 memory controller, as the kit's CI machine has")
    folder = Path(f"/sys/fs/cgroup/memory/initgrade-test-{os.getpid()}")
    folder.mkdir()
    try:
        (folder / "memory.limit_in_bytes").write_text(str(768 * MiB))
        script = "from autograder.sandbox.resources import memory_ceiling; print(memory_ceiling())"
        entering = f'echo $$ > {folder / "cgroup.procs"}; exec "$@"'
        done = subprocess.run(
            ["sh", "-c", entering, "sh", sys.executable, "-c", script], capture_output=True, text=True
        )
    finally:
        folder.rmdir()
    assert done.stdout.strip() == f'({768 * MiB}, "the container\'s memory limit")', done.stdout + done.stderr
