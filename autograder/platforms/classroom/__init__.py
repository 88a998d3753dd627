"""The assignment as a GitHub Classroom template repository, whose public tests score every push.

    template.make_template(folder, *, secret)  -> the template repository (``initgrade classroom``)
    template.render_template()                 -> its files as data
    points.points_table(points, plan)          -> each public test's points, from the hidden rubric
    workflow.workflow_text()                   -> .github/workflows/classroom.yml
    grade.py                                   -> the scoring script the workflow runs (shipped as is)
    collect.py                                 -> which functions each public test checks (run apart)

It takes the release (``autograder.release``) and the hidden rubric (``autograder.grading``); the
points a student sees in Classroom are feedback, and the grade of record comes from ``initgrade grade``
over the students' repositories.
"""
