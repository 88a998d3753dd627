"""A worker's limits: its folder on the host's disk, and the processes its user runs."""

import os
import threading

import pytest

from autograder.sandbox.limits import Limits, folder_over_limits, tasks_of


@pytest.mark.parametrize(
    "sizes, over",
    [([1000, 1000], False), ([600_000, 600_000], True), ([10] * 12, True)],
    ids=["small", "over-size", "over-entries"],
)
def test_a_folder_is_over_its_limits_by_bytes_on_disk_or_by_entries(tmp_path, sizes, over):
    limits = Limits(tmp_size=1_000_000, folder_entries=10)
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)  # two entries
    for number, size in enumerate(sizes):
        (nested / f"{number}.bin").write_bytes(os.urandom(size))
    assert folder_over_limits(tmp_path, limits) is over, f"{len(sizes)} files of {sizes[0]:,} bytes"


def test_the_tasks_of_a_user_count_its_threads():
    before = tasks_of(os.getuid())
    release = threading.Event()
    extra = [threading.Thread(target=release.wait) for _ in range(3)]
    for thread in extra:
        thread.start()
    try:
        during = tasks_of(os.getuid())
    finally:
        release.set()
        for thread in extra:
            thread.join()
    assert during >= before + 3, f"{before} tasks before three threads started, {during} after"
