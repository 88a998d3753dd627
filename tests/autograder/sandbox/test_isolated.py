"""The door between judge and worker: what a worker can reach at each isolation level."""

import os
import shutil
import socket
import tempfile
import textwrap
from pathlib import Path

import pytest

from autograder.grading.grader import kit_paths
from autograder.reference import KIT_ROOT, SOLUTIONS_DIR
from autograder.sandbox import isolated
from autograder.sandbox.isolated import IsolatedSubmission
from autograder.sandbox.launcher import Deadlines, ForkServer
from autograder.sandbox.submission import SubmissionError

# -- what a worker reaches at each level ----------------------------------------------------------

PROBE = textwrap.dedent(
    """
    import os, socket

    def _readable(path):
        try:
            with open(path, "rb") as stream:
                return len(stream.read(64)) > 0
        except OSError:
            return False

    def report(secret_files, port):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            network = True
        except OSError:
            network = False
        try:
            import scipy.special  # on disk in site-packages, not preloaded by the fork server
            imports = True
        except ImportError:
            imports = False
        return {
            "imports": imports,
            "uid": os.getuid(),
            "pid": os.getpid(),
            "read": [_readable(path) for path in secret_files],
            "network": network,
            "cwd_files": sorted(os.listdir(".")),
        }
    """
)


@pytest.fixture(scope="module")
def server():
    started = ForkServer()
    yield started
    started.close()


@pytest.fixture
def scratch():
    """A folder every user may pass through, as the grader makes its own."""
    folder = Path(tempfile.mkdtemp(prefix="initgrade-test-"))
    folder.chmod(0o711)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def listener():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.5)
    yield sock
    sock.close()


def probe(server, tmp_path, scratch, listener, modules=("probe",), **options):
    """What the probe saw, the isolation reported, and the user id of its worker; with several
    ``modules`` (copies of the probe), it runs in each in turn and the reports are listed."""
    work, root = tmp_path / "work", tmp_path / "root"
    work.mkdir()
    root.mkdir()
    for module in set(modules):
        (work / f"{module}.py").write_text(PROBE)
    secret = tmp_path / "out" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("instructor only\n")
    hidden = [*kit_paths(), secret.parent]
    submission = IsolatedSubmission(
        work, server=server, root=root, scratch=scratch, hidden=hidden, deadlines=Deadlines(call=20), **options
    )
    files = [
        str(SOLUTIONS_DIR / "initializers.py"),
        str(KIT_ROOT / "autograder" / "hidden" / "hidden_training.py"),
        str(secret),
    ]
    try:
        reports = [submission.plain_call(module, "report", files, listener.getsockname()[1]) for module in modules]
        return (reports if len(modules) > 1 else reports[0]), submission.isolation, submission.uid
    finally:
        submission.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="the namespaces level needs root; the kit's CI runs as root")
def test_as_root_the_worker_reads_no_grader_file_and_reaches_no_network(server, tmp_path, scratch, listener):
    report, isolation, uid = probe(server, tmp_path, scratch, listener)
    assert isolation["level"] == "namespaces" and isolation["lacks"] == [], isolation
    assert report["read"] == [False, False, False], report
    assert report["network"] is False and report["uid"] == uid >= isolated.WORKER_UID_BASE, report
    assert report["pid"] == 1, "the worker is the first process of its own PID namespace"
    assert report["cwd_files"] == ["probe.py"]
    assert report["imports"], "a package of the environment that the fork server did not preload cannot be imported"
    with pytest.raises(TimeoutError):
        listener.accept()


def test_each_module_runs_in_a_worker_of_its_own_and_one_worker_runs_at_a_time(server, tmp_path, scratch, listener):
    """A submission is held to one worker's limits: turning to another module stops the worker before."""
    reports, isolation, _ = probe(
        server, tmp_path, scratch, listener, modules=("probe", "other", "probe"), strongest="trusted", trusted=True
    )
    first, second, again = reports
    assert isolation["level"] == "trusted"
    assert len({first["pid"], second["pid"], again["pid"]}) == 3, "a module's functions ran in another's worker"
    for report in (first, second):
        with pytest.raises(ProcessLookupError):
            os.kill(report["pid"], 0)


def test_the_trusted_level_is_reached_only_when_asked_and_says_what_it_does_not_protect(
    server, tmp_path, scratch, listener
):
    report, isolation, _ = probe(server, tmp_path, scratch, listener, strongest="trusted", trusted=True)
    assert isolation["level"] == "trusted" and report["pid"] != 1
    assert any("--trusted-code" in lack and "read and change every file" in lack for lack in isolation["lacks"]), (
        isolation
    )
    assert report["network"] is False, "the seccomp filter refuses network sockets at every level"


def test_where_python_is_unreadable_to_other_users_a_container_worker_is_a_root_without_capabilities(
    server, tmp_path, scratch, listener
):
    """Capped at the container level (as root without CAP_SYS_ADMIN), a worker of its own user id
    cannot read a Python installed under /root (mode 700): it runs as root with no capability,
    confined by Landlock, and reaches no grader file and no network."""
    if os.geteuid() != 0 or not str(Path(os.__file__).resolve()).startswith("/root/"):
        pytest.skip("shows only where this Python lies under /root, as the kit's CI Python does")
    report, isolation, _ = probe(server, tmp_path, scratch, listener, strongest="container")
    assert isolation["level"] == "container-root", isolation
    assert report["uid"] == 0 and report["read"] == [False, False, False] and report["network"] is False, report
    assert report["imports"], "a package of the environment that the fork server did not preload cannot be imported"


def submission_behind_the_door(server, tmp_path, scratch, sources: dict[str, str], **options) -> IsolatedSubmission:
    """A submission of the modules ``sources`` (name -> code) behind the door, reading no kit file."""
    work, root = tmp_path / "work", tmp_path / "root"
    work.mkdir()
    root.mkdir()
    for module, source in sources.items():
        (work / f"{module}.py").write_text(textwrap.dedent(source))
    return IsolatedSubmission(work, server=server, root=root, scratch=scratch, hidden=kit_paths(), **options)


def test_what_a_worker_wrote_is_kept_even_when_it_is_killed(server, tmp_path, scratch):
    """The worker's stdout is unbuffered: a line without its newline survives the kill at a timeout."""
    chatty = """
        import sys, time
        print("imported")
        def hang():
            print("no newline yet", end="")
            sys.stderr.write("on stderr")
            time.sleep(60)
        """
    submission = submission_behind_the_door(server, tmp_path, scratch, {"chatty": chatty}, deadlines=Deadlines(call=2))
    with pytest.raises(SubmissionError, match="did not finish within"):
        submission.plain_call("chatty", "hang")
    submission.close()
    written = submission.output.decode()
    assert written.startswith("[chatty.py]\nimported\nno newline yet"), written
    assert "on stderr" in written, written


@pytest.mark.parametrize("strongest", ["namespaces", "container", "trusted"])
def test_a_worker_that_exits_is_said_to_have_exited_with_its_status(server, tmp_path, scratch, strongest):
    """At the namespaces level the worker is the first process of its PID namespace: once it is gone,
    the supervisor can fork nothing into the namespace, and must not try to (it reported its own
    failure, "Cannot allocate memory", instead of how the worker ended)."""
    leaving = "import os\n\ndef leave(status):\n    os._exit(status)\n"
    submission = submission_behind_the_door(
        server, tmp_path, scratch, {"leaving": leaving}, strongest=strongest, trusted=strongest == "trusted"
    )
    with pytest.raises(SubmissionError) as raised:
        submission.plain_call("leaving", "leave", 3)
    submission.close()
    message = str(raised.value)
    assert "ended during leave (exited with status 3)" in message, f"at {submission.isolation['level']}: {message}"


def test_an_answer_json_cannot_carry_is_the_submissions_error_and_the_worker_goes_on(server, tmp_path, scratch):
    numbers = "def huge():\n    return 10**5000\n\ndef small():\n    return 1\n"
    submission = submission_behind_the_door(server, tmp_path, scratch, {"numbers": numbers})
    try:
        with pytest.raises(SubmissionError, match="the answer cannot be sent to the grader"):
            submission.plain_call("numbers", "huge")
        assert submission.plain_call("numbers", "small") == 1
    finally:
        submission.close()
    assert "initgrade worker" not in submission.output.decode(), "the worker died: " + submission.output.decode()


def test_a_grader_refuses_an_unknown_isolation_level():
    from autograder.grading import Grader

    levels = r"\('namespaces', 'userns', 'container', 'container-root', 'landlock', 'trusted'\)"
    with pytest.raises(ValueError, match=rf"isolation must be one of {levels}; received 'none'"):
        Grader(strongest="none")


# -- the fork server's warm-up -----------------------------------------------------------------

WARMED = "import sys\n\n\ndef warmed():\n    return int('torch._dynamo' in sys.modules)\n"


def test_the_fork_server_warms_up_training_after_the_fork_that_asks_and_only_then(tmp_path, scratch):
    """Workers forked before ``warm_up`` was asked, and the one whose fork carried the request, start
    without what training loads on first use (``torch._dynamo``); every worker forked after has it."""
    server = ForkServer()  # its own: the module's server may have been asked already
    seen = []
    try:
        for k, ask in enumerate((False, True, False, False)):
            if ask:
                server.warm_up()
            work, root = tmp_path / f"work{k}", tmp_path / f"root{k}"
            work.mkdir()
            root.mkdir()
            (work / "probe.py").write_text(WARMED)
            submission = IsolatedSubmission(
                work, server=server, root=root, scratch=scratch, hidden=kit_paths(), deadlines=Deadlines(call=20)
            )
            try:
                seen.append(submission.plain_call("probe", "warmed"))
            finally:
                submission.close()
    finally:
        server.close()
    assert seen == [0, 0, 1, 1], f"torch._dynamo loaded in the workers, in order of their forks: {seen}"
