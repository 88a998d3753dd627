"""What the judge imports for itself, done in the background while its fork server starts.

Before its first worker answers, a judge waits about 1.5 s for its fork server to import torch.
``Preload`` spends that wait on what the judge needs itself before it runs the hidden suite:
torch, pytest, and the reference modules the suite calls. The judge ``wait()``s for it before it
runs the suite, so that no import of the suite's runs beside it.

Nothing the judge does needs scikit-learn (the transfer problems' target task is shipped,
``autograder.hidden.transfer_problems``) or what an optimizer's first step loads
(``torch._dynamo``: the judge replays optimizer steps itself); importing the latter would also make
a ``torchinductor_<user>`` folder in the temporary folder, which a grader stopped by its canary
must not leave behind.
"""

from __future__ import annotations

import threading

from autograder.reference import load_reference

REFERENCE_MODULES = ("initializers", "training")


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

        torch.set_num_threads(1)  # the judge's own computations: it alternates with its worker
        for name in REFERENCE_MODULES:
            load_reference(name)
    except Exception:  # noqa: BLE001 - the suite imports all of it again and reports what fails
        pass
