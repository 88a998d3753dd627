"""The assignment as an nbgrader course, graded by the kit inside nbgrader's own workflow.

    course.make_course(folder, ...)      -> the course folder (``initgrade nbgrader init``)
    autograde.autograde_course(...)      -> every submission graded in parallel, then recorded by
                                            ``nbgrader autograde`` (``initgrade nbgrader autograde``)
    GradeWithKit, RestoreCellMetadata: the kit's steps inside ``nbgrader autograde``

It takes the release (``autograder.release``) and the batch grader (``autograder.batch``) and gives
nbgrader grade cells to record; it may import those, the grading stage and the reports. The course's
configuration names the two steps by the paths below, which stay as they are.
"""

from autograder.platforms.nbgrader.steps import GradeWithKit, RestoreCellMetadata

__all__ = ["GradeWithKit", "RestoreCellMetadata"]
