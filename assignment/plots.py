"""Plot a training comparison: loss curves beside activation standard deviation per layer, and
the transfer experiment: test accuracy against the number of labels beside loss curves.

Every initializer's (or method's) line has its own colour, line style and marker, and the lines
are drawn in a deliberate order, so a line that coincides with another stays visible (see
``line_styles``).

``plot_comparison`` takes the dictionary that ``training.compare_initializers`` returns,
``plot_transfer`` the one ``training.compare_transfer`` returns; each writes a PNG. The file is
written to a temporary name and renamed into place, so a reader never sees half a plot, and it
carries no timestamp, so the same results always give the same bytes.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.ticker import MaxNLocator  # noqa: E402

#: Line styles and markers, one of each per initializer (a line is told apart by its style even
#: where its colour is hidden). The first styles are solid and go to the curves drawn first, at
#: the bottom; the later ones have gaps, and go to the flat curves drawn on top, so a curve under
#: a flat one shows through its gaps. Markers are hollow, so a marker under another shows too.
LINESTYLES = ("-", "-.", (0, (6, 2)), (0, (1, 1.5)), "--", (0, (3, 1, 1, 1, 1, 1)), (0, (8, 2, 1, 2)), ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">", "h", "p")


def line_styles(results: dict) -> dict[str, dict]:
    """``{initializer: matplotlib line options}`` for the lines of ``results``.

    The flatter an initializer's loss curve, the later it is drawn (the higher its ``zorder``):
    a flat curve, such as zero initialization stalled at the class-prior loss, would otherwise be
    hidden under another curve or the prior's line; drawn on top with a dashed style, both stay
    visible. Ties keep the order of ``results``. Linestyles and markers are distinct for up to
    ``min(len(LINESTYLES), len(MARKERS))`` initializers.
    """

    def spread(name: str) -> float:
        loss = [value for value in results[name]["loss"] if math.isfinite(value)]
        return max(loss) - min(loss) if loss else 0.0

    drawing_order = sorted(results, key=lambda name: -spread(name))  # a stable sort: ties keep their order
    return _drawn_in_order(drawing_order, colours=list(results))


def _drawn_in_order(drawing_order: list[str], *, colours: list[str]) -> dict[str, dict]:
    """Line options for lines drawn in ``drawing_order`` (the first at the bottom, solid), each
    coloured by its place in ``colours``."""
    return {
        name: {
            "linestyle": LINESTYLES[rank % len(LINESTYLES)],
            "marker": MARKERS[rank % len(MARKERS)],
            "markersize": 5,
            "markerfacecolor": "none",
            "linewidth": 1.6,
            "zorder": 3 + rank,
            "color": f"C{colours.index(name) % 10}",
        }
        for rank, name in enumerate(drawing_order)
    }


def comparison_figure(results: dict, *, title: str = "", n_classes: int | None = None):
    """The figure ``plot_comparison`` writes (a ``matplotlib.figure.Figure``; close it with
    ``plt.close``).

    Loss per epoch for each initializer, with a grey dashed line at the class-prior loss
    ln(n_classes) when ``n_classes`` is given, drawn under the curves. Beside it, the standard
    deviation of each hidden layer's activations at initialization, on a log scale, when there is
    something to show per layer: with one hidden layer that panel would hold a single point per
    line, so it is left out and each initializer's std is given in the legend instead. An
    initializer whose activations are all zero cannot be drawn on a log scale and says so.
    """
    styles = line_styles(results)
    layers = max((len(result["activation_stds"]) for result in results.values()), default=0)
    any_positive = any(s > 0 for result in results.values() for s in result["activation_stds"])
    per_layer = layers >= 2 and any_positive
    figure, axes = plt.subplots(1, 2 if per_layer else 1, figsize=(11, 4.2) if per_layer else (6.5, 4.2))
    loss_axes, std_axes = (axes[0], axes[1]) if per_layer else (axes, None)
    for name, result in results.items():
        stds = result["activation_stds"]
        label = name if per_layer else f"{name} (activation std {_number(stds)})"
        epochs = range(1, len(result["loss"]) + 1)
        loss_axes.plot(epochs, result["loss"], label=label, **styles[name])
        if std_axes is None:
            continue
        if any(s > 0 for s in stds):
            drawn = [s if s > 0 else math.nan for s in stds]
            std_axes.plot(range(1, len(stds) + 1), drawn, label=name, **styles[name])
        else:
            std_axes.plot([], [], label=f"{name} (all activations are 0)", **styles[name])
    if n_classes:
        _draw_class_prior(loss_axes, n_classes)
    loss_axes.set(xlabel="epoch", ylabel="mean training cross-entropy", title="Training loss")
    if std_axes is not None:
        std_axes.set(
            xlabel="hidden layer",
            ylabel="std of activations (log scale)",
            yscale="log",
            title="Activations at initialization",
        )
    for panel in figure.axes:
        panel.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs and layers are whole numbers
        panel.grid(alpha=0.3, zorder=0)
        panel.legend(fontsize=8)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_comparison(results: dict, path, *, title: str = "", n_classes: int | None = None) -> Path:
    """Write ``comparison_figure(results, ...)`` as a PNG to ``path`` and return the path."""
    return _save(comparison_figure(results, title=title, n_classes=n_classes), Path(path))


def transfer_figure(results: dict, label_counts, *, title: str = "", n_classes: int | None = None):
    """The figure ``plot_transfer`` writes (a ``matplotlib.figure.Figure``; close it with
    ``plt.close``).

    Left, each method's test accuracy against the number of labelled images per class, on a log
    axis. Right, for the fewest labels (where the methods differ most), the training loss from
    before the first step (epoch 0, ``initial_loss``) to the last epoch, on a log axis, with a grey
    dashed line at ln(n_classes) when ``n_classes`` is given: a zero head starts exactly there.
    The methods are drawn in the order of ``results``, the first solid at the bottom and the
    later ones, whose curves often coincide, gapped on top; markers are hollow and, on the loss
    curves, staggered so that they never sit on one another.
    """
    counts = list(label_counts)
    styles = _drawn_in_order(list(results), colours=list(results))
    fewest = counts.index(min(counts))
    figure, (accuracy_axes, loss_axes) = plt.subplots(1, 2, figsize=(11, 4.2))
    for rank, (method, result) in enumerate(results.items()):
        accuracy_axes.plot(counts, result["test_accuracy"], label=method, **styles[method])
        loss = [result["initial_loss"][fewest], *result["loss"][fewest]]
        every = max(1, len(loss) // 10)
        loss_axes.plot(
            range(len(loss)), loss, label=method, markevery=(rank * every // 3 % every, every), **styles[method]
        )
    if n_classes:
        _draw_class_prior(loss_axes, n_classes)
    accuracy_axes.set(
        xlabel="labelled images per class (log scale)",
        ylabel="test accuracy",
        xscale="log",
        title="Test accuracy on the target task",
    )
    accuracy_axes.set_xticks(counts, [str(k) for k in counts])
    accuracy_axes.minorticks_off()
    loss_axes.set(
        xlabel="epoch (0: before training)",
        ylabel="mean training cross-entropy (log scale)",
        yscale="log",
        title=f"Training loss, {counts[fewest]} labelled image{'s' if counts[fewest] != 1 else ''} per class",
    )
    loss_axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for panel in figure.axes:
        panel.grid(alpha=0.3, zorder=0)
        panel.legend(fontsize=8)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_transfer(results: dict, label_counts, path, *, title: str = "", n_classes: int | None = None) -> Path:
    """Write ``transfer_figure(results, label_counts, ...)`` as a PNG to ``path`` and return the path."""
    return _save(transfer_figure(results, label_counts, title=title, n_classes=n_classes), Path(path))


def _number(stds) -> str:
    if not stds:
        return "not measured"
    return "0" if all(s == 0 for s in stds) else ", ".join(f"{s:.3g}" for s in stds)


def _save(figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp.png")
    try:
        figure.savefig(temporary, dpi=100, metadata={"Software": None})
        os.replace(temporary, path)
    finally:
        plt.close(figure)
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


def _draw_class_prior(axes, n_classes: int) -> None:
    """The loss of a prediction that scores every class alike, ln(n_classes), as a grey dashed line."""
    axes.axhline(
        math.log(n_classes), color="grey", linestyle="--", linewidth=1, zorder=2, label=f"class prior, ln({n_classes})"
    )
