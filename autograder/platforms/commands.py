"""The platforms' ``initgrade`` commands: ``nbgrader init|autograde``, ``gradescope`` and ``classroom``.

``add_platform_commands`` adds each command's arguments (every one with help text) and sets its
``run`` to a function that calls the platform's library and prints what it did; ``autograder.cli``
adds them beside its own commands. A platform's library is imported only when its command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from autograder.reports.console import format_table, grader_error_lines, unloadable_lines
from autograder.reports.progress import Progress
from autograder.secret import SECRET_VARIABLE, given_secret, new_secret, write_secret_file


class Parser(argparse.ArgumentParser):
    """argparse's parser, but a wrong call is one line on stderr, ``PROG: error: what was wrong; what
    is allowed (see PROG --help)``, and exit status 2: no usage block, as for the errors the commands
    report themselves. Subcommands' parsers are of this class too (argparse makes them so)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")


def one_line(text: str) -> str:
    """``text`` on one line: its lines stripped, the first followed by the others joined with ``; ``.
    Example: ``one_line("cannot grade:\\n  a\\n  b")`` is ``"cannot grade: a; b"``."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return " ".join(lines[:1] + ["; ".join(lines[1:])] if len(lines) > 1 else lines)


def positive(text: str) -> int:
    """An argument that must be a whole number of 1 or more."""
    value = _whole(text, "a whole number of 1 or more")
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more; received {value}")
    return value


def share(text: str) -> float:
    """A share: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1; received {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 1; received {text!r}")
    return value


def seed(text: str) -> int:
    """A seed: a whole number from 0 to 2**32 - 1 (what ``numpy.random.default_rng`` takes)."""
    value = _whole(text, "a whole number from 0 to 4294967295")
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to 4294967295; received {value}")
    return value


def _whole(text: str, allowed: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be {allowed}; received {text!r}") from None


def submission(text: str) -> Path:
    """A submission that exists: a folder, a .zip or an .ipynb (what it holds is judged when grading)."""
    path = Path(text)
    if path.is_dir() or (path.is_file() and path.suffix.lower() in (".zip", ".ipynb")):
        return path
    what = f"a file with suffix {path.suffix!r}" if path.is_file() else _missing_or_kind(path)
    raise argparse.ArgumentTypeError(f"a submission must be a folder, a .zip or an .ipynb; received {text!r} ({what})")


def add_submissions(parser) -> None:
    """The positional SUBMISSION... of the commands that read handed-in work (grade, similarity)."""
    parser.add_argument(
        "submissions",
        nargs="+",
        type=submission,
        metavar="SUBMISSION",
        help="a folder with the student's initializers.py and training.py, a .zip of one, or a notebook",
    )


def existing_file(text: str) -> Path:
    """A file that exists and is not a folder."""
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"must be an existing file; received {text!r} ({_missing_or_kind(path)})")
    return path


def existing_folder(text: str) -> Path:
    """A folder that exists (a file, a notebook for instance, is refused)."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"must be an existing folder; received {text!r} ({_missing_or_kind(path)})")
    return path


def folder_to_write(text: str) -> Path:
    """A folder to write into: an existing folder, or a path that does not exist yet under a folder
    this user may write in."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(
            f"must be a folder, or a path to make one at; received {text!r}, which is a file"
        )
    _check_writable(text, path if path.is_dir() else _nearest_existing(path))
    return path


def file_to_write(text: str) -> Path:
    """A file to write: not a folder, in a folder this user may write in (made if missing)."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"must be a file to write, not a folder; received {text!r}, which is a folder")
    _check_writable(text, _nearest_existing(path.parent))
    return path


def file_in_folder(text: str) -> Path:
    """A file to write: not a folder, in a folder that exists and this user may write in (none is made)."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"must be a file to write, not a folder; received {text!r}, which is a folder")
    folder = path.absolute().parent
    if not folder.exists():
        raise argparse.ArgumentTypeError(
            f"must be a file in a folder that exists; received {text!r}, and {str(folder)!r} does not exist"
        )
    _check_writable(text, folder)
    return path


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _check_writable(text: str, folder: Path) -> None:
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"must be under a folder; received {text!r}, under {str(folder)!r}, a file")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(
            f"must be in a folder you may write in; received {text!r}, and {str(folder)!r} is not writable"
        )


def _missing_or_kind(path: Path) -> str:
    if path.is_dir():
        return "a folder"
    return "a file" if path.exists() else "no such file or folder"


def add_platform_commands(commands) -> None:
    """Add ``nbgrader``, ``gradescope``, ``classroom`` and ``export`` to ``commands`` (argparse's subparsers)."""
    _add_nbgrader(commands)
    _add_gradescope(commands)
    _add_classroom(commands)
    _add_export(commands)


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
    init.add_argument("folder", type=folder_to_write, metavar="DIR", help="the course folder")
    init.add_argument(
        "--course-id", default="initialization-course", help="nbgrader's course id (default: initialization-course)"
    )
    init.add_argument(
        "--exchange",
        type=folder_to_write,
        help="nbgrader's exchange folder (default: nbgrader's, /srv/nbgrader/exchange)",
    )
    init.add_argument(
        "--secret-file",
        type=existing_file,
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
        "--course", type=existing_folder, default=Path("."), help="the course folder (default: the current folder)"
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
        "--out", type=file_to_write, default=Path("autograder.zip"), help="the zip to write (default: autograder.zip)"
    )
    gradescope.add_argument(
        "--secret-file",
        type=existing_file,
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
    classroom.add_argument("--out", type=folder_to_write, required=True, metavar="DIR", help="the template's folder")
    classroom.set_defaults(run=_classroom)


def _add_export(commands) -> None:
    from autograder.platforms.lms import CANVAS_MATCH, MOODLE_IDENTITY

    export = commands.add_parser(
        "export",
        help="write the grades as a CSV that Canvas's or Moodle's grade import reads",
        description="Write the grades of an initgrade grade --out folder (its grades.csv) as a CSV file for a "
        "learning management system. Each student's total so far is exported (automatic points and the written "
        "answers' points given); while written answers are pending it is not final, which the command counts "
        "and the file says where its format can. The inputs are never modified; the output is written "
        "atomically. Exits 0 when every student matched one to one; 1 when some did not (listed on stderr: "
        "LMS students with no submission, submissions with no LMS student, ids given twice, students not "
        "graded yet), unless --allow-unmatched; 2 for a wrong call.",
    )
    formats = export.add_subparsers(dest="export_format", required=True, metavar="FORMAT")
    canvas = formats.add_parser(
        "canvas",
        help="fill the assignment's column of a gradebook exported from Canvas",
        description="Read the gradebook CSV exported from Canvas (Grades, Export, Export Entire Gradebook) and "
        "write the file to import back (Grades, Import): its student columns with the assignment's column filled.",
    )
    canvas.add_argument("--gradebook", type=existing_file, required=True, help="the CSV Canvas exported")
    canvas.add_argument(
        "--assignment", required=True, help="the assignment's column: NAME or 'NAME (id)' as in the gradebook, or new"
    )
    canvas.add_argument(
        "--match",
        choices=sorted(CANVAS_MATCH),
        default="sis_login",
        help="the gradebook column a kit student id (or the roster's lms_id) is: SIS Login ID (default), "
        "SIS User ID, or Canvas's own ID",
    )
    moodle = formats.add_parser(
        "moodle",
        help="write a file for Moodle's Import grades from CSV",
        description="Write identity, grade and feedback columns; Moodle's import maps the identity column to a "
        "user field and the grade column to the grade item.",
    )
    moodle.add_argument(
        "--identity",
        choices=sorted(MOODLE_IDENTITY),
        default="username",
        help="what a kit student id (or the roster's lms_id) is in Moodle (default: username)",
    )
    moodle.add_argument(
        "--assignment", default="Weight initialization", help="the grade item's name in the column headers"
    )
    plain = formats.add_parser(
        "csv", help="write student_id, points, max_points, final, status", description="A plain CSV for any tool."
    )
    for parser in (canvas, moodle, plain):
        parser.add_argument(
            "--grades", type=existing_folder, required=True, metavar="DIR", help="the --out folder of initgrade grade"
        )
        parser.add_argument("--out", type=file_in_folder, required=True, metavar="FILE.csv", help="the file to write")
        parser.add_argument(
            "--code-only", action="store_true", help="export the automatic points only (written answers left out)"
        )
        parser.add_argument("--percent", action="store_true", help="export a percentage of the maximum, not points")
        parser.add_argument(
            "--allow-unmatched", action="store_true", help="exit 0 even when some students did not match"
        )
        if parser is not plain:
            parser.add_argument(
                "--roster",
                type=existing_file,
                metavar="FILE.csv",
                help="a CSV of student_id (the kit's) and lms_id, when the kit's ids are not the LMS's",
            )
        parser.set_defaults(run=_export)


def _export(args) -> int:
    from autograder.platforms import lms

    grades = lms.read_grades(args.grades)
    roster_file = getattr(args, "roster", None)  # csv takes none
    roster = lms.read_roster(roster_file) if roster_file else None
    options = {"code_only": args.code_only, "percent": args.percent}
    inputs = [args.grades / "grades.csv", *([roster_file] if roster_file else [])]
    if args.export_format == "canvas":
        inputs.append(args.gradebook)
        gradebook = lms.read_rows(args.gradebook, "gradebook")
        done = lms.canvas_export(
            grades, gradebook, assignment=args.assignment, match_by=args.match, roster=roster, **options
        )
    elif args.export_format == "moodle":
        done = lms.moodle_export(grades, assignment=args.assignment, identity=args.identity, roster=roster, **options)
    else:
        done = lms.plain_export(grades, **options)
    lms.write_export(done, args.out, inputs=inputs)
    print(f"wrote {args.out}: {done.exported} grade(s) for {args.export_format}")
    if done.not_final:
        print(f"{done.not_final} of them not final: written answers pending (--code-only exports the automatic points)")
    for note in done.notes:
        print(f"initgrade export: note: {note}", file=sys.stderr)
    for problem in done.problems:
        print(f"initgrade export: {problem.line()}", file=sys.stderr)
    if done.problems and not args.allow_unmatched:
        print(f"initgrade export: {len(done.problems)} student(s) did not match one to one", file=sys.stderr)
        return 1
    return 0


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
