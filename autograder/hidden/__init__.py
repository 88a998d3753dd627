"""The hidden test suite: pytest modules run by ``autograder.grading`` against one submission.

Test files are named ``hidden_*.py`` so that no plain ``pytest`` run collects them by accident:
they need the ``submission`` fixture that only the grading plugin provides.
"""
