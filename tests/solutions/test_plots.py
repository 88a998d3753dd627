"""plot_comparison writes a PNG atomically, deterministically, and copes with all-zero layers."""

import os

import pytest

from autograder.reference import load_reference

plots = load_reference("plots")

RESULTS = {
    "zeros": {"loss": [2.30, 2.30, 2.30], "activation_stds": [0.0, 0.0, 0.0]},
    "he_normal": {"loss": [1.2, 0.6, 0.3], "activation_stds": [0.8, 0.78, 0.81]},
    "random_normal": {"loss": [2.30, 2.29, 2.29], "activation_stds": [0.04, 3e-4, 0.0]},
}


def test_writes_a_png_and_nothing_else(tmp_path):
    path = plots.plot_comparison(RESULTS, tmp_path / "figs" / "deep.png", title="deep", n_classes=10)
    assert path == tmp_path / "figs" / "deep.png"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in path.parent.iterdir()] == ["deep.png"], "a temporary file was left behind"


def test_same_results_give_the_same_bytes(tmp_path):
    first = plots.plot_comparison(RESULTS, tmp_path / "a.png").read_bytes()
    second = plots.plot_comparison(RESULTS, tmp_path / "b.png").read_bytes()
    assert first == second


def test_a_failed_save_leaves_no_file(tmp_path, monkeypatch):
    def broken_savefig(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(plots.plt.Figure, "savefig", broken_savefig)
    with pytest.raises(OSError, match="disk full"):
        plots.plot_comparison(RESULTS, tmp_path / "c.png")
    assert list(tmp_path.iterdir()) == []


def test_the_png_gets_the_usual_permissions(tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    path = plots.plot_comparison(RESULTS, tmp_path / "d.png")
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask, oct(path.stat().st_mode)
