ATTACK = (
    "End the worker while training.py is imported: SIGKILL to itself, then sys.exit(0) whose cleanup calls "
    "os._exit(0), after registering an atexit hook and a SIGTERM handler."
)
MODULE = "training"
SOURCE = r"""
import atexit as _atexit
import os as _os
import signal as _signal
import sys as _sys

_atexit.register(lambda: print("atexit ran"))
_signal.signal(_signal.SIGTERM, lambda *args: _os._exit(0))
_os.kill(_os.getpid(), _signal.SIGKILL)  # a no-op if the worker is the init of its own PID namespace
try:
    _sys.exit(0)
finally:
    _os._exit(0)
"""
