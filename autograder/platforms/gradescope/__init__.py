"""The assignment on Gradescope: an autograder zip, and the grading of one submission inside it.

    bundle.build_autograder_zip(out, *, secret)   -> the zip (``initgrade gradescope``)
    run.run()                                     -> /autograder/results/results.json (``run_autograder``)
    run.check()                                   -> the reference graded once (the end of ``setup.sh``)

It takes the batch grader (``autograder.batch``), the release's stubs and the reports, and gives
Gradescope its files and its results.json; it imports nothing of the other platforms.
"""
