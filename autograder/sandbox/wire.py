"""The wire between the judge and a worker: length-prefixed JSON with ``.npy`` arrays.

One message is::

    u32 header length | header: UTF-8 JSON {"body": ..., "arrays": n}
    n times: u64 length | an array in NumPy's .npy format

Inside ``body`` an array is the placeholder ``{"__array__": i}``. Decoding never unpickles:
each ``.npy`` header is parsed and checked (numeric dtype, element count under the cap) before
its bytes are read, and every array becomes a fresh plain ``float64`` ndarray. Whatever the
sender is, the receiver gets only dicts, lists, strings, numbers, booleans, None and float64
arrays.
"""

from __future__ import annotations

import io
import json
import math
import re
import socket
import struct
import time

import numpy as np

MAX_ELEMENTS = 20_000_000  # no legitimate answer in the suite is larger
MAX_HEADER_BYTES = 4 * 1024 * 1024  # plain values only; arrays travel as .npy
MAX_ARRAYS = 100_000
MAX_ARRAY_BYTES = 256 * 1024 * 1024  # all arrays of one message together
_ARRAY = "__array__"
_CHUNK = 1 << 20  # bytes one recv asks the socket for
_NUMERIC_KINDS = "biuf"
_NPY_START = b"\x93NUMPY\x01\x00"  # magic and version 1.0
_PLAIN_HEADER = re.compile(
    re.escape(_NPY_START) + rb"..\{'descr': '([<>|](?:b1|[iu][1248]|f[248]))', 'fortran_order': (True|False), "
    rb"'shape': (\(\)|\(\d{1,12},\)|\(\d{1,12}(?:, \d{1,12})+\)), \} *\n",
    re.DOTALL,
)
_HEADER_READERS = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}


class WireError(Exception):
    """A message broke the protocol (bad framing, an array that is not plain numbers, too big)."""


def encode(body) -> bytes:
    """``body`` (plain values and ndarrays) as one message; other types raise ``TypeError``, an
    integer of more digits than Python writes (4,300 by default) ``ValueError``."""
    arrays: list[bytes] = []

    def place(value):
        if isinstance(value, np.ndarray):
            arrays.append(_npy(value))
            return {_ARRAY: len(arrays) - 1}
        if isinstance(value, dict):
            return {str(key): place(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [place(item) for item in value]
        if value is None or isinstance(value, bool | int | float | str):
            return value
        raise TypeError(f"{type(value).__name__} cannot cross the wire")

    header = json.dumps({"body": place(body), "arrays": len(arrays)}).encode()
    parts = [struct.pack(">I", len(header)), header]
    for blob in arrays:
        parts += [struct.pack(">Q", len(blob)), blob]
    return b"".join(parts)


def _npy(array: np.ndarray) -> bytes:
    """``array`` in the .npy format, version 1.0, C order (what ``np.save`` writes, header
    padded to 64 bytes); ``TypeError`` unless it holds plain numbers."""
    if array.dtype.kind not in _NUMERIC_KINDS or array.dtype.fields is not None:
        raise TypeError(f"an array of dtype {array.dtype} cannot cross the wire; only plain numbers can")
    array = np.asarray(array, order="C")
    header = f"{{'descr': '{array.dtype.str}', 'fortran_order': False, 'shape': {array.shape!r}, }}"
    header += " " * (-(len(_NPY_START) + 2 + len(header) + 1) % 64) + "\n"
    return _NPY_START + struct.pack("<H", len(header)) + header.encode("ascii") + array.tobytes()


class Channel:
    """Messages over a connected stream socket. With ``as_float`` (the judge's side) every
    array received becomes float64; without it (the worker's side) integer arrays stay integer."""

    def __init__(self, sock: socket.socket, *, as_float: bool):
        self._sock, self._as_float = sock, as_float
        self._surplus, self._taken = b"", 0  # bytes received beyond what was read, and how many of them were read

    def send(self, body, *, timeout: float | None = None) -> None:
        self._sock.settimeout(timeout)
        self._sock.sendall(encode(body))

    def receive(self, *, timeout: float | None = None):
        """The next message's body; ``EOFError`` if the peer closed, ``TimeoutError`` if the
        whole message did not arrive within ``timeout`` seconds. The socket is read ``_CHUNK``
        bytes at a time, so one ``recv`` serves many small arrays."""
        deadline = None if timeout is None else time.monotonic() + timeout

        def read_exactly(count: int) -> bytes:
            start = self._taken
            if len(self._surplus) - start >= count:
                self._taken += count
                return self._surplus[start : start + count]
            chunks, remaining = [self._surplus[start:]], count - (len(self._surplus) - start)
            self._surplus, self._taken = b"", 0
            while remaining:
                if deadline is not None:
                    self._sock.settimeout(max(deadline - time.monotonic(), 1e-3))
                chunk = self._sock.recv(_CHUNK)
                if not chunk:
                    raise EOFError("the other side closed the connection")
                if len(chunk) > remaining:
                    self._surplus, self._taken = chunk, remaining
                    chunk = chunk[:remaining]
                chunks.append(chunk)
                remaining -= len(chunk)
            return b"".join(chunks)

        return read_message(read_exactly, as_float=self._as_float)

    def close(self) -> None:
        self._sock.close()


def read_message(read_exactly, *, as_float: bool = True):
    """Read one message with ``read_exactly(n) -> bytes`` and return its body."""
    (length,) = struct.unpack(">I", read_exactly(4))
    if length > MAX_HEADER_BYTES:
        raise WireError(f"message header of {length:,} bytes exceeds {MAX_HEADER_BYTES:,}")
    try:
        header = json.loads(read_exactly(length).decode())
        body, count = header["body"], header["arrays"]
    except (ValueError, KeyError, TypeError, RecursionError) as error:
        raise WireError(f"message header is not the expected JSON ({error})") from None
    if not isinstance(count, int) or not 0 <= count <= MAX_ARRAYS:
        raise WireError(f"message announces {count!r} arrays; at most {MAX_ARRAYS:,} are allowed")
    arrays, budget = [], MAX_ARRAY_BYTES
    for _ in range(count):
        array = _read_array(read_exactly, as_float, budget)
        budget -= array.nbytes
        arrays.append(array)
    return _restore(body, arrays)


def _read_array(read_exactly, as_float: bool, budget: int) -> np.ndarray:
    (length,) = struct.unpack(">Q", read_exactly(8))
    if length > MAX_ELEMENTS * 8 + 4096:
        raise WireError(f"an array of {length:,} bytes exceeds the cap of {MAX_ELEMENTS:,} numbers")
    if length > budget + 4096:
        raise WireError(f"the arrays of one message exceed {MAX_ARRAY_BYTES:,} bytes together")
    blob = read_exactly(length)
    shape, fortran, dtype, offset = _npy_header(blob)
    if dtype.kind not in _NUMERIC_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise WireError(f"an array has dtype {dtype}; only plain numbers (bool, int, float) are accepted")
    count = math.prod(shape)
    if count > MAX_ELEMENTS or any(size > MAX_ELEMENTS for size in shape):
        raise WireError(f"an array of {count:,} numbers exceeds the cap of {MAX_ELEMENTS:,}")
    data = memoryview(blob)[offset:]
    if len(data) != count * dtype.itemsize:
        raise WireError(f"an array announces {count:,} numbers of {dtype} but carries {len(data):,} bytes")
    flat = np.frombuffer(data, dtype=dtype)
    dtype = np.float64 if as_float else dtype.newbyteorder("=")
    return np.array(flat.reshape(shape, order="F" if fortran else "C"), dtype=dtype, order="C", copy=True)


def _npy_header(blob: bytes) -> tuple[tuple[int, ...], bool, np.dtype, int]:
    """``(shape, fortran_order, dtype, offset of the data)`` of a .npy blob, or ``WireError``.

    A header as ``_npy`` writes it is read with one regular expression (numpy's reader costs
    40 us an array, through ``ast.literal_eval``); any other goes to numpy's reader."""
    plain = _PLAIN_HEADER.match(blob)
    if plain and int.from_bytes(blob[8:10], "little") == plain.end() - 10:
        descr, fortran, shape = plain.groups()
        return tuple(int(n) for n in re.findall(rb"\d+", shape)), fortran == b"True", np.dtype(descr), plain.end()
    stream = io.BytesIO(blob)
    try:
        version = np.lib.format.read_magic(stream)
        read_header = _HEADER_READERS.get(version)
        if read_header is None:
            raise ValueError(f".npy version {version} is not accepted; 1.0 and 2.0 are")
        shape, fortran, dtype = read_header(stream)
    except (ValueError, SyntaxError, TypeError) as error:
        raise WireError(f"an array's .npy header is invalid ({error})") from None
    return shape, fortran, dtype, stream.tell()


def _restore(value, arrays):
    if isinstance(value, dict):
        if set(value) == {_ARRAY}:
            index = value[_ARRAY]
            if not isinstance(index, int) or not 0 <= index < len(arrays):
                raise WireError(f"array placeholder {index!r} names no array of the message")
            return arrays[index]
        return {key: _restore(item, arrays) for key, item in value.items()}
    if isinstance(value, list):
        return [_restore(item, arrays) for item in value]
    return value
