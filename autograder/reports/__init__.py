"""Renderers of ``GradingResults``, one report per module, each file written atomically (``atomic``).

Take the results model (one student's or a class's); return text or bytes, or write them:
``gradescope`` (results.json), ``grades_csv``, ``junit``, ``feedback_html`` (per student, from the
Jinja2 templates in ``templates/``), ``summary`` (the class page, with ``svg_chart`` and
``png_histogram``), ``console`` (what a command prints) and ``progress`` (a batch's progress line).
May import only ``results`` and the leaves; never the sandbox or the grading stage.
"""
