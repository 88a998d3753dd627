"""The written-scores file: what it accepts, and every refusal naming the file, row and column; the
CLI refusing a bad file with status 2 before anything is written."""

import re

import pytest

from autograder import batch, cli
from autograder.grading import written_questions
from autograder.grading.written import read_written_scores
from autograder.reference import KIT_ROOT
from autograder.results import ManualItem

QUESTIONS = [ManualItem("Q1.1 Why", 4), ManualItem("Q1.2 How", 6), ManualItem("Q2.1 What", 2.5)]
STUDENTS = ["alice", "bob", "carol"]


def read(tmp_path, text, *, encoding="utf-8"):
    path = tmp_path / "written.csv"
    path.write_bytes(text.encode(encoding))
    return read_written_scores(path, questions=QUESTIONS, students=STUDENTS)


def test_the_question_ids_are_derived_from_the_headings_of_the_model_answers():
    questions = written_questions()
    ids = [item.question_id for item in questions]
    assert ids[:2] == ["q1_1", "q1_2"] and len(ids) == len(set(ids)), f"question ids: {ids}"
    assert all(item.name.split()[0].lower().replace(".", "_") == item.question_id for item in questions)


def test_the_sheet_s_intro_and_table_agree_with_its_headings():
    text = (KIT_ROOT / "solutions" / "answers.md").read_text(encoding="utf-8")
    questions = written_questions()
    parts = re.findall(r"^## Part (\d+) — (.+?) \((\d+) points\)$", text, flags=re.MULTILINE)
    table = re.findall(r"^\| (\d+) \| (.+?) \| (\d+) \|$", text, flags=re.MULTILINE)
    assert table == parts, f"the table at the top lists {table}; the part headings are {parts}"
    for number, _title, points in parts:
        in_part = [item.max_score for item in questions if item.name.startswith(f"Q{number}.")]
        assert sum(in_part) == int(points), f"part {number} says {points} points; its questions hold {sum(in_part)}"
    total = sum(item.max_score for item in questions)
    words = {3: "three", 4: "four", 5: "five"}
    intro = (
        f"This sheet has {len(questions)} questions in {words[len(parts)]} parts, worth **{total:g} points** in total."
    )
    assert intro in text, f"the first paragraph must say: {intro}"
    assert f"| | **Total** | **{total:g}** |" in text, f"the table's total must be {total:g}"


@pytest.mark.parametrize(
    "text, scores",
    [
        (
            "student_id,q1_1,q1_2,q2_1\nalice,4,3.5,\nbob,0,,2.5\n",
            {"alice": {"q1_1": 4, "q1_2": 3.5, "q2_1": None}, "bob": {"q1_1": 0, "q1_2": None, "q2_1": 2.5}},
        ),
        ("Q2.1,Student_ID, Q1.1 \n1, carol ,2\n", {"carol": {"q2_1": 1, "q1_1": 2}}),
        ("\ufeffstudent_id,q1_2\r\n\r\nalice, 6 \r\n,\r\n", {"alice": {"q1_2": 6}}),
        ("student_id,q1_1\n", {}),
        ("student_id\nbob\n", {"bob": {}}),
        ("student_id,q1_1\nalice,-0\n", {"alice": {"q1_1": 0}}),
    ],
    ids=[
        "ids-and-empty-cells",
        "labels-any-order-and-spaces",
        "bom-crlf-blank-rows",
        "header-only",
        "no-questions",
        "minus-zero",
    ],
)
def test_scores_are_read_by_student_and_question_and_empty_cells_stay_pending(tmp_path, text, scores):
    assert read(tmp_path, text) == scores


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "",
            r"written scores .*written\.csv: the file is empty; the header must hold student_id and question "
            r"columns among q1_1, q1_2, q2_1 \(or their labels, such as Q1\.1\)",
        ),
        (
            "name,q1_1\nalice,3\n",
            r"written\.csv: row 1, column 1 \('name'\): not a written question; the header must "
            "hold student_id",
        ),
        ("q1_1,q1_2\n3,4\n", r"written\.csv: row 1: no student_id column; the header must hold student_id"),
        (
            "student_id,q1_1,q9_9\nalice,3,1\n",
            r"row 1, column 3 \('q9_9'\): not a written question; the header must "
            r"hold student_id and question columns among q1_1, q1_2, q2_1",
        ),
        ("student_id,q1_1,\nalice,3,\n", r"row 1, column 3 \(''\): not a written question"),
        (
            "student_id,q1_1,Q1.1\nalice,3,3\n",
            r"row 1, column 3 \('Q1\.1'\): question q1_1 has a column already "
            r"\('q1_1'\); give it one column",
        ),
        (
            "student_id,q1_1,student_id\nalice,3,alice\n",
            r"row 1, column 3 \('student_id'\): a second student_id "
            "column; the header must name it once",
        ),
        (
            "student_id,q1_1\nalice,3\nzed,4\n",
            r"row 3, column 'student_id': 'zed' is not among the submissions "
            "graded; allowed: alice, bob, carol",
        ),
        (
            "student_id,q1_1\nalice,3\n\nalice,4\n",
            r"row 4, column 'student_id': 'alice' has a row already \(row 2\); "
            "one row per student",
        ),
        ("student_id,q1_1\n,3\n", r"row 2, column 'student_id': no student id; every row with scores must name its"),
        ("student_id,q1_1\nalice,3,4\n", r"row 2: 3 cells; every row must have one per header column \(2\)"),
        ("student_id,q1_1,q1_2\nalice,3\n", r"row 2: 2 cells; every row must have one per header column \(3\)"),
        (
            "student_id,q1_1\nalice,4.5\n",
            r"row 2, column 'q1_1': 4\.5 is outside 0 to 4; allowed: a number from 0 "
            r"to 4 \(Q1\.1 Why\), or an empty cell while it is pending",
        ),
        (
            "student_id,q2_1\nbob,-1\n",
            r"row 2, column 'q2_1': -1 is outside 0 to 2\.5; allowed: a number from 0 to "
            r"2\.5 \(Q2\.1 What\)",
        ),
        (
            "student_id,q1_2\nbob,three\n",
            r"row 2, column 'q1_2': 'three' is not a number; allowed: a number from 0 "
            "to 6",
        ),
        ('student_id,q1_2\nbob,"3,5"\n', r"row 2, column 'q1_2': '3,5' is not a number"),
        ("student_id,q1_2\nbob,nan\n", r"row 2, column 'q1_2': 'nan' is not a finite number; allowed: a number"),
        ("student_id,q1_2\nbob,-inf\n", r"row 2, column 'q1_2': '-inf' is not a finite number"),
        ('student_id,q1_2\n"bob,3\n', r"written\.csv: row 2: not valid CSV \(unexpected end of data\)"),
        ('student_id,q1_2\nbob,"3"4\n', r"written\.csv: row 2: not valid CSV \(',' expected after '\"'\)"),
    ],
    ids=[
        "empty-file",
        "student-column-misnamed",
        "no-student-column",
        "unknown-question",
        "unnamed-column",
        "question-twice",
        "student-column-twice",
        "unknown-student",
        "student-twice",
        "no-student-id",
        "too-many-cells",
        "too-few-cells",
        "above-the-points",
        "negative",
        "not-a-number",
        "decimal-comma",
        "nan",
        "infinite",
        "unclosed-quote",
        "stray-quote",
    ],
)
def test_a_bad_file_is_refused_naming_the_file_row_column_and_what_is_allowed(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        read(tmp_path, text)


def test_a_file_that_is_not_utf8_or_cannot_be_read_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"written\.csv: not UTF-8 text \(byte 12\); save it as UTF-8 CSV"):
        read(tmp_path, "student_id\nb\xf6b\n", encoding="latin-1")
    with pytest.raises(ValueError, match=r"written scores .*missing\.csv: cannot be read: No such file or directory"):
        read_written_scores(tmp_path / "missing.csv", questions=QUESTIONS, students=STUDENTS)


def test_more_than_eight_students_are_named_up_to_eight_and_counted(tmp_path):
    path = tmp_path / "written.csv"
    path.write_text("student_id,q1_1\nzed,1\n")
    students = [f"s{i:02}" for i in range(11)]
    with pytest.raises(ValueError, match=r"allowed: s00, s01, s02, s03, s04, s05, s06, s07 and 3 more$"):
        read_written_scores(path, questions=QUESTIONS, students=students)


def test_the_grading_pages_example_file_is_accepted_and_its_written_total_is_the_questions_points(tmp_path):
    page = (KIT_ROOT / "docs" / "grading.md").read_text(encoding="utf-8")
    section = page.split("## Written answers", 1)[1]
    example = re.search(r"```\n(.*?)```", section, re.DOTALL).group(1)
    (tmp_path / "written.csv").write_text(example)
    questions = written_questions()
    scores = read_written_scores(tmp_path / "written.csv", questions=questions, students=["s001_correct"])
    assert list(scores["s001_correct"]) == [item.question_id for item in questions], "the example misses a question"
    points = sum(item.max_score for item in questions)
    assert f"`written (/{points:g})`" in page, f"docs/grading.md does not give the written answers' {points:g} points"


class NoForkServer:
    """Stands in for the fork server the CLI starts for one judge: nothing is graded here."""

    def close(self):
        pass


def test_the_cli_refuses_a_bad_file_with_status_2_and_writes_nothing(tmp_path, capsys, monkeypatch):
    (tmp_path / "alice").mkdir()
    (tmp_path / "written.csv").write_text("student_id,q1_1\nalice,99\n")
    monkeypatch.setattr(cli, "ForkServer", NoForkServer)
    monkeypatch.setattr(batch, "_grade_all", lambda *args: pytest.fail("grading started with a refused file"))
    arguments = ["grade", str(tmp_path / "alice"), "--out", str(tmp_path / "out"), "--seed", "0"]
    assert cli.main([*arguments, "--written-scores", str(tmp_path / "written.csv")]) == 2
    expected = f"initgrade grade: error: written scores {tmp_path / 'written.csv'}: row 2, column 'q1_1': 99 is outside"
    assert capsys.readouterr().err.startswith(expected)
    assert not (tmp_path / "out").exists(), "something was written for a refused file"
