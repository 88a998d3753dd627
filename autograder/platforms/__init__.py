"""The platforms a course grades on: an nbgrader course (``nbgrader``), a GitHub Classroom template
(``classroom``).

Each takes the kit's release (the student files and notebook) and its grader, and speaks the
platform's own formats and commands; nothing below this package imports it.
"""
