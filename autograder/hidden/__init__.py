"""The hidden test suite: pytest modules run by ``autograder.grading`` against one submission.

Takes the ``submission`` fixture (``autograder.sandbox``'s door to the student's code) and the
run's ``hidden_seed``; gives pass or fail per test, with the points and title its markers declare.
May import ``checks``, ``sandbox`` and the leaves (``reference``, ``results``); never ``grading``.

Test files are named ``hidden_*.py`` so that no plain ``pytest`` run collects them by accident:
they need the ``submission`` fixture that only the grading plugin provides. ``SUITE`` is the order
their tests run in, and so the order of every report.
"""

SUITE = ("initializers", "training")
