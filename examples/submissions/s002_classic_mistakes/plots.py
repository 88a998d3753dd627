"""Plot a training comparison: loss curves beside activation standard deviation per layer.

Takes the dictionary that ``training.compare_initializers`` returns and writes a PNG. The file
is written to a temporary name and renamed into place, so a reader never sees half a plot, and
it carries no timestamp, so the same results always give the same bytes.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib import pyplot as plt  # noqa: E402  (the backend must be chosen first)


def plot_comparison(results: dict, path, *, title: str = "", n_classes: int | None = None) -> Path:
    """Write a two-panel PNG of ``results`` to ``path`` and return the path.

    Left: mean training loss per epoch for each initializer (with a dashed line at the
    class-prior loss ln(n_classes) when ``n_classes`` is given). Right: standard deviation of
    each hidden layer's activations at initialization, on a log scale; an initializer whose
    activations are all zero cannot be drawn on it and says so in the legend.
    """
    figure, (loss_axes, std_axes) = plt.subplots(1, 2, figsize=(11, 4.2))
    for name, result in results.items():
        epochs = range(1, len(result["loss"]) + 1)
        loss_axes.plot(epochs, result["loss"], marker="o", markersize=3, label=name)
        stds = result["activation_stds"]
        layers = range(1, len(stds) + 1)
        if any(s > 0 for s in stds):
            std_axes.plot(layers, [s if s > 0 else math.nan for s in stds], marker="o", markersize=3, label=name)
        else:
            std_axes.plot([], [], marker="o", label=f"{name} (all activations are 0)")
    if n_classes:
        loss_axes.axhline(
            math.log(n_classes), color="grey", linestyle="--", linewidth=1, label=f"class prior, ln({n_classes})"
        )
    loss_axes.set(xlabel="epoch", ylabel="mean training cross-entropy", title="Training loss")
    std_axes.set(
        xlabel="hidden layer",
        ylabel="std of activations (log scale)",
        yscale="log",
        title="Activations at initialization",
    )
    for axes in (loss_axes, std_axes):
        axes.grid(alpha=0.3)
        axes.legend(fontsize=8)
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return _save(figure, Path(path))


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
