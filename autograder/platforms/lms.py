"""Grades into a learning management system: the CSV files Canvas's and Moodle's grade imports read.

    read_grades(DIR) -> [KitGrade]                     (DIR/grades.csv, as ``initgrade grade`` wrote it)
    canvas_export(grades, gradebook_rows, ...) -> Export
    moodle_export(grades, roster=..., ...) -> Export
    plain_export(grades, ...) -> Export                write_export(export, FILE)

**What is exported.** By default each student's total so far: the automatic points and the written
answers' points given by hand. While a written answer is pending that total is not final: the
export says so where the format has room for it (Moodle's feedback column, the plain CSV's ``final``
column) and the command counts them. ``code_only`` exports the automatic points instead (when the
written answers are graded in the LMS itself); ``percent`` a percentage of the maximum instead of
points. A student the grader failed on has no grade yet: nothing is exported for them and they are
listed.

**Matching.** A kit student id (a submission's name) is matched to one LMS student: by default the
id is the LMS identifier itself (Canvas's SIS login, SIS user id or Canvas id, chosen by
``match``; Moodle's username, email or ID number); with a roster (a CSV of ``student_id`` and
``lms_id``) through it. Everything that does not match one to one is a ``Problem``: LMS students
with no submission, submissions with no LMS student, an id twice in the roster or the gradebook,
two submissions for one LMS student. Unmatched LMS students keep an empty cell, which both
imports leave as it was.

**Formats.** Canvas: the gradebook CSV the instructor exported (Grades, Export), its identity
columns (``Student``, ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section`` as present) and its
``Points Possible`` row and Canvas's test student kept (never matched; a maximum other than the
export's is noted), with the assignment's column filled: an existing column named ``NAME`` or
``NAME (id)``, else a new ``NAME`` column, which Canvas's import offers to create as an assignment.
Moodle: ``Import grades from CSV`` maps an identity column to a user field and a grade column to a
grade item at import; the file holds the identity, the grade and a feedback column. Plain:
``student_id, points, max_points, final, status``. Every file is UTF-8 and quoted as the csv
module quotes (names with commas and non-ASCII letters round-trip).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from autograder.reports.atomic import write_text_atomic
from autograder.reports.grades_csv import GRADER_ERROR, PENDING

CANVAS_MATCH = {"sis_login": "SIS Login ID", "sis_user": "SIS User ID", "canvas_id": "ID"}
CANVAS_TEST_STUDENT = ("Test Student", "Student, Test")  # the student view's account: kept, never matched
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section")
MOODLE_IDENTITY = {"username": "Username", "email": "Email address", "idnumber": "ID number"}
_MAXIMUM = re.compile(r"^(?P<name>.+) \(/(?P<points>[0-9.]+)\)$")


@dataclass(frozen=True)
class KitGrade:
    """One row of grades.csv: the automatic points, the total with the written points given so far,
    their maxima, and whether a written answer is still pending."""

    student_id: str
    status: str
    score: float | None
    max_score: float | None
    total: float | None
    total_max: float
    pending: bool

    def value(self, *, code_only: bool, percent: bool) -> float | None:
        points, maximum = (self.score, self.max_score) if code_only else (self.total, self.total_max)
        if points is None or maximum is None:
            return None
        return round(100 * points / maximum, 2) if percent else points

    def final(self, *, code_only: bool) -> bool:
        return code_only or not self.pending


@dataclass(frozen=True)
class Problem:
    """Something that did not match one to one: its kind, and who."""

    kind: str
    who: str

    def line(self) -> str:
        return f"{self.kind}: {self.who}"


@dataclass
class Export:
    """The rows to write, what did not match, and how many exported grades are not final."""

    rows: list[list[str]]
    problems: list[Problem] = field(default_factory=list)
    exported: int = 0
    not_final: int = 0
    notes: list[str] = field(default_factory=list)  # what to check in the LMS before importing


def read_grades(folder: Path) -> list[KitGrade]:
    """``folder/grades.csv`` as KitGrades; ``ValueError`` saying what is missing or malformed."""
    path = Path(folder) / "grades.csv"
    if not path.is_file():
        raise ValueError(f"{path} does not exist: --grades takes the --out folder of initgrade grade")
    rows = read_rows(path, "grades file")
    if rows[0][:4] != ["student_id", "score", "max_score", "status"]:
        raise ValueError(f"{path} is not a grades.csv of initgrade grade (its header does not start student_id,...)")
    header = rows[0]
    total = _MAXIMUM.match(header[-1])
    if not total or total["name"] != "total":
        raise ValueError(f"{path}: the last column is {header[-1]!r}, not 'total (/points)'")
    grades = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise ValueError(f"{path}, line {number}: {len(row)} cells for {len(header)} columns")
        student, score, max_score, status = row[:4]
        try:
            grades.append(
                KitGrade(
                    student,
                    status,
                    _number(score),
                    _number(max_score),
                    _number(row[-1]),
                    float(total["points"]),
                    PENDING in row[4:-1],
                )
            )
        except ValueError:
            raise ValueError(f"{path}, line {number}: a score is not a number: {row[:4]} ... {row[-1]}") from None
    return grades


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def read_csv(path: Path, what: str) -> list[dict]:
    """The rows of a CSV file as dicts; ``ValueError`` if empty."""
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise ValueError(f"{path}: the {what} is empty")
    return list(reader)


def read_text(path: Path) -> str:
    """A CSV file's text: UTF-8, a byte-order mark allowed; ``ValueError`` saying so otherwise."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"{path} is not UTF-8 text (byte {error.object[error.start]:#04x} at offset {error.start}); "
            "save it as CSV UTF-8"
        ) from None


def read_rows(path: Path, what: str) -> list[list[str]]:
    """The rows of a CSV file (a gradebook Canvas exported, grades.csv); ``ValueError`` if empty."""
    rows = list(csv.reader(io.StringIO(read_text(path), newline="")))
    if not rows:
        raise ValueError(f"{path}: the {what} is empty")
    return rows


def read_roster(path: Path) -> dict[str, str]:
    """A roster CSV (``student_id``, ``lms_id``) as kit id -> LMS id; ``ValueError`` for a missing
    column, an empty cell or a kit id given twice."""
    rows = read_csv(path, "roster")
    missing = {"student_id", "lms_id"} - set(rows[0] if rows else {})
    if missing:
        raise ValueError(f"{path}: the roster needs the columns student_id and lms_id; missing {sorted(missing)}")
    roster = {}
    for number, row in enumerate(rows, start=2):
        kit, lms = row["student_id"].strip(), row["lms_id"].strip()
        if not kit or not lms:
            raise ValueError(f"{path}, line {number}: student_id and lms_id must both be given")
        if kit in roster:
            raise ValueError(f"{path}, line {number}: student_id {kit!r} is given twice")
        roster[kit] = lms
    return roster


def match(grades: list[KitGrade], lms_ids: list[str], roster: dict[str, str] | None):
    """Each exportable grade's LMS id (kit id through ``roster``, or itself), and the problems:
    LMS ids given twice, submissions with no LMS student (or none in the roster), two submissions
    for one LMS student, LMS students with no submission, students with no grade yet."""
    problems, counts = [], {}
    for lms in lms_ids:
        counts[lms] = counts.get(lms, 0) + 1
    problems += [Problem("an LMS id on several LMS rows, left alone", lms) for lms, n in counts.items() if n > 1]
    matched: dict[str, KitGrade] = {}
    conflicted: dict[str, list[str]] = {}  # LMS id -> the submissions that claim it: none is exported
    for grade in grades:
        if grade.status == GRADER_ERROR:
            problems.append(Problem("not graded yet (grader error), nothing exported", grade.student_id))
            continue
        lms = grade.student_id if roster is None else roster.get(grade.student_id)
        if lms is None:
            problems.append(Problem("a submission not in the roster", grade.student_id))
        elif counts and lms not in counts:
            problems.append(Problem("a submission with no LMS student", f"{grade.student_id} ({lms})"))
        elif counts.get(lms, 1) > 1:
            continue  # already listed as an LMS id on several rows
        elif lms in matched or lms in conflicted:
            first = matched.pop(lms, None)
            conflicted.setdefault(lms, [first.student_id] if first else []).append(grade.student_id)
        else:
            matched[lms] = grade
    problems += [
        Problem("several submissions for one LMS student, none exported", f"{lms}: {', '.join(kits)}")
        for lms, kits in conflicted.items()
    ]
    graded = {g.student_id if roster is None else roster.get(g.student_id) for g in grades}
    problems += [Problem("an LMS student with no submission", lms) for lms in counts if lms not in graded]
    return matched, problems


def _cell(grade: KitGrade | None, options: dict) -> str:
    value = None if grade is None else grade.value(**options)
    return "" if value is None else f"{value:g}"


def canvas_export(
    grades: list[KitGrade],
    gradebook: list[list[str]],
    *,
    assignment: str,
    match_by: str = "sis_login",
    roster: dict[str, str] | None = None,
    code_only: bool = False,
    percent: bool = False,
) -> Export:
    """The rows of a Canvas gradebook import from ``gradebook`` (the rows of Canvas's export)."""
    header = gradebook[0] if gradebook else []
    column = CANVAS_MATCH[match_by]
    if "Student" not in header or column not in header:
        raise ValueError(
            f"the gradebook needs the columns 'Student' and {column!r} (--match {match_by}); its header is "
            f"{header[:6]}: export it from Canvas's Grades page (Export, Export Entire Gradebook)"
        )
    identity = [name for name in CANVAS_IDENTITY if name in header]
    target = _canvas_column(header, assignment)
    at = {name: header.index(name) for name in identity}
    everyone = [row for row in gradebook[1:] if row and not _canvas_meta(row, at)]
    students = [row for row in everyone if _get(row, at["Student"]).strip() not in CANVAS_TEST_STUDENT]
    options = {"code_only": code_only, "percent": percent}
    lms_ids = [_get(row, header.index(column)).strip() for row in students]
    matched, problems = match(grades, [lms for lms in lms_ids if lms], roster)
    blank = [_get(row, at["Student"]) for row, lms in zip(students, lms_ids) if not lms]
    problems += [Problem(f"an LMS student without a value in {column!r}", student) for student in blank]
    name = header[target] if target is not None else assignment
    rows = [[*identity, name]]
    maximum = _maximum(grades, code_only=code_only, percent=percent)
    notes = []
    for row in gradebook[1:]:
        if row and _canvas_meta(row, at):  # kept as exported (Canvas reads points possible from the assignment)
            kept = "" if target is None else _get(row, target)
            if _get(row, at["Student"]).strip() == "Points Possible" and kept and maximum is not None:
                if float(kept) != maximum:
                    notes.append(
                        f"the assignment is worth {kept} points in Canvas and the export's maximum is {maximum:g}: "
                        "set its points in Canvas, or export with --percent or --code-only to match"
                    )
            rows.append([*(_get(row, at[n]) for n in identity), kept])
    export = Export(rows, problems, notes=notes)
    grade_of = {id(row): matched.get(lms) for row, lms in zip(students, lms_ids)}
    for row in everyone:
        grade = grade_of.get(id(row))
        rows.append([*(_get(row, at[n]) for n in identity), _cell(grade, options)])
        _count(export, grade, options)
    return export


def _maximum(grades: list[KitGrade], *, code_only: bool, percent: bool) -> float | None:
    """The most a student can get in the export: 100 for percentages, else the graded maximum."""
    if percent:
        return 100
    maxima = {grade.max_score if code_only else grade.total_max for grade in grades} - {None}
    return max(maxima) if maxima else None


def _get(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _canvas_meta(row: list[str], at: dict) -> bool:
    """A row of Canvas's export that is not a student: ``Points Possible``, or the posting policy
    row (no Canvas id)."""
    student = _get(row, at["Student"]).strip()
    return student == "Points Possible" or ("ID" in at and not _get(row, at["ID"]).strip())


def _canvas_column(header: list[str], assignment: str) -> int | None:
    """The index of the assignment's column: named ``assignment`` or ``assignment (id)``; None if new."""
    found = [
        i
        for i, name in enumerate(header)
        if name == assignment or re.fullmatch(re.escape(assignment) + r" \(\d+\)", name)
    ]
    if len(found) > 1:
        raise ValueError(
            f"the gradebook has several columns for {assignment!r}: {[header[i] for i in found]}; name one"
        )
    return found[0] if found else None


def _count(export: Export, grade: KitGrade | None, options: dict) -> None:
    if grade is not None and grade.value(**options) is not None:
        export.exported += 1
        export.not_final += not grade.final(code_only=options["code_only"])


def moodle_export(
    grades: list[KitGrade],
    *,
    assignment: str,
    identity: str = "username",
    roster: dict[str, str] | None = None,
    code_only: bool = False,
    percent: bool = False,
) -> Export:
    """The rows of a Moodle ``Import grades from CSV`` file: identity, grade, feedback. With a
    roster, every roster student has a row (an empty grade for one without a submission)."""
    options = {"code_only": code_only, "percent": percent}
    lms_ids = list(dict.fromkeys(roster.values())) if roster else []
    matched, problems = match(grades, lms_ids, roster)
    unit = "%" if percent else " points"
    rows = [[MOODLE_IDENTITY[identity], f"{assignment} grade", f"{assignment} feedback"]]
    export = Export(rows, problems)
    for lms in lms_ids or sorted(matched):
        grade = matched.get(lms)
        cell = _cell(grade, options)
        if not cell:
            feedback = ""
        elif grade.final(code_only=code_only):
            feedback = f"{cell}{unit}" + ("" if code_only else ", written answers included")
        else:
            feedback = f"{cell}{unit} so far: written answers pending, not final"
        rows.append([lms, cell, feedback])
        _count(export, grade, options)
    return export


def plain_export(grades: list[KitGrade], *, code_only: bool = False, percent: bool = False) -> Export:
    """``student_id, points, max_points, final, status`` for every student (a spreadsheet's import)."""
    options = {"code_only": code_only, "percent": percent}
    rows = [["student_id", "percent" if percent else "points", "max_points", "final", "status"]]
    export = Export(rows)
    for grade in grades:
        cell = _cell(grade, options)
        maximum = _maximum([grade], code_only=code_only, percent=percent)
        final = "yes" if cell and grade.final(code_only=code_only) else "no"
        rows.append([grade.student_id, cell, f"{maximum:g}" if maximum is not None else "", final, grade.status])
        _count(export, grade, options)
        if not cell:
            export.problems.append(Problem("not graded yet (grader error), nothing exported", grade.student_id))
    return export


def write_export(export: Export, path: Path, *, inputs=()) -> Path:
    """Write ``export.rows`` to ``path`` atomically; refuse a path that is one of ``inputs``."""
    for given in inputs:
        if Path(given).resolve() == Path(path).resolve():
            raise ValueError(f"--out {path} is one of the input files; the inputs are never written")
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n").writerows(export.rows)
    return write_text_atomic(Path(path), stream.getvalue())
