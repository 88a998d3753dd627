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
_SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")


def _maybe_private(folder):
    # Its own folder (home), or /tmp, /var/tmp, /dev/shm and the folders in them: this worker cannot tell its
    # private ones from the host's (a kit cloned under /tmp has the folders on the way to its .venv in the
    # worker's /tmp, its own to write in a user namespace), so the grader looks on the host into every folder
    # named in the message.
    return folder == _os.path.expanduser("~") or any(folder == d or folder.startswith(d + "/") for d in _SCRATCH)


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
    # a planted hook, or a file in a folder that cannot be this worker's own, is a success
    escaped = [d for d in done if d in _PLANTS or not _maybe_private(d)]
    return f"wrote {done}" + (" ATTACK-SUCCEEDED outside the sandbox" if escaped else "")


_AT_IMPORT = _write_everywhere()


def compute_fans(shape):
    raise RuntimeError(_AT_IMPORT)


def calculate_gain(nonlinearity, param=None):
    raise RuntimeError(_write_everywhere())
"""
