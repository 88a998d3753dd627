ATTACK = (
    "Leave processes running after grading: a double-forked setsid daemon, a Popen(start_new_session=True), "
    "a multiprocessing daemon and a fork bomb of a few hundred attempts, each running `sleep MARKER`."
)
MODULE = "initializers"
CHECK = "no_process"
SOURCE = r"""
import multiprocessing as _mp
import os as _os
import subprocess as _subprocess

_SLEEP = ["sleep", "__MARKER__"]  # the test looks for this argument in every process on the machine


def _daemon():
    if _os.fork() == 0:  # first child: new session, fork again, exit, so the grandchild is orphaned
        _os.setsid()
        if _os.fork() == 0:
            _os.execvp("sleep", _SLEEP)
        _os._exit(0)


def _exec_sleep():
    _os.execvp("sleep", _SLEEP)


def _escape(bomb):
    started = []
    for how in (_daemon, lambda: _subprocess.Popen(_SLEEP, start_new_session=True),
                lambda: _mp.Process(target=_exec_sleep, daemon=True).start()):
        try:
            how()
            started.append(getattr(how, "__name__", "ok"))
        except Exception as error:
            started.append(f"{type(error).__name__}: {error}")
    forks = 0
    for _ in range(bomb):  # a fork bomb, bounded so that it ends
        try:
            if _os.fork() == 0:
                _os.execvp("sleep", _SLEEP)
            forks += 1
        except OSError:
            pass
    return f"started {started}, {forks} of {bomb} forks"


_AT_IMPORT = _escape(0)


def compute_fans(shape):
    raise RuntimeError(_AT_IMPORT)


def calculate_gain(nonlinearity, param=None):
    raise RuntimeError(_escape(300))
"""
