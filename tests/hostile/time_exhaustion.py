ATTACK = (
    "Exhaust time: compute_fans ignores SIGTERM, SIGINT and SIGALRM and spins forever, so the grader must stop "
    "it by force (the endless sleep is in control_hang and import_hangs)."
)
MODULE = "initializers"
SOURCE = r"""
import signal as _signal


def compute_fans(shape):
    for number in (_signal.SIGTERM, _signal.SIGINT, _signal.SIGALRM, _signal.SIGHUP):
        _signal.signal(number, _signal.SIG_IGN)
    while True:
        pass
"""
