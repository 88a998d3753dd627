"""The grading stage: one submission in, its ``GradingResults`` out.

    Grader().grade(source, *, seed, student_id) -> (GradingResults, SuiteRun)

Takes a submission (a folder, a ``.zip`` or an ``.ipynb``): ``load`` copies it into a private
folder and turns a notebook into modules; ``suite`` runs the hidden suite against it through
``autograder.sandbox``'s worker; ``written`` adds the written questions. Returns the model of
``autograder.results``. May import ``hidden``, ``checks``, ``sandbox`` and the leaves
(``reference``, ``results``, ``secret``, ``text``); never ``reports``, ``batch`` or anything above.
"""

from autograder.grading.grader import Grader, grade_submission
from autograder.grading.load import load_submission
from autograder.grading.suite import SuiteRun, hidden_rubric, run_hidden_suite
from autograder.grading.written import written_questions

__all__ = [
    "Grader",
    "SuiteRun",
    "grade_submission",
    "hidden_rubric",
    "load_submission",
    "run_hidden_suite",
    "written_questions",
]
