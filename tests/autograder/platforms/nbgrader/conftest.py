"""The nbgrader course these tests share, built once (``course_workflow.py``)."""

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "initgrade_test_course_workflow", Path(__file__).resolve().parent / "course_workflow.py"
)
course_workflow = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = course_workflow  # dataclasses look their module up while the class is made
_spec.loader.exec_module(course_workflow)


@pytest.fixture(scope="package")
def workflow(tmp_path_factory):
    return course_workflow.build_workflow(tmp_path_factory.mktemp("nbgrader-course"))
