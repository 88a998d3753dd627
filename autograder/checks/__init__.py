"""Checks shared by the hidden pytest suite and the nbgrader notebook: each returns a Verdict."""
