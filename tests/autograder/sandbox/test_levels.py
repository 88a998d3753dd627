"""What each isolation level says of itself, and how the ladder refuses."""

from pathlib import Path

import pytest

from autograder.sandbox import landlock, levels, seccomp


@pytest.mark.parametrize(
    "level, abi, filtered, lack",
    [
        ("container", 0, True, "no Landlock on this kernel"),
        ("landlock", 5, True, "signals to the grader's own processes"),
        ("landlock", 7, False, "libseccomp is missing"),
        ("trusted", 7, True, "--trusted-code"),
        ("container-root", 7, True, "number of processes it may start is not limited"),
    ],
    ids=["container-without-landlock", "old-landlock", "no-libseccomp", "trusted", "root-worker"],
)
def test_a_level_states_what_it_lacks_on_this_machine(monkeypatch, level, abi, filtered, lack):
    monkeypatch.setattr(landlock, "abi", lambda: abi)
    monkeypatch.setattr(seccomp, "available", lambda: filtered)
    described = levels.describe(level)
    assert described["level"] == level and described["description"]
    assert any(lack in text for text in described["lacks"]), described


@pytest.mark.parametrize("level", ["namespaces", "userns", "container", "landlock"], ids=str)
def test_a_level_with_every_mechanism_lacks_nothing(monkeypatch, level):
    monkeypatch.setattr(landlock, "abi", lambda: 7)
    monkeypatch.setattr(seccomp, "available", lambda: True)
    assert levels.describe(level)["lacks"] == []


def test_an_unknown_level_is_refused_by_name():
    with pytest.raises(ValueError, match=r"isolation must be one of \('namespaces', .*\); received 'chroot'"):
        levels.enter("chroot", trusted=False, uid=2_100_000_000, needed=[])


def test_the_refusal_says_what_is_missing_and_every_way_out(monkeypatch):
    monkeypatch.setattr(seccomp, "available", lambda: True)
    message = levels.refusal()
    for part in ("this kernel has no Landlock", "Grade as root", "user namespaces", "--trusted-code"):
        assert part in message, f"{part!r} missing from: {message}"


@pytest.mark.parametrize(
    "unreadable, says",
    [(Path("/root/.pyenv/lib"), "cannot read /root/.pyenv/lib, where Python imports from"), (None, "CAP_SETUID")],
    ids=["python-unreadable", "no-setuid"],
)
def test_roots_refusal_names_what_stops_a_worker_of_its_own(unreadable, says):
    message = levels.root_refusal(unreadable)
    assert says in message and "Landlock with signal scoping" in message, message
