"""Run the assignment's training comparison on your own code and plot it.

Usage (from the assignment folder)::

    python compare.py                      # UCI digits, every experiment, plots in comparison/
    python compare.py --data synthetic     # a synthetic classification set instead
    python compare.py --data mnist --mnist-dir ~/mnist   # MNIST from local IDX files
    python compare.py --experiment deep_relu --out results/

For each experiment it trains one network per initializer with ``compare_initializers`` from
your ``training.py``, using the initializers from your ``initializers.py``, then writes
``<experiment>.png`` (loss curves and activation std per layer) and ``results.json`` (all the
numbers) to the output folder and prints a summary table.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import data
import initializers
import plots
import training

#: Each experiment: hidden layer sizes, activation, and the initializers to compare.
EXPERIMENTS = {
    "shallow_relu": {"hidden": [64], "activation": "relu"},
    "deep_relu": {"hidden": [128] * 8, "activation": "relu"},
    "deep_tanh": {"hidden": [128] * 8, "activation": "tanh"},
}
INITIALIZERS = ("zeros", "random_normal", "xavier_normal", "he_normal", "lecun_normal")
EPOCHS = 10
LEARNING_RATE = 0.01


def load_data(name: str, mnist_dir: str | None):
    """Return (X_train, y_train, X_test, y_test) for ``name``: digits, synthetic or mnist."""
    if name == "mnist":
        if mnist_dir is None:
            raise SystemExit("--data mnist needs --mnist-dir, the folder holding the four IDX files")
        return data.load_mnist(mnist_dir)
    return data.make_synthetic() if name == "synthetic" else data.load_digits()


def run_experiment(name: str, dataset, *, epochs: int = EPOCHS, lr: float = LEARNING_RATE) -> dict:
    """Train every initializer of ``INITIALIZERS`` on experiment ``name`` and return the results."""
    spec = EXPERIMENTS[name]
    chosen = {init: getattr(initializers, init) for init in INITIALIZERS}
    return training.compare_initializers(
        chosen,
        dataset,
        layer_sizes=[dataset[0].shape[1], *spec["hidden"], count_classes(dataset)],
        activation=spec["activation"],
        epochs=epochs,
        lr=lr,
    )


def count_classes(dataset) -> int:
    """Number of classes in a (X_train, y_train, X_test, y_test) tuple: largest label + 1."""
    return int(max(dataset[1].max(), dataset[3].max())) + 1


def summary_table(name: str, results: dict) -> str:
    """Format one experiment's results as a plain-text table."""
    lines = [f"{name}", f"  {'initializer':<15}{'final loss':>11}{'test acc':>10}{'first std':>12}{'last std':>12}"]
    for init, result in results.items():
        stds = result["activation_stds"]
        lines.append(
            f"  {init:<15}{result['loss'][-1]:>11.4f}{result['test_accuracy']:>10.3f}{stds[0]:>12.3g}{stds[-1]:>12.3g}"
        )
    return "\n".join(lines)


def write_json(payload, path: Path) -> None:
    """Write ``payload`` as JSON to ``path`` through a temporary file, so it is never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Compare weight initializers by training small networks.")
    parser.add_argument(
        "--data",
        choices=["digits", "synthetic", "mnist"],
        default="digits",
        help="data set to train on (default: digits, shipped with scikit-learn)",
    )
    parser.add_argument("--mnist-dir", help="folder with MNIST's four IDX files, raw or .gz (for --data mnist)")
    parser.add_argument(
        "--experiment",
        action="append",
        choices=sorted(EXPERIMENTS),
        help="run only this experiment (repeatable; default: all)",
    )
    parser.add_argument(
        "--out", default="comparison", help="folder for the plots and results.json (default: comparison)"
    )
    args = parser.parse_args(argv)
    dataset = load_data(args.data, args.mnist_dir)
    out = Path(args.out)
    everything = {}
    for name in args.experiment or EXPERIMENTS:
        results = run_experiment(name, dataset)
        plots.plot_comparison(
            results, out / f"{name}.png", title=f"{name} on {args.data}", n_classes=count_classes(dataset)
        )
        print(summary_table(name, results), flush=True)
        everything[name] = results
    write_json(
        {"data": args.data, "epochs": EPOCHS, "lr": LEARNING_RATE, "experiments": everything}, out / "results.json"
    )
    print(f"plots and results.json written to {out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
