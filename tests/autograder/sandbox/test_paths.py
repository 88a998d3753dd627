"""Which folders a worker's user id may read, asked of the kernel."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from autograder.sandbox.paths import first_unreadable

WORKER_UID = 2_100_000_002


@pytest.mark.skipif(os.geteuid() != 0, reason="becoming another user id needs root; the kit's CI runs as root")
def test_a_user_id_reads_folders_every_user_may_and_not_one_closed_to_others():
    shared = Path(tempfile.mkdtemp(prefix="initgrade-paths-"))  # below /tmp, which every user may pass
    try:
        shared.chmod(0o755)
        closed = shared / "closed"
        closed.mkdir(mode=0o700)
        assert first_unreadable(WORKER_UID, [shared]) is None, f"{shared} (mode 755) could not be listed"
        assert first_unreadable(WORKER_UID, [shared, closed]) == closed, "a folder of mode 700 owned by root was listed"
    finally:
        shutil.rmtree(shared)
