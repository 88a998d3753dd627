"""The platforms a course grades on: an nbgrader course (``nbgrader``), a Gradescope autograder zip
(``gradescope``), a GitHub Classroom template (``classroom``), the grade files Canvas and Moodle
import (``lms``), and their ``initgrade`` commands (``commands``).

Each takes the kit's release (the student files and notebook) and its grader (``batch``), and
speaks the platform's own formats and commands. May import every stage below it (``batch``,
``release``, ``grading``, ``reports``, ``sandbox``, ``results``); nothing below imports it.
"""
