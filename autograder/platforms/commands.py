"""The platforms' ``initgrade`` commands: ``nbgrader init|autograde``, ``gradescope`` and ``classroom``.

``add_platform_commands`` adds each command's arguments (every one with help text) and sets its
``run`` to a function that calls the platform's library and prints what it did; ``autograder.cli``
adds them beside its own commands. A platform's library is imported only when its command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.reports.console import format_table, grader_error_lines, unloadable_lines
from autograder.reports.progress import Progress
from autograder.secret import SECRET_VARIABLE, given_secret, new_secret, write_secret_file


def positive(text: str) -> int:
    """An argument that must be a whole number of 1 or more."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more; received {value}")
    return value


def add_platform_commands(commands) -> None:
    """Add ``nbgrader``, ``gradescope`` and ``classroom`` to ``commands`` (argparse's subparsers)."""
    _add_nbgrader(commands)
    _add_gradescope(commands)
    _add_classroom(commands)


def _add_nbgrader(commands) -> None:
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
        type=positive,
        help="notebooks graded at once (default: the number of cores, or fewer if memory holds fewer)",
    )
    autograde.add_argument("--force", action="store_true", help="grade and record again notebooks already graded")
    course.set_defaults(run=_nbgrader)


def _add_gradescope(commands) -> None:
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
    gradescope.set_defaults(run=_gradescope)


def _add_classroom(commands) -> None:
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
    classroom.set_defaults(run=_classroom)


def _nbgrader(args) -> int:
    from autograder.platforms.nbgrader import autograde, course

    if args.nbgrader_command == "init":
        secret = given_secret(args.secret_file)
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
    for line in unloadable_lines("initgrade nbgrader", done.batch.results):
        print(line, file=sys.stderr)
    for line in grader_error_lines("initgrade grade", done.batch.grader_errors, done.batch.internal_errors):
        print(line, file=sys.stderr)
    if done.unreadable:
        print(f"not notebooks, so 0 points in the gradebook as in the kit's reports: {', '.join(done.unreadable)}")
    broken = [student for student in done.nbgrader_failed if student not in done.unreadable]
    if broken or (done.nbgrader_status and not done.nbgrader_failed):
        who = f" on {', '.join(broken)}" if broken else ""
        print(f"initgrade nbgrader: nbgrader autograde failed{who}; its log: {done.log}", file=sys.stderr)
    else:
        print(f"recorded in the gradebook by nbgrader autograde (log: {done.log})")
    return 1 if done.failed else 0


def _gradescope(args) -> int:
    from autograder.platforms.gradescope import bundle

    secret, copy = given_secret(args.secret_file), None
    where = f"read from {args.secret_file}" if args.secret_file is not None else f"from {SECRET_VARIABLE}"
    if not secret:
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


def _classroom(args) -> int:
    from autograder.platforms.classroom import template

    written = template.make_template(args.out, secret=given_secret(None))
    folder = args.out.resolve()
    print(f"wrote {len(written)} files to {args.out}:")
    print("\n".join(f"  {path.relative_to(folder).as_posix()}" for path in written))
    print(template.next_steps(folder))
    return 0
