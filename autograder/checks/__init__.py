"""The statistics and checks the hidden suite and the notebooks' test cells share.

Take plain arrays and numbers (already copied out of the worker's answers); return a ``Verdict``
(passed, and a message naming the mistake) per check: ``statistics`` (acceptance intervals with a
false-failure probability of at most 1e-9, and the ``Verdict`` type), ``initializers`` (what each
initializer must draw, and how to judge draws), ``descent`` (full-batch training written out by
hand, to compare a student's ``train`` with). May import only the leaves (``reference``).
"""
