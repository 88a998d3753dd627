"""The door between judge and worker: the wire, and what a worker can reach at each isolation level."""

import io
import os
import shutil
import socket
import struct
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pytest

from autograder.grading.grader import kit_paths
from autograder.reference import KIT_ROOT, SOLUTIONS_DIR
from autograder.sandbox import isolated, wire
from autograder.sandbox.isolated import IsolatedSubmission
from autograder.sandbox.launcher import Deadlines, ForkServer
from autograder.sandbox.submission import SubmissionError


def decode(message: bytes, *, as_float: bool = True):
    stream = io.BytesIO(message)

    def read_exactly(count):
        data = stream.read(count)
        if len(data) != count:
            raise EOFError
        return data

    return wire.read_message(read_exactly, as_float=as_float)


def npy(array) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def framed(body_json: bytes, blobs: list[bytes]) -> bytes:
    parts = [struct.pack(">I", len(body_json)), body_json]
    for blob in blobs:
        parts += [struct.pack(">Q", len(blob)), blob]
    return b"".join(parts)


# -- the wire ---------------------------------------------------------------------------------


def test_a_message_round_trips_with_arrays_nested_in_plain_data():
    body = {"a": [np.arange(6, dtype=np.int32).reshape(2, 3), 1.5, None, "x", True], "b": np.eye(2, dtype=np.float32).T}
    judge_side = decode(wire.encode(body))
    assert judge_side["a"][1:] == [1.5, None, "x", True]
    assert judge_side["a"][0].dtype == np.float64 and judge_side["a"][0].tolist() == [[0, 1, 2], [3, 4, 5]]
    assert judge_side["b"].flags["C_CONTIGUOUS"] and judge_side["b"].tolist() == [[1, 0], [0, 1]]
    assert decode(wire.encode(body), as_float=False)["a"][0].dtype == np.int32, "the worker keeps integer labels"


@pytest.mark.parametrize(
    "array",
    [
        np.array(2.5),
        np.arange(5, dtype=np.int64),
        np.arange(12, dtype=np.float32).reshape(3, 4).T,  # Fortran-ordered: sent in C order
        np.zeros((2, 0, 3), dtype=bool),
        np.arange(6, dtype=">i2").reshape(2, 3),
        np.arange(4, dtype=np.uint8),
    ],
    ids=["0-d", "int64", "transposed-float32", "empty-bool", "big-endian", "uint8"],
)
def test_arrays_are_sent_as_npy_that_numpy_reads_back(array):
    blob = wire._npy(array)
    loaded = np.load(io.BytesIO(blob), allow_pickle=False)
    assert loaded.dtype == array.dtype and loaded.shape == array.shape and np.array_equal(loaded, array), (
        f"np.load read {loaded!r} from what was sent for {array!r}"
    )
    received = decode(wire.encode({"a": array}), as_float=False)["a"]
    assert received.shape == array.shape and np.array_equal(received, array), f"received {received!r}"


@pytest.mark.parametrize(
    "array",
    [np.arange(6.0).reshape(2, 3, order="F"), np.arange(3, dtype="<f2"), np.arange(4, dtype="<i8")],
    ids=["fortran-order", "float16", "int64"],
)
@pytest.mark.parametrize("version", [(1, 0), (2, 0)], ids=["v1", "v2"])
def test_any_npy_header_numpy_writes_is_read_the_same(array, version):
    """Headers the kit does not write itself (a Fortran flag, version 2.0) take numpy's reader."""
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version, allow_pickle=False)
    received = decode(framed(b'{"body": {"__array__": 0}, "arrays": 1}', [buffer.getvalue()]))
    assert received.shape == array.shape and np.array_equal(received, array), f"{received!r} for {array!r}"


def test_a_header_whose_length_field_lies_is_not_trusted():
    blob = bytearray(wire._npy(np.arange(4.0)))
    blob[8:10] = (200).to_bytes(2, "little")  # the header is 118 bytes long
    with pytest.raises(wire.WireError):
        decode(framed(b'{"body": 1, "arrays": 1}', [bytes(blob)]))


@pytest.mark.parametrize(
    "array", [np.array(["a"]), np.array([1j]), np.array([object()])], ids=["str", "complex", "object"]
)
def test_only_plain_numbers_are_sent(array):
    with pytest.raises(TypeError, match="cannot cross the wire"):
        wire.encode({"a": array})


def test_an_ndarray_subclass_arrives_as_a_plain_ndarray():
    class Lying(np.ndarray):
        def var(self, *args, **kwargs):
            return 1.0

    values = np.zeros(4).view(Lying)
    received = decode(wire.encode({"v": values}))["v"]
    assert type(received) is np.ndarray and received.var() == 0.0


@pytest.mark.parametrize(
    "message, error",
    [
        (framed(b'{"body": {"__array__": 0}, "arrays": 1}', [npy(np.array([object()]))]), "dtype object"),
        (framed(b'{"body": {"__array__": 0}, "arrays": 1}', [npy(np.zeros(2, dtype="i4,f8"))]), "only plain numbers"),
        (framed(b'{"body": {"__array__": 3}, "arrays": 1}', [npy(np.zeros(2))]), "names no array"),
        (framed(b'{"body": 1, "arrays": -1}', []), "at most"),
        (framed(b"not json", []), "not the expected JSON"),
        (struct.pack(">I", wire.MAX_HEADER_BYTES + 1), "exceeds"),
        (framed(b'{"body": 1, "arrays": 1}', [npy(np.zeros(4))[:-8]]), "carries"),
        (framed(b'{"body": 1, "arrays": 1}', [b"\x93NUMPY\x03\x00" + b"\x00" * 8]), "version"),
        (framed(b'{"body": 1, "arrays": 1}', [b"garbage"]), "invalid"),
    ],
    ids=[
        "pickled-object",
        "structured",
        "bad-placeholder",
        "negative-count",
        "not-json",
        "huge-header",
        "short",
        "v3",
        "garbage",
    ],
)
def test_a_message_that_breaks_the_protocol_is_refused(message, error):
    with pytest.raises(wire.WireError, match=error):
        decode(message)


def test_an_array_over_the_cap_is_refused_before_its_bytes_are_read():
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (10**9,)})
    message = framed(b'{"body": 1, "arrays": 1}', [header.getvalue()])
    with pytest.raises(wire.WireError, match="exceeds the cap"):
        decode(message)


def test_arrays_over_the_total_budget_of_a_message_are_refused(monkeypatch):
    monkeypatch.setattr(wire, "MAX_ARRAY_BYTES", 10_000)
    message = wire.encode({"a": [np.zeros(1000), np.zeros(1000)]})  # 8,000 bytes each
    with pytest.raises(wire.WireError, match="exceed 10,000 bytes together"):
        decode(message)


def test_receive_times_out_on_a_silent_peer_and_reports_a_closed_one():
    ours, theirs = socket.socketpair()
    channel = wire.Channel(ours, as_float=True)
    with pytest.raises(TimeoutError):
        channel.receive(timeout=0.2)
    theirs.sendall(wire.encode({"x": 1})[:5])
    theirs.close()
    with pytest.raises(EOFError):
        channel.receive(timeout=1)
    channel.close()


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


def test_what_a_worker_wrote_is_kept_even_when_it_is_killed(server, tmp_path, scratch):
    """The worker's stdout is unbuffered: a line without its newline survives the kill at a timeout."""
    work, root = tmp_path / "work", tmp_path / "root"
    work.mkdir()
    root.mkdir()
    (work / "chatty.py").write_text(
        textwrap.dedent(
            """
            import sys, time
            print("imported")
            def hang():
                print("no newline yet", end="")
                sys.stderr.write("on stderr")
                time.sleep(60)
            """
        )
    )
    submission = IsolatedSubmission(
        work, server=server, root=root, scratch=scratch, hidden=kit_paths(), deadlines=Deadlines(call=2)
    )
    with pytest.raises(SubmissionError, match="did not finish within"):
        submission.plain_call("chatty", "hang")
    submission.close()
    written = submission.output.decode()
    assert written.startswith("[chatty.py]\nimported\nno newline yet"), written
    assert "on stderr" in written, written


def test_a_grader_refuses_an_unknown_isolation_level():
    from autograder.grading import Grader

    levels = r"\('namespaces', 'userns', 'container', 'container-root', 'landlock', 'trusted'\)"
    with pytest.raises(ValueError, match=rf"isolation must be one of {levels}; received 'none'"):
        Grader(strongest="none")
