ATTACK = (
    "Exhaust memory: 50 GB arrays at import and in a function, a list grown until MemoryError, a 1 TB "
    "bytearray, and infinite recursion with the recursion limit lifted (a C stack overflow)."
)
MODULE = "initializers"
SOURCE = r"""
import sys as _sys

try:
    _hog = np.ones((50_000_000_000,))  # 400 GB at import
except MemoryError as error:
    _hog = error


def compute_fans(shape):
    return np.ones((50_000_000_000,))


def calculate_gain(nonlinearity, param=None):
    grown = []
    while True:
        grown.append(np.empty(10**8, dtype=np.uint8))


def zeros(shape, rng=None):
    return bytearray(10**12)


def constant(shape, rng=None, value=1.0):
    _sys.setrecursionlimit(10**8)

    def down(n):  # through map, so every level also takes C stack
        return list(map(down, [n + 1]))

    return down(0)


def random_normal(shape, rng, std=0.01):
    def down(n):  # the default limit: RecursionError
        return down(n + 1)

    return down(0)
"""
