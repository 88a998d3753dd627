"""junit.xml: the class's automatically graded tests as JUnit XML, the format CI test reporters read.

One ``<testsuite>`` per student (named by the student id), one ``<testcase>`` per hidden test. A test
that did not earn full marks holds a ``<failure>`` whose message gives the points and the first line
of the feedback, and whose text is the whole feedback. Points are ``<property>`` elements of each
suite and test case; a suite's ``written_answers_score`` is the written points given by hand so
far, ``written_answers_pending`` the points of the written questions still pending. A student on
whom the grader failed has no grade: their suite holds one test case, ``grader error``, with an
``<error>`` giving the reason, and no points. There are no timestamps or times: the same results
give byte-identical XML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from autograder.reports.atomic import write_text_atomic
from autograder.results import GradingResults, TestResult
from autograder.text import printable

GRADER_ERROR_CASE = "grader error"


def render_junit(all_results: list[GradingResults]) -> str:
    """JUnit XML for ``all_results``: ``<testsuites>`` with one ``<testsuite>`` per student, by student id."""
    suites = [_suite(results) for results in sorted(all_results, key=lambda r: r.student_id)]
    root = ET.Element(
        "testsuites",
        name="initgrade",
        tests=str(sum(int(suite.get("tests")) for suite in suites)),
        failures=str(sum(int(suite.get("failures")) for suite in suites)),
        errors=str(sum(int(suite.get("errors")) for suite in suites)),
    )
    root.extend(suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit_xml(all_results: list[GradingResults], path: Path) -> Path:
    """Write ``render_junit(all_results)`` to ``path`` atomically."""
    return write_text_atomic(path, render_junit(all_results))


def _suite(results: GradingResults) -> ET.Element:
    student = printable(results.student_id)
    if not results.graded:
        return _grader_error_suite(results, student)
    suite = ET.Element(
        "testsuite",
        name=student,
        tests=str(len(results.tests)),
        failures=str(sum(not test.passed for test in results.tests)),
        errors="0",
        skipped="0",
    )
    _properties(
        suite,
        score=results.total,
        max_score=results.possible,
        written_answers_score=results.manual_score,
        written_answers_pending=results.pending_possible,
        seed=results.seed,
    )
    for test in results.tests:
        suite.append(_case(test, student))
    return suite


def _grader_error_suite(results: GradingResults, student: str) -> ET.Element:
    """The suite of a student on whom the grader failed: one test case holding an ``<error>``."""
    suite = ET.Element("testsuite", name=student, tests="1", failures="0", errors="1", skipped="0")
    _properties(suite, written_answers_pending=results.pending_possible, seed=results.seed)
    case = ET.SubElement(suite, "testcase", classname=student, name=GRADER_ERROR_CASE)
    reason = printable(results.grader_error).strip() or "no reason given"
    error = ET.SubElement(
        case,
        "error",
        message=f"the grader failed on this submission (not a grade): {reason.splitlines()[0]}",
        type="GraderError",
    )
    error.text = reason
    return suite


def _case(test: TestResult, student: str) -> ET.Element:
    case = ET.Element("testcase", classname=student, name=printable(test.name))
    _properties(case, score=test.score, max_score=test.max_score)
    if not test.passed:
        feedback = printable(test.output)
        first_line = feedback.strip().splitlines()[0] if feedback.strip() else "no feedback message"
        failure = ET.SubElement(
            case, "failure", message=f"{test.score:g}/{test.max_score:g} points: {first_line}", type="PointsLost"
        )
        failure.text = feedback
    return case


def _properties(parent: ET.Element, **values: float) -> None:
    properties = ET.SubElement(parent, "properties")
    for name, value in values.items():
        ET.SubElement(properties, "property", name=name, value=f"{value:g}" if isinstance(value, float) else str(value))
