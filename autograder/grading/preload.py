"""What the judge imports for itself, done in the background while its fork server starts.

Before its first worker answers, a judge waits about 1.5 s for its fork server to import torch.
``Preload`` spends that wait on what the judge needs itself before it runs the hidden suite:
torch, what torch initializes on a network's first training (``sandbox.warm``; the judge trains
the reference to pose the comparison problems, and an optimizer's first step imports
``torch._dynamo``), pytest, and the reference modules (``data`` imports scikit-learn). The
judge ``wait()``s for it before it runs the suite, so that no import of the suite's runs beside
it.
"""

from __future__ import annotations

import threading

from autograder.reference import load_reference

REFERENCE_MODULES = ("initializers", "training", "data")


class Preload:
    """Start the imports at once in a daemon thread; ``wait()`` joins it."""

    def __init__(self):
        self._thread = threading.Thread(target=_preload, name="initgrade-preload", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        self._thread.join()


def _preload() -> None:
    try:
        import pytest  # noqa: F401
        import torch

        from autograder.sandbox.warm import warm_up_training

        torch.set_num_threads(1)  # the judge's own computations: it alternates with its worker
        warm_up_training(torch)
        for name in REFERENCE_MODULES:
            load_reference(name)
    except Exception:  # noqa: BLE001 - the suite imports all of it again and reports what fails
        pass
