"""The template's GitHub Actions workflow and pinned requirements, as text.

    workflow_text() -> .github/workflows/classroom.yml     requirements_text() -> requirements.txt

The workflow has the form GitHub Classroom generates for its own autograding tests (the name
``Autograding Tests``, the job ``run-autograding-tests``, on push and repository_dispatch, with the
permissions the reporter needs), so Classroom reads its score the same way: one grading step, whose id
the reporter's ``runners`` names and whose ``result`` output it reads from ``<ID>_RESULTS``, then
classroom-resources/autograding-grading-reporter, which prints each test and sends the points to
Classroom. Before grading, Python is set up with pip's cache keyed on the requirements file, and
PyTorch's CPU build is installed from PyTorch's own index (pip's default torch on Linux is a CUDA
build of several gigabytes).
"""

from __future__ import annotations

PYTHON_VERSION = "3.11"
TORCH_VERSION = "2.13.0"
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
REQUIREMENTS = "requirements.txt"
GRADE_SCRIPT = ".github/classroom/grade.py"
POINTS_FILE = ".github/classroom/points.json"
WORKFLOW_FILE = ".github/workflows/classroom.yml"
#: The grading step's id; the reporter reads ``<ID upper-cased>_RESULTS``, and accepts letters and digits.
STEP_ID = "publictests"
#: The versions the kit's own tests run the grading step with (torch is installed apart, as above).
PINNED = {"numpy": "2.4.6", "scikit-learn": "1.9.1", "matplotlib": "3.11.2", "pytest": "9.2.0"}
#: Minutes after which GitHub stops the job (the script stops the tests itself after 10).
JOB_TIMEOUT = 30

_WORKFLOW = """\
# Written by `initgrade classroom`. GitHub Classroom reads the points of this job's check run,
# which the reporter (last step) writes. Like everything in a student's repository, this file is the
# student's to change: the points are feedback, and the grade comes from the instructor's hidden tests.
name: Autograding Tests
"on": [push, repository_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: {job_timeout}
    steps:
      - name: Checkout code
        uses: actions/checkout@v4
      - name: Set up Python
        uses: actions/setup-python@v5
        with:
          python-version: "{python}"
          cache: pip
          cache-dependency-path: {requirements}
      - name: Install PyTorch (CPU build) and the pinned requirements
        run: |
          python -m pip install torch=={torch} --index-url {torch_index}
          python -m pip install -r {requirements}
      - name: Public tests
        id: {step_id}
        run: python {grade_script}
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
          {step_env}_RESULTS: "${{{{steps.{step_id}.outputs.result}}}}"
        with:
          runners: {step_id}
"""

_REQUIREMENTS = """\
# What the public tests and the helpers need, pinned. PyTorch is installed first, from its CPU index:
#   python -m pip install torch=={torch} --index-url {torch_index}
#   python -m pip install -r requirements.txt
{pins}
"""


def workflow_text() -> str:
    """``.github/workflows/classroom.yml`` (see the module docstring)."""
    return _WORKFLOW.format(
        job_timeout=JOB_TIMEOUT,
        python=PYTHON_VERSION,
        requirements=REQUIREMENTS,
        torch=TORCH_VERSION,
        torch_index=TORCH_INDEX,
        step_id=STEP_ID,
        step_env=STEP_ID.upper(),
        grade_script=GRADE_SCRIPT,
    )


def requirements_text() -> str:
    """``requirements.txt``: every package the public tests import but torch, pinned."""
    pins = "\n".join(f"{name}=={version}" for name, version in PINNED.items())
    return _REQUIREMENTS.format(torch=TORCH_VERSION, torch_index=TORCH_INDEX, pins=pins)
