ATTACK = (
    "Honest control: the reference training.py, except that compare_initializers forks a bounded bomb of "
    "detached `sleep MARKER` processes and then waits on them; no process may survive and every other "
    "function must keep all its points."
)
MODULE = "training"
VICTIMS = ("compare_initializers",)
CHECK = "no_process"
SOURCE = r"""
import os as _os
import subprocess as _subprocess


def compare_initializers(initializers, data, *, layer_sizes, activation, epochs, lr, seed=0):
    children = []
    for _ in range(300):
        try:
            children.append(_subprocess.Popen(["sleep", "__MARKER__"], start_new_session=True))
        except OSError:
            break
    if _os.fork() == 0:
        _os.setsid()
        _os.execvp("sleep", ["sleep", "__MARKER__"])
    children[0].wait()
"""
