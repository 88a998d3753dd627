"""plot_comparison writes a PNG atomically, deterministically, and copes with all-zero layers;
plot_transfer draws every method visibly, accuracy against labels beside the fewest labels' losses."""

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


#: As compare.py's experiments give them: zero initialization stalls at the class prior ln(10),
#: random_normal (std 0.01) nearly so, on top of each other and of the prior's line.
FIVE = {
    "zeros": {"loss": [2.3026] * 4, "activation_stds": [0.0] * 8},
    "random_normal": {"loss": [2.3026, 2.3025, 2.3025, 2.3024], "activation_stds": [0.04, 3e-4, 2e-6, 0, 0, 0, 0, 0]},
    "xavier_normal": {"loss": [2.1, 1.6, 1.1, 0.8], "activation_stds": [0.5, 0.35, 0.25, 0.18, 0.12, 0.09, 0.06, 0.04]},
    "he_normal": {"loss": [1.9, 1.1, 0.6, 0.4], "activation_stds": [0.8, 0.78, 0.81, 0.8, 0.79, 0.8, 0.82, 0.8]},
    "lecun_normal": {"loss": [2.0, 1.3, 0.9, 0.6], "activation_stds": [0.57, 0.4, 0.28, 0.2, 0.14, 0.1, 0.07, 0.05]},
}
ONE_LAYER = {name: {**result, "activation_stds": result["activation_stds"][:1]} for name, result in FIVE.items()}


@pytest.fixture
def figure():
    made = []

    def make(results, **options):
        made.append(plots.comparison_figure(results, **options))
        return made[-1]

    yield make
    for each in made:
        plots.plt.close(each)


def initializer_lines(axes, results):
    lines = {line.get_label().split(" (")[0]: line for line in axes.get_lines()}
    return {name: lines[name] for name in results if name in lines}


def dashes(line):
    # get_linestyle() names every custom dash pattern "--"; the pattern itself has no public getter.
    return line._unscaled_dash_pattern


@pytest.mark.parametrize("results", [FIVE, ONE_LAYER], ids=["deep", "one-hidden-layer"])
def test_every_initializer_has_its_own_linestyle_and_marker(figure, results):
    loss_axes = figure(results, n_classes=10).axes[0]
    lines = initializer_lines(loss_axes, results)
    assert list(lines) == list(results), [line.get_label() for line in loss_axes.get_lines()]
    patterns = [dashes(line) for line in lines.values()]
    markers = [line.get_marker() for line in lines.values()]
    assert len(set(patterns)) == len(results), f"line styles repeat: {patterns}"
    assert len(set(markers)) == len(results), f"markers repeat: {markers}"
    assert all(line.get_markerfacecolor() == "none" for line in lines.values()), "a filled marker hides one under it"


def test_the_flat_zero_init_line_is_drawn_on_top_and_dashed(figure):
    loss_axes = figure(FIVE, n_classes=10).axes[0]
    lines = initializer_lines(loss_axes, FIVE)
    prior = next(line for line in loss_axes.get_lines() if line.get_label().startswith("class prior"))
    zorders = {name: line.get_zorder() for name, line in lines.items()}
    assert max(zorders, key=zorders.get) == "zeros", zorders
    assert zorders["random_normal"] > max(zorders[name] for name in ("xavier_normal", "he_normal", "lecun_normal"))
    assert prior.get_zorder() < min(zorders.values()), "the prior's line must lie under the curves"
    assert lines["zeros"].is_dashed(), lines["zeros"].get_linestyle()
    assert len(set(zorders.values())) == len(zorders), f"two lines share a zorder: {zorders}"


def test_both_panels_share_each_initializers_style(figure):
    loss_axes, std_axes = figure(FIVE).axes
    loss, std = initializer_lines(loss_axes, FIVE), initializer_lines(std_axes, FIVE)
    assert list(std) == list(FIVE)
    for name in FIVE:
        assert (dashes(loss[name]), loss[name].get_marker()) == (dashes(std[name]), std[name].get_marker()), name


@pytest.mark.parametrize(
    "results, panels",
    [
        (FIVE, 2),
        (ONE_LAYER, 1),
        ({name: {**result, "activation_stds": [0.0] * 8} for name, result in FIVE.items()}, 1),
        ({name: {**result, "activation_stds": []} for name, result in FIVE.items()}, 1),
    ],
    ids=["deep", "one-hidden-layer", "all-activations-zero", "no-activations"],
)
def test_a_panel_with_nothing_to_show_is_left_out(figure, results, panels):
    drawn = figure(results, n_classes=10)
    assert len(drawn.axes) == panels, [axes.get_title() for axes in drawn.axes]
    assert drawn.axes[0].get_title() == "Training loss"


def test_with_one_hidden_layer_the_legend_gives_each_std(figure):
    labels = [line.get_label() for line in figure(ONE_LAYER).axes[0].get_lines()]
    assert "he_normal (activation std 0.8)" in labels and "zeros (activation std 0)" in labels, labels


#: As compare_transfer gives them, for label counts given out of order: the two pre-trained
#: methods start at ln 5 together and reach the same accuracy at one count.
COUNTS = [5, 1, 20]
TRANSFER = {
    "scratch": {
        "loss": [[1.0, 0.5, 0.2], [1.5, 0.9, 0.4], [0.9, 0.4, 0.1]],
        "initial_loss": [2.1, 2.4, 2.0],
        "test_accuracy": [0.82, 0.6, 0.92],
    },
    "frozen": {
        "loss": [[1.0, 0.6, 0.3], [1.1, 0.7, 0.5], [0.9, 0.5, 0.3]],
        "initial_loss": [1.609, 1.609, 1.609],
        "test_accuracy": [0.925, 0.879, 0.96],
    },
    "fine_tuned": {
        "loss": [[0.9, 0.4, 0.1], [1.1, 0.6, 0.2], [0.8, 0.3, 0.05]],
        "initial_loss": [1.609, 1.609, 1.609],
        "test_accuracy": [0.925, 0.862, 0.966],
    },
}


@pytest.fixture
def transfer():
    made = plots.transfer_figure(TRANSFER, COUNTS, title="transfer", n_classes=5)
    yield made
    plots.plt.close(made)


def test_transfer_plots_accuracy_against_labels_on_a_log_axis(transfer):
    accuracy_axes = transfer.axes[0]
    lines = initializer_lines(accuracy_axes, TRANSFER)
    assert accuracy_axes.get_xscale() == "log"
    for method, line in lines.items():
        assert list(line.get_xdata()) == COUNTS and list(line.get_ydata()) == TRANSFER[method]["test_accuracy"]


def test_transfer_plots_the_losses_of_the_fewest_labels_from_before_training(transfer):
    loss_axes = transfer.axes[1]
    lines = initializer_lines(loss_axes, TRANSFER)
    assert list(lines) == list(TRANSFER) and "1 labelled image per class" in loss_axes.get_title()
    for method, line in lines.items():
        assert list(line.get_ydata()) == [TRANSFER[method]["initial_loss"][1], *TRANSFER[method]["loss"][1]], method
        assert list(line.get_xdata()) == [0, 1, 2, 3]
    prior = next(line for line in loss_axes.get_lines() if line.get_label() == "class prior, ln(5)")
    assert prior.get_zorder() < min(line.get_zorder() for line in lines.values())


def test_every_transfer_method_has_its_own_style_in_both_panels(transfer):
    accuracy, loss = (initializer_lines(axes, TRANSFER) for axes in transfer.axes)
    styles = [(dashes(line), line.get_marker(), line.get_color()) for line in accuracy.values()]
    assert all(len(set(kind)) == len(TRANSFER) for kind in zip(*styles)), f"styles repeat: {styles}"
    zorders = [line.get_zorder() for line in accuracy.values()]
    assert len(set(zorders)) == len(zorders) and all(line.get_markerfacecolor() == "none" for line in accuracy.values())
    for method in TRANSFER:
        assert (dashes(accuracy[method]), accuracy[method].get_marker()) == (
            dashes(loss[method]),
            loss[method].get_marker(),
        )
    assert all(line.is_dashed() for name, line in accuracy.items() if name != "scratch"), (
        "coinciding lines must be gapped"
    )


def test_transfer_plot_is_a_png_with_the_same_bytes_each_time(tmp_path):
    first = plots.plot_transfer(TRANSFER, COUNTS, tmp_path / "a" / "transfer.png", title="transfer")
    second = plots.plot_transfer(TRANSFER, COUNTS, tmp_path / "b.png", title="transfer")
    assert first == tmp_path / "a" / "transfer.png" and first.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert first.read_bytes() == second.read_bytes()
    assert [p.name for p in first.parent.iterdir()] == ["transfer.png"], "a temporary file was left behind"
