"""junit.xml: parses as XML, counts tests and failures, keeps points, neutralizes hostile text, and
shows a grader error as an error, not as failed tests."""

import xml.etree.ElementTree as ET

import pytest

from autograder.reports.junit import render_junit, write_junit_xml
from autograder.results import GradingResults, ManualItem, TestResult
from autograder.text import printable

HOSTILE = {
    "script": ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    "cdata-end": ("a ]]> b", "a ]]> b"),
    "nul": ("before\x00after", "before\ufffdafter"),
    "ansi-colour": ("\x1b[31mred\x1b[0m text", "red text"),
    "quotes-and-ampersand": ("\"double\" 'single' & amp;", "\"double\" 'single' & amp;"),
    "other-controls": ("bell\x07 backspace\x08 formfeed\x0c", "bell\ufffd backspace\ufffd formfeed\ufffd"),
    "lone-surrogate": ("half \ud800 pair", "half \ufffd pair"),
    "newlines-and-tabs": ("line 1\n\tline 2", "line 1\n\tline 2"),
}


def class_of_two():
    zoe = GradingResults(
        "zoe",
        [
            TestResult("he_normal: variance", 2, 2),
            TestResult(
                "xavier_uniform: bound", 0, 2, "largest |w| 0.2449 exceeds the bound 0.1225\nuse fan_in + fan_out"
            ),
            TestResult("train: history", 0.5, 1, "loss has 2 values; expected 3"),
        ],
        [ManualItem("Q1.1 Why", 4)],
        seed=123456789,
    )
    adam = GradingResults("adam", [TestResult("he_normal: variance", 2, 2), TestResult("train: history", 1, 1)])
    return [zoe, adam]


def parse(all_results):
    return ET.fromstring(render_junit(all_results).encode("utf-8"))


def properties(element):
    return {prop.get("name"): prop.get("value") for prop in element.findall("properties/property")}


def test_testsuites_count_every_test_and_failure():
    root = parse(class_of_two())
    assert (root.tag, root.get("tests"), root.get("failures"), root.get("errors")) == ("testsuites", "5", "2", "0"), (
        f"top level: {root.tag} {root.attrib}"
    )
    assert [suite.get("name") for suite in root.findall("testsuite")] == ["adam", "zoe"], "suites not sorted by id"


@pytest.mark.parametrize(
    "student, tests, failures, suite_properties",
    [
        (
            "zoe",
            "3",
            "2",
            {
                "score": "2.5",
                "max_score": "5",
                "written_answers_score": "0",
                "written_answers_pending": "4",
                "seed": "123456789",
            },
        ),
        (
            "adam",
            "2",
            "0",
            {"score": "3", "max_score": "3", "written_answers_score": "0", "written_answers_pending": "0", "seed": "0"},
        ),
    ],
    ids=["partly-failed", "all-passed"],
)
def test_each_student_is_a_testsuite_with_counts_and_points(student, tests, failures, suite_properties):
    suite = parse(class_of_two()).find(f"testsuite[@name='{student}']")
    assert (suite.get("tests"), suite.get("failures")) == (tests, failures), f"{student}: {suite.attrib}"
    assert len(suite.findall("testcase")) == int(tests), f"{student}: {len(suite.findall('testcase'))} testcases"
    assert properties(suite) == suite_properties, f"{student}: suite properties {properties(suite)}"
    assert {case.get("classname") for case in suite.findall("testcase")} == {student}


@pytest.mark.parametrize(
    "name, points, message, text",
    [
        ("he_normal: variance", {"score": "2", "max_score": "2"}, None, None),
        (
            "xavier_uniform: bound",
            {"score": "0", "max_score": "2"},
            "0/2 points: largest |w| 0.2449 exceeds the bound 0.1225",
            "largest |w| 0.2449 exceeds the bound 0.1225\nuse fan_in + fan_out",
        ),
        ("train: history", {"score": "0.5", "max_score": "1"}, "0.5/1 points: loss has 2 values; expected 3", None),
    ],
    ids=["passed-has-no-failure", "failed-keeps-whole-message", "partial-credit-is-a-failure"],
)
def test_testcase_holds_points_and_a_failure_when_points_were_lost(name, points, message, text):
    case = parse(class_of_two()).find(f"testsuite[@name='zoe']/testcase[@name='{name}']")
    assert properties(case) == points, f"{name}: properties {properties(case)}"
    failure = case.find("failure")
    assert (failure.get("message") if failure is not None else None) == message, f"{name}: failure {failure}"
    if text is not None:
        assert failure.text == text, f"{name}: failure text {failure.text!r}"


@pytest.mark.parametrize("hostile, shown", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_is_escaped_or_replaced_and_the_xml_still_parses(hostile, shown):
    results = GradingResults(f"id {hostile}", [TestResult(f"he_normal: {hostile}", 0, 1, f"got {hostile}")])
    xml = render_junit([results])
    suite = ET.fromstring(xml.encode("utf-8")).find("testsuite")
    case = suite.find("testcase")
    assert (suite.get("name"), case.get("name"), case.find("failure").text) == (
        f"id {shown}",
        f"he_normal: {shown}",
        f"got {shown}",
    ), f"read back {suite.get('name')!r}, {case.get('name')!r}, {case.find('failure').text!r}"
    assert "<script>" not in xml and "\x00" not in xml and "\x1b" not in xml, f"raw hostile text in {xml!r}"


def test_written_points_given_and_pending_are_suite_properties():
    manual = [ManualItem("Q1.1 Why", 4), ManualItem("Q1.2 How", 6), ManualItem("Q2.1 What", 2)]
    results = GradingResults("ann", [TestResult("he: a", 1, 1)], manual).with_written_scores({"q1_1": 3.5, "q2_1": 0})
    suite = parse([results]).find("testsuite")
    assert properties(suite) == {
        "score": "1",
        "max_score": "1",
        "written_answers_score": "3.5",
        "written_answers_pending": "6",
        "seed": "0",
    }, f"suite properties {properties(suite)}"


def test_a_grader_error_is_one_error_test_case_with_the_reason_and_no_points():
    reason = "2 hidden tests failed inside the grader: KeyError: '<loss>'\x00\nsecond line"
    eve = GradingResults("eve", [TestResult("he_normal: variance", 0, 2, "internal")], seed=7, grader_error=reason)
    root = parse([*class_of_two(), eve])
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "2", "1"), f"top: {root.attrib}"
    suite = root.find("testsuite[@name='eve']")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "1"), suite.attrib
    assert properties(suite) == {"written_answers_pending": "0", "seed": "7"}, (
        f"points of no grade: {properties(suite)}"
    )
    [case] = suite.findall("testcase")
    assert (case.get("classname"), case.get("name"), case.find("failure")) == ("eve", "grader error", None)
    error = case.find("error")
    assert error.get("type") == "GraderError", error.attrib
    assert error.get("message") == (
        "the grader failed on this submission (not a grade): "
        "2 hidden tests failed inside the grader: KeyError: '<loss>'\ufffd"
    ), f"message {error.get('message')!r}"
    assert error.text == "2 hidden tests failed inside the grader: KeyError: '<loss>'\ufffd\nsecond line", error.text


def test_printable_drops_ansi_codes_and_replaces_forbidden_characters():
    assert printable("\x1b[1;31mred\x1b[0m\x00\x1b") == "red\ufffd\ufffd"


def test_an_empty_class_is_an_empty_testsuites():
    root = parse([])
    assert (root.get("tests"), root.get("failures"), list(root)) == ("0", "0", []), f"{root.attrib} {list(root)}"


def test_written_file_is_byte_identical_across_renders_and_leaves_no_temporary_file(tmp_path):
    first = write_junit_xml(class_of_two(), tmp_path / "junit.xml").read_bytes()
    second = write_junit_xml(list(reversed(class_of_two())), tmp_path / "junit.xml").read_bytes()
    assert first == second, "two renders of the same class differ"
    assert first.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<testsuites"), first[:80]
    assert b"time" not in first and b"timestamp" not in first, "a time in the XML makes it differ per run"
    assert [p.name for p in tmp_path.iterdir()] == ["junit.xml"]
