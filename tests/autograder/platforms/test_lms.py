"""initgrade export: grades.csv into the files Canvas's and Moodle's grade imports read, every
student matched one to one or listed, the inputs untouched, names with commas and accents intact."""

import csv
import io
import re
import subprocess
import sys

import pytest

from autograder.platforms import lms
from autograder.reports.grades_csv import write_grades_csv
from autograder.results import GradingResults, ManualItem, TestResult

QUESTIONS = [ManualItem("Q1.1 Why", 4), ManualItem("Q2.3 How", 6)]


def student(name, automatic, written=None, *, grader_error=""):
    """``automatic`` of 3 automatic points; ``written`` the hand-given points by question id."""
    tests = [TestResult("he_normal: variance", automatic - 1, 2), TestResult("train: history", 1, 1)]
    results = GradingResults(name, tests, QUESTIONS, grader_error=grader_error)
    return results.with_written_scores(written or {})


@pytest.fixture
def graded(tmp_path):
    """A graded folder: zoe all written answers given, adam one pending, bea not graded (grader error)."""
    folder = tmp_path / "graded"
    folder.mkdir()
    write_grades_csv(
        [
            student("zoe", 3, {"q1_1": 4, "q2_3": 5}),
            student("adam", 2.5, {"q1_1": 1}),
            student("bea", 0, grader_error="KeyError: 'loss'"),
        ],
        folder / "grades.csv",
    )
    return folder


GRADEBOOK = [
    ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Weight initialization (4821)", "Quiz (4822)"],
    ["    Points Possible", "", "", "", "", "13", "10"],
    ["Müller, Zoë", "101", "u101", "zoe", "Sec A, evening", "", "8"],
    ['O\'Brien, "Adam"', "102", "u102", "adam", "Sec A", "", "9"],
    ["Nguyễn, Bea", "103", "u103", "bea", "Sec B", "", "7"],
    ["Absent, Ann", "104", "u104", "ann", "Sec B", "", "6"],
    ["Student, Test", "105", "", "", "Sec A", "", ""],  # Canvas's student view: no SIS login
]


def as_csv(rows) -> str:
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n").writerows(rows)
    return stream.getvalue()


def read_back(path):
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_grades_are_read_with_their_totals_and_pending_answers(graded):
    grades = {grade.student_id: grade for grade in lms.read_grades(graded)}
    assert (grades["zoe"].score, grades["zoe"].total, grades["zoe"].total_max, grades["zoe"].pending) == (
        3,
        12,
        13,
        False,
    )
    assert (grades["adam"].total, grades["adam"].pending) == (3.5, True)
    assert grades["bea"].status == "grader error" and grades["bea"].total is None


def test_canvas_fills_the_assignment_column_by_sis_login_and_lists_who_did_not_match(graded):
    done = lms.canvas_export(lms.read_grades(graded), GRADEBOOK, assignment="Weight initialization")
    assert done.rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Weight initialization (4821)"]
    assert done.rows[1][0].strip() == "Points Possible" and done.rows[1][-1] == "13"
    cells = {row[0]: row[-1] for row in done.rows[2:]}
    assert cells == {
        "Müller, Zoë": "12",
        'O\'Brien, "Adam"': "3.5",
        "Nguyễn, Bea": "",
        "Absent, Ann": "",
        "Student, Test": "",
    }, cells
    assert (done.exported, done.not_final) == (2, 1)
    kinds = sorted(problem.line() for problem in done.problems)
    assert kinds == [
        "an LMS student with no submission: ann",
        "not graded yet (grader error), nothing exported: bea",
    ], kinds


@pytest.mark.parametrize(
    "options, zoe, adam",
    [
        ({"code_only": True}, "3", "2.5"),
        ({"percent": True}, "92.31", "26.92"),
        ({"code_only": True, "percent": True}, "100", "83.33"),
    ],
)
def test_code_only_and_percent_change_what_is_exported(graded, options, zoe, adam):
    done = lms.canvas_export(lms.read_grades(graded), GRADEBOOK, assignment="Weight initialization", **options)
    cells = {row[3]: row[-1] for row in done.rows[2:]}
    assert (cells["zoe"], cells["adam"]) == (zoe, adam), cells
    assert done.not_final == (0 if options.get("code_only") else 1)


def test_canvas_matches_through_a_roster_by_canvas_id_and_finds_two_submissions_for_one_student(graded):
    roster = {"zoe": "101", "adam": "101", "bea": "103"}
    done = lms.canvas_export(
        lms.read_grades(graded), GRADEBOOK, assignment="Weight initialization", match_by="canvas_id", roster=roster
    )
    assert all(row[-1] == "" for row in done.rows[2:]), "a grade went to a student claimed by two submissions"
    lines = [problem.line() for problem in done.problems]
    assert "several submissions for one LMS student, none exported: 101: adam, zoe" in lines, lines


def test_a_gradebook_with_an_id_twice_leaves_both_rows_alone(graded):
    doubled = [*GRADEBOOK, ["Zoë again", "105", "u105", "zoe", "Sec C", "", ""]]
    done = lms.canvas_export(lms.read_grades(graded), doubled, assignment="Weight initialization")
    assert [row[-1] for row in done.rows if row[3] == "zoe"] == ["", ""]
    assert "an LMS id on several LMS rows, left alone: zoe" in [problem.line() for problem in done.problems]


def test_a_new_assignment_gets_its_own_column_and_a_differing_maximum_is_noted(graded):
    done = lms.canvas_export(lms.read_grades(graded), GRADEBOOK, assignment="Initialization", code_only=True)
    assert done.rows[0][-1] == "Initialization" and done.rows[1][-1] == ""
    done = lms.canvas_export(lms.read_grades(graded), GRADEBOOK, assignment="Weight initialization", code_only=True)
    assert any("worth 13 points in Canvas" in note and "maximum is 3" in note for note in done.notes), done.notes


def test_a_gradebook_without_the_match_column_is_refused_naming_it(graded):
    with pytest.raises(ValueError, match="'SIS User ID'"):
        lms.canvas_export(lms.read_grades(graded), [["Student", "ID"], ["A", "1"]], assignment="X", match_by="sis_user")


def test_moodle_writes_identity_grade_and_feedback_for_every_roster_student(graded):
    roster = {"zoe": "zoe@example.edu", "adam": "adam@example.edu", "bea": "bea@example.edu", "cy": "cy@example.edu"}
    done = lms.moodle_export(lms.read_grades(graded), assignment="Init, part 1", identity="email", roster=roster)
    assert done.rows[0] == ["Email address", "Init, part 1 grade", "Init, part 1 feedback"]
    rows = {row[0]: row[1:] for row in done.rows[1:]}
    assert rows["zoe@example.edu"] == ["12", "12 points, written answers included"]
    assert rows["adam@example.edu"] == ["3.5", "3.5 points so far: written answers pending, not final"]
    assert rows["bea@example.edu"] == ["", ""] and rows["cy@example.edu"] == ["", ""]
    assert "an LMS student with no submission: cy@example.edu" in [p.line() for p in done.problems]


def test_the_plain_csv_says_what_is_final(graded):
    done = lms.plain_export(lms.read_grades(graded))
    assert done.rows == [
        ["student_id", "points", "max_points", "final", "status"],
        ["adam", "3.5", "13", "no", "graded"],
        ["bea", "", "13", "no", "grader error"],
        ["zoe", "12", "13", "yes", "graded"],
    ]


def initgrade(*arguments):
    return subprocess.run([sys.executable, "-m", "autograder", *arguments], capture_output=True, text=True, timeout=120)


def test_the_command_round_trips_canvas_leaves_the_inputs_and_exits_1_for_unmatched(graded, tmp_path):
    gradebook = tmp_path / "gradebook export.csv"
    gradebook.write_text("\ufeff" + as_csv(GRADEBOOK), encoding="utf-8")  # Canvas writes a byte-order mark
    before = {path: path.read_bytes() for path in (gradebook, graded / "grades.csv")}
    out = tmp_path / "import.csv"
    arguments = ["export", "canvas", "--grades", str(graded), "--gradebook", str(gradebook), "--out", str(out)]
    done = initgrade(*arguments, "--assignment", "Weight initialization")
    assert done.returncode == 1, done.stderr
    assert "1 of them not final" in done.stdout and "an LMS student with no submission: ann" in done.stderr, done
    rows = read_back(out)
    assert rows[2] == ["Müller, Zoë", "101", "u101", "zoe", "Sec A, evening", "12"], rows
    assert all(path.read_bytes() == data for path, data in before.items()), "an input file was changed"
    allowed = initgrade(*arguments, "--assignment", "Weight initialization", "--allow-unmatched")
    assert allowed.returncode == 0, allowed.stderr


def test_the_command_refuses_to_write_over_an_input_and_a_missing_grades_file(graded, tmp_path):
    done = initgrade("export", "csv", "--grades", str(graded), "--out", str(graded / "grades.csv"))
    assert done.returncode == 2 and "one of the input files" in done.stderr, done.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    done = initgrade("export", "moodle", "--grades", str(empty), "--out", str(tmp_path / "m.csv"))
    assert done.returncode == 2 and "grades.csv does not exist" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_a_gradebook_saved_in_another_encoding_is_refused_saying_so(graded, tmp_path):
    gradebook = tmp_path / "gradebook.csv"
    gradebook.write_bytes(as_csv(GRADEBOOK).encode("cp1252", errors="replace"))
    done = initgrade(
        *("export", "canvas", "--grades", str(graded), "--gradebook", str(gradebook)),
        *("--assignment", "Weight initialization", "--out", str(tmp_path / "out.csv")),
    )
    assert done.returncode == 2 and "is not UTF-8 text" in done.stderr and "CSV UTF-8" in done.stderr, done.stderr
    assert not (tmp_path / "out.csv").exists()


def test_export_help_lists_canvas_and_moodle():
    done = initgrade("export", "--help")
    assert done.returncode == 0 and "canvas" in done.stdout and "moodle" in done.stdout, done.stdout


def test_the_graded_examples_export_to_canvas_and_moodle_with_every_student_matched_or_listed(
    graded_examples, tmp_path
):
    """The examples as graded, through both commands and back through the csv module, with an LMS
    that has one student more and names with commas and accents."""
    folder = tmp_path / "graded"
    folder.mkdir()
    write_grades_csv([results for results, _ in graded_examples.values()], folder / "grades.csv")
    names = {"s001_correct": "Müller, Zoë", "s002_classic_mistakes": "O'Brien, Seán", "s003_partial": "Nguyễn, Bảo"}
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Weight initialization (77)"]
    rows = [header, ["    Points Possible", "", "", "", "", "222.5"]]
    rows += [[name, str(100 + k), f"u{k}", kit, "A", ""] for k, (kit, name) in enumerate(names.items())]
    rows.append(["Late, Ann", "199", "u9", "ann", "A", ""])
    gradebook = tmp_path / "gradebook.csv"
    gradebook.write_text(as_csv(rows), encoding="utf-8")
    canvas, moodle = tmp_path / "canvas.csv", tmp_path / "moodle.csv"
    done = initgrade(
        *("export", "canvas", "--grades", str(folder), "--gradebook", str(gradebook)),
        *("--assignment", "Weight initialization", "--out", str(canvas)),
    )
    assert done.returncode == 1 and "an LMS student with no submission: ann" in done.stderr, done.stderr
    assert "3 grade(s)" in done.stdout and "3 of them not final" in done.stdout, done.stdout
    back = {row[0]: row[-1] for row in read_back(canvas)[2:]}
    totals = {name: f"{graded_examples[kit][0].total_with_written:g}" for kit, name in names.items()}
    assert back == {**totals, "Late, Ann": ""}, back
    roster = tmp_path / "roster.csv"
    roster.write_text(as_csv([["student_id", "lms_id"], *([kit, f"{kit}@école.example"] for kit in names)]), "utf-8")
    done = initgrade(
        *("export", "moodle", "--grades", str(folder), "--roster", str(roster), "--identity", "email"),
        *("--assignment", "Init, 2026", "--out", str(moodle)),
    )
    assert done.returncode == 0, done.stderr
    back = read_back(moodle)
    assert back[0] == ["Email address", "Init, 2026 grade", "Init, 2026 feedback"], back[0]
    assert {row[0]: row[1] for row in back[1:]} == {f"{kit}@école.example": totals[name] for kit, name in names.items()}


@pytest.mark.parametrize(
    "text, said",
    [
        ("", "the grades file is empty"),
        ("name,points\nzoe,3\n", "is not a grades.csv of initgrade grade"),
        ("student_id,score,max_score,status,written (/4)\nzoe,3,3,graded,4\n", "not 'total (/points)'"),
        ("student_id,score,max_score,status,total (/7)\nzoe,3,3\n", "line 2: 3 cells for 5 columns"),
        ("student_id,score,max_score,status,total (/7)\nzoe,three,3,graded,7\n", "line 2: a score is not a number"),
    ],
)
def test_a_grades_file_that_is_not_initgrade_s_is_refused_saying_what_is_wrong(tmp_path, text, said):
    (tmp_path / "grades.csv").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(said)):
        lms.read_grades(tmp_path)


@pytest.mark.parametrize(
    "text, said",
    [
        ("student_id,email\nzoe,z@x\n", "needs the columns student_id and lms_id; missing ['lms_id']"),
        ("student_id,lms_id\nzoe,\n", "line 2: student_id and lms_id must both be given"),
        ("student_id,lms_id\nzoe,z1\nzoe,z2\n", "line 3: student_id 'zoe' is given twice"),
        ("", "the roster is empty"),
    ],
)
def test_a_roster_without_its_columns_a_value_or_with_an_id_twice_is_refused(tmp_path, text, said):
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(said)):
        lms.read_roster(roster)


def test_a_gradebook_with_two_columns_for_the_assignment_is_refused_naming_both(graded):
    header = [*GRADEBOOK[0], "Weight initialization (4999)"]
    with pytest.raises(ValueError, match=r"several columns for 'Weight initialization'.*\(4821\).*\(4999\)"):
        lms.canvas_export(lms.read_grades(graded), [header, *GRADEBOOK[2:]], assignment="Weight initialization")
