"""Atomic writes: the whole file or the old one, and a private file private from its first byte."""

import os
import stat

import pytest

from autograder.reports.atomic import write_bytes_atomic


@pytest.mark.parametrize(("mode", "expected"), [(0o600, 0o600), (0o666, 0o644)], ids=["private", "default"])
def test_the_file_gets_the_mode_asked_less_the_umask(tmp_path, mode, expected):
    old = os.umask(0o022)
    try:
        path = write_bytes_atomic(tmp_path / "file", b"data", mode=mode)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == expected, f"mode {path.stat().st_mode:o}; expected {expected:o}"
    assert path.read_bytes() == b"data" and sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_replacing_a_file_leaves_no_temporary_file_and_the_new_content(tmp_path):
    (tmp_path / "file").write_bytes(b"old")
    write_bytes_atomic(tmp_path / "file", b"new", mode=0o600)
    assert (tmp_path / "file").read_bytes() == b"new" and sorted(p.name for p in tmp_path.iterdir()) == ["file"]
