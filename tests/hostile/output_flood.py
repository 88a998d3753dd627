ATTACK = (
    "Flood the output: 200 MB on stdout at import, 200 MB on stderr and a 30 MB exception message in one "
    "function, a 100 MB message (over the wire's header cap) in another."
)
MODULE = "initializers"
SOURCE = r"""
import os as _os

_CHUNK = b"x" * 2**20
if not _os.path.exists("flooded"):  # once per submission, not again at each restart of the worker
    open("flooded", "w").close()
    for _ in range(200):
        _os.write(1, _CHUNK)


def compute_fans(shape):
    for _ in range(200):
        _os.write(2, _CHUNK)
    raise RuntimeError("y" * 30 * 2**20)


def calculate_gain(nonlinearity, param=None):
    raise RuntimeError("z" * 100 * 2**20)
"""
