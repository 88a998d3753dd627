"""Renderers of ``GradingResults``: each report in its own module, each file written atomically."""
