"""The ``initgrade`` command: parses arguments and calls the library; nothing else."""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from pathlib import Path

from autograder.reference import ASSIGNMENT_DIR
from autograder.reports.progress import Progress
from autograder.reports.table import format_table
from autograder.sandbox.confine import EnvironmentProblem
from autograder.sandbox.isolated import ForkServer
from autograder.sandbox.levels import TRUST_OPTION
from autograder.sandbox.resources import NotEnoughMemory
from autograder.secret import SECRET_VARIABLE, new_secret, read_secret_file, write_secret_file


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="initgrade",
        description="Weight-initialization assignment kit: release the student folder, grade, run the demo, "
        "make and grade an nbgrader course, write a GitHub Classroom template repository.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "demo",
        help="train the reference on digits and plot the comparison",
        description="Train one network per initializer with the reference "
        "solution and write the plots, results.json and a summary table.",
    )
    run.add_argument(
        "--out",
        type=Path,
        default=Path("demo-output"),
        help="folder for the plots and results.json (default: demo-output)",
    )
    run.add_argument(
        "--experiment",
        action="append",
        choices=["shallow_relu", "deep_relu", "deep_tanh"],
        help="run only this experiment (repeatable; default: all three)",
    )

    rel = commands.add_parser(
        "release",
        help="generate the student folder from solutions/",
        description="Write the student release: solution regions replaced by "
        "stubs, helpers, public tests, answers template and README copied.",
    )
    rel.add_argument("--out", type=Path, default=ASSIGNMENT_DIR, help=f"folder to write (default: {ASSIGNMENT_DIR})")
    grade = commands.add_parser(
        "grade",
        help="grade submissions with the hidden suite",
        description="Grade each submission (a folder, a .zip or an .ipynb notebook; its name is the "
        "student id) in a sandboxed worker. Writes DIR/<student_id>/results.json (Gradescope format) "
        "and feedback.html, and for the class DIR/grades.csv, DIR/junit.xml and DIR/summary.html "
        "(pass rate per test, score histogram). Submissions already graded in DIR are kept unless "
        "--force. Exits 0 when every submission was graded, whatever the scores; 1 if the grader "
        "itself failed on one (it is marked grader error, not scored, and graded again next run); "
        "2 for a wrong call.",
    )
    grade.add_argument(
        "submissions",
        nargs="+",
        type=Path,
        metavar="SUBMISSION",
        help="a folder with the student's initializers.py and training.py, a .zip of one, or a notebook",
    )
    grade.add_argument("--out", type=Path, required=True, help="folder for the reports (created if missing)")
    grade.add_argument(
        "--seed",
        type=int,
        help="one seed for every student instead of per-student seeds, to reproduce a grade "
        "(each report states the seed it was graded with)",
    )
    grade.add_argument(
        "--secret-file",
        type=Path,
        help="file holding the course secret from which per-student seeds derive "
        f"(default: the {SECRET_VARIABLE} environment variable)",
    )
    grade.add_argument(
        "--workers",
        type=_positive,
        help=f"submissions graded at once (default: the number of cores, {os.cpu_count() or 1} here, or fewer "
        "if the machine's or container's memory holds fewer; each needs about 480 MiB)",
    )
    grade.add_argument("--force", action="store_true", help="grade again submissions already graded in --out")
    grade.add_argument(
        TRUST_OPTION,
        action="store_true",
        help="only for code you trust: where no isolation is available (not root, no user namespaces, no "
        "Landlock), run it with resource limits only instead of refusing; every report says so",
    )
    grade.add_argument(
        "--written-scores",
        type=Path,
        metavar="FILE.csv",
        help="points given by hand to the written answers: a CSV with student_id and one column per question "
        "(q1_1 or Q1.1, ...); an empty cell, or a student without a row, stays pending. Merged into every "
        "report, also of students graded earlier, without grading their code again; a run without it shows "
        "every written answer pending",
    )
    _add_nbgrader_commands(commands)
    gradescope = commands.add_parser(
        "gradescope",
        help="write the Gradescope autograder zip",
        description="Write the zip to upload as a Gradescope programming assignment's autograder: setup.sh, "
        "run_autograder, the kit as a wheel, pinned requirements and the course secret. Each submission (the "
        ".py files, the notebook, or a zip of either) is graded as `initgrade grade` grades it, with the seed "
        "of the Gradescope user who submitted it.",
    )
    gradescope.add_argument(
        "--out", type=Path, default=Path("autograder.zip"), help="the zip to write (default: autograder.zip)"
    )
    gradescope.add_argument(
        "--secret-file",
        type=Path,
        help=f"file holding the course secret to put in the zip (default: the {SECRET_VARIABLE} environment "
        "variable, else a new random secret, kept in a copy beside the zip)",
    )
    classroom = commands.add_parser(
        "classroom",
        help="write a GitHub Classroom template repository whose public tests score every push",
        description="Write a GitHub Classroom template repository into DIR: the student files, a pinned "
        "requirements.txt, .github/workflows/classroom.yml (GitHub Classroom's autograding form) and the "
        "script it runs, which scores the public tests with each function's hidden-rubric points spread "
        "over its public tests. Nothing is written if a file would leak a solution, hidden test source or "
        f"the {SECRET_VARIABLE} secret. DIR must be new or empty, or a template the kit made (then written "
        "again). Exits 2 for a refused folder or a leak.",
    )
    classroom.add_argument("--out", type=Path, required=True, metavar="DIR", help="the template's folder")
    return parser


def _add_nbgrader_commands(commands) -> None:
    course = commands.add_parser(
        "nbgrader",
        help="the assignment as an nbgrader course",
        description="Make an nbgrader course of the assignment, and grade its submissions in parallel.",
    )
    steps = course.add_subparsers(dest="nbgrader_command", required=True, metavar="STEP")
    init = steps.add_parser(
        "init",
        help="write a new nbgrader course",
        description="Write an nbgrader 0.9 course into DIR: nbgrader_config.py (the kit grades in place of "
        "nbgrader's execution), source/initialization/ (the notebook with its solutions, and the released "
        "helpers, public tests and stubs it uses) "
        "and the course secret (mode 600). DIR must be new or empty; for a course the kit made, only the "
        "source folder is written again.",
    )
    init.add_argument("folder", type=Path, metavar="DIR", help="the course folder")
    init.add_argument(
        "--course-id", default="initialization-course", help="nbgrader's course id (default: initialization-course)"
    )
    init.add_argument(
        "--exchange", type=Path, help="nbgrader's exchange folder (default: nbgrader's, /srv/nbgrader/exchange)"
    )
    init.add_argument(
        "--secret-file",
        type=Path,
        help=f"file holding the course secret to keep (default: the {SECRET_VARIABLE} environment variable, "
        "else a new random secret)",
    )
    autograde = steps.add_parser(
        "autograde",
        help="grade every submitted notebook in parallel, then record the grades with nbgrader autograde",
        description="Grade every notebook in submitted/*/ASSIGNMENT/ with the kit (N judges), writing the "
        "kit's reports to initgrade/ASSIGNMENT/, then run `nbgrader autograde ASSIGNMENT` in the course, "
        "which records those grades in gradebook.db without grading again. Exits 0 when every notebook "
        "was graded and recorded, 1 if the grader or nbgrader failed on one, 2 for a wrong call.",
    )
    autograde.add_argument("assignment", metavar="ASSIGNMENT", help="the assignment's name (initialization)")
    autograde.add_argument(
        "--course", type=Path, default=Path("."), help="the course folder (default: the current folder)"
    )
    autograde.add_argument(
        "--workers",
        type=_positive,
        help="notebooks graded at once (default: the number of cores, or fewer if memory holds fewer)",
    )
    autograde.add_argument("--force", action="store_true", help="grade and record again notebooks already graded")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more; received {value}")
    return value


def _secret(args) -> str:
    if args.secret_file is not None:
        return read_secret_file(args.secret_file)
    secret = os.environ.get(SECRET_VARIABLE, "")
    if not secret and args.seed is None:
        print(
            f"initgrade grade: note: no course secret (--secret-file or {SECRET_VARIABLE}); "
            "per-student seeds follow from the student ids alone",
            file=sys.stderr,
        )
    return secret


def _grade(args) -> int:
    secret = _secret(args)
    # With one judge, in this process, its fork server starts first, to import torch while this
    # process imports the grader (pytest, the hidden suite's modules): 0.2-0.3 s sooner ready.
    server = ForkServer() if args.workers == 1 or len(args.submissions) == 1 else None
    from autograder import batch

    show = Progress(sys.stderr)
    outcome = batch.grade_batch(
        args.submissions,
        args.out,
        seed=args.seed,
        secret=secret,
        workers=args.workers,
        force=args.force,
        trusted=args.trusted_code,
        written_scores=args.written_scores,
        private=[args.secret_file] if args.secret_file else [],
        progress=show.update,
        server=server,
    )
    show.finish()
    print(format_table(outcome.results))
    if outcome.skipped:
        print(f"kept {len(outcome.skipped)} earlier grades (--force grades them again): {', '.join(outcome.skipped)}")
    print(
        f"reports written to {args.out}/: grades.csv, junit.xml, summary.html, "
        "<student_id>/results.json and <student_id>/feedback.html"
    )
    _report_grader_errors(outcome)
    return 1 if outcome.grader_errors or outcome.internal_errors else 0


def _nbgrader(args) -> int:
    from autograder.platforms.nbgrader import autograde, course

    if args.nbgrader_command == "init":
        secret = read_secret_file(args.secret_file) if args.secret_file else os.environ.get(SECRET_VARIABLE, "")
        course.make_course(args.folder, course_id=args.course_id, exchange=args.exchange, secret=secret)
        print(f"course written to {args.folder}")
        print(course.next_steps(args.folder.resolve()))
        return 0
    show = Progress(sys.stderr)
    done = autograde.autograde_course(
        autograde.read_course(args.course),
        args.assignment,
        workers=args.workers,
        force=args.force,
        progress=show.update,
    )
    show.finish()
    print(format_table(done.batch.results))
    print(f"the kit's reports: {done.log.parent}/ (grades.csv, summary.html, <student>/feedback.html)")
    _report_grader_errors(done.batch)
    if done.unreadable:
        print(f"not notebooks, so 0 points in the gradebook as in the kit's reports: {', '.join(done.unreadable)}")
    broken = [student for student in done.nbgrader_failed if student not in done.unreadable]
    if broken or (done.nbgrader_status and not done.nbgrader_failed):
        who = f" on {', '.join(broken)}" if broken else ""
        print(f"initgrade nbgrader: nbgrader autograde failed{who}; its log: {done.log}", file=sys.stderr)
    else:
        print(f"recorded in the gradebook by nbgrader autograde (log: {done.log})")
    return 1 if done.failed else 0


def _classroom(args) -> int:
    from autograder.platforms.classroom import template

    written = template.make_template(args.out, secret=os.environ.get(SECRET_VARIABLE, ""))
    folder = args.out.resolve()
    print(f"wrote {len(written)} files to {args.out}:")
    print("\n".join(f"  {path.relative_to(folder).as_posix()}" for path in written))
    print(template.next_steps(folder))
    return 0


def _gradescope(args) -> int:
    from autograder.platforms.gradescope import bundle

    copy = None
    if args.secret_file is not None:
        secret, where = read_secret_file(args.secret_file), f"read from {args.secret_file}"
    elif os.environ.get(SECRET_VARIABLE):
        secret, where = os.environ[SECRET_VARIABLE], f"from {SECRET_VARIABLE}"
    else:
        copy = args.out.with_suffix(".secret")
        if copy.exists():
            raise ValueError(
                f"{copy} exists and may hold the secret earlier grades derive from; pass it with --secret-file "
                f"{copy}, or move it away for a new secret"
            )
        secret, where = new_secret(), f"a new one, kept in {copy} (readable by you alone)"
    bundle.build_autograder_zip(args.out, secret=secret)
    if copy is not None:
        write_secret_file(copy, secret)
    print(f"wrote {args.out}: upload it as the autograder of a Gradescope programming assignment")
    print(f"the course secret, from which each student's hidden seed derives: {where}")
    return 0


def _report_grader_errors(outcome) -> None:
    """On stderr: the students the grader failed on and why, then each internal error's traceback."""
    if outcome.grader_errors:
        print(
            f"initgrade grade: the grader failed on {len(outcome.grader_errors)} submission(s); "
            "they were not graded and will be graded again on the next run:",
            file=sys.stderr,
        )
        for student_id, reason in outcome.grader_errors:
            print(f"  {student_id}: {reason}", file=sys.stderr)
    for error in outcome.internal_errors:
        print(f"initgrade grade: internal error: {error}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    # Frozen objects are left out of the interpreter's last collection at exit, which over
    # torch's and pytest's objects would take most of a second and free nothing that matters.
    atexit.register(gc.freeze)
    try:
        if args.command == "demo":
            from autograder import demo

            return demo.run_demo(args.out, experiments=args.experiment)
        if args.command == "grade":
            return _grade(args)
        if args.command == "nbgrader":
            return _nbgrader(args)
        if args.command == "gradescope":
            return _gradescope(args)
        if args.command == "classroom":
            return _classroom(args)
        from autograder import release

        written = release.write_release(release.render_release(), args.out)
        print(f"wrote {len(written)} files to {args.out}")
        return 0
    except (ValueError, FileNotFoundError) as error:
        print(f"initgrade {args.command}: error: {error}", file=sys.stderr)
        return 2
    except (EnvironmentProblem, NotEnoughMemory) as problem:  # the machine's set-up: nothing was graded
        print(f"initgrade {args.command}: error: {problem}", file=sys.stderr)
        return 1
