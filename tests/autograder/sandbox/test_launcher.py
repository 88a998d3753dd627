"""Starting workers from the judge's side: the fork server's client and a worker's output."""

import pytest

from autograder.sandbox import launcher
from autograder.sandbox.launcher import OUTPUT_CAP, ForkServer, keep_capped


def test_a_fork_server_that_cannot_start_is_the_graders_error(monkeypatch):
    monkeypatch.setattr(launcher.sys, "executable", "/bin/false")
    server = ForkServer()
    try:
        with pytest.raises(RuntimeError, match=r"the fork server did not start \(exit status"):
            server.spawn({}, [], timeout=10)
    finally:
        server.close()


@pytest.mark.parametrize(
    "already, more, cut",
    [(0, OUTPUT_CAP, False), (OUTPUT_CAP - 3, 5, True), (OUTPUT_CAP, 1, True)],
    ids=["fills-the-cap", "crosses-the-cap", "past-the-cap"],
)
def test_output_is_kept_up_to_the_cap_and_says_when_some_was_left_out(already, more, cut):
    kept = bytearray(b"a" * already)
    assert keep_capped(kept, b"b" * more) is cut
    assert kept == (b"a" * already + b"b" * more)[:OUTPUT_CAP]
