"""Instructor side of the weight-initialization assignment kit: release, grading, reports."""
