"""The wire between judge and worker: framed JSON with arrays as .npy, read without trusting the peer."""

import io
import socket
import struct

import numpy as np
import pytest

from autograder.sandbox import wire


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
