ATTACK = (
    "Create files outside the submission (/tmp, $HOME, /work, the kit, the output folder, another student's "
    "folder, site-packages, the standard library) and plant a sitecustomize.py and a patched numpy/__init__.py "
    "that would run in later gradings."
)
MODULE = "initializers"
CHECK = "no_file"
SOURCE = r"""
import os as _os
import sys as _sys

import numpy as _np

_NAME = "hostile-__MARKER__"
_SITE = _os.path.dirname(_os.path.dirname(_np.__file__))  # site-packages
_STDLIB = _os.path.dirname(_os.__file__)
_DIRS = ["/tmp", "/var/tmp", "/dev/shm", _os.path.expanduser("~"), "/root", "/work", "/work/main", "__KIT__",
         "__KIT__/autograder", "__KIT__/solutions", "__OUT__", "__OTHER__", "..", "../..", "/", "/etc", _SITE,
         _STDLIB, _os.path.dirname(_sys.executable)]
_LINE = "\n# hostile __MARKER__\nprint('ATTACK-SUCCEEDED: planted code ran')\n"
_PLANTS = [_os.path.join(_SITE, "sitecustomize.py"), _os.path.join(_STDLIB, "sitecustomize.py"),
           _os.path.join(_SITE, "usercustomize.py"), _os.path.join(_SITE, "hostile-__MARKER__.pth"), _np.__file__]


def _write_everywhere():
    done = []
    for folder in _DIRS:
        try:
            with open(_os.path.join(folder, _NAME), "w") as stream:
                stream.write("hostile __MARKER__")
            done.append(folder)
        except OSError:
            pass
    for path in _PLANTS:
        try:
            with open(path, "a") as stream:
                stream.write(_LINE)
            done.append(path)
        except OSError:
            pass
    # writes in this worker's private /tmp, /dev/shm and its own folder are allowed; anything else is a success
    escaped = [d for d in done if d not in ("/tmp", "/dev/shm", _os.path.expanduser("~"), "/var/tmp")]
    return f"wrote {done}" + (" ATTACK-SUCCEEDED outside the sandbox" if escaped else "")


_AT_IMPORT = _write_everywhere()


def compute_fans(shape):
    raise RuntimeError(_AT_IMPORT)


def calculate_gain(nonlinearity, param=None):
    raise RuntimeError(_write_everywhere())
"""
