"""Run the assignment's training comparison on your own code and plot it.

Usage (from the assignment folder)::

    python compare.py                      # UCI digits, every experiment, plots in comparison/
    python compare.py --data synthetic     # a synthetic classification set instead
    python compare.py --data mnist --mnist-dir ~/mnist   # MNIST from local IDX files
    python compare.py --experiment deep_relu --out results/
    python compare.py --experiment transfer  # only the pre-trained weights of Part 4

For each initializer experiment it trains one network per initializer with
``compare_initializers`` from your ``training.py``, using the initializers from your
``initializers.py``, and writes ``<experiment>.png`` (loss curves and activation std per layer).

The ``transfer`` experiment (Part 4) starts from ``pretrained_digits.pt``, beside this script: a
network trained on all ten digits. ``compare_transfer`` retrains it on a new task, digits 5-9 with
a few labelled images per class, beside a network trained from scratch, and ``transfer.png``
shows test accuracy against the number of labels. It always uses the digits, the data the
network was pre-trained on, whatever ``--data`` says.

All the numbers go to ``results.json`` in the output folder, and a summary table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import data
import initializers
import numpy as np
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

#: The transfer experiment: the pre-trained network (its file, beside this script, and its layer
#: sizes) and how each network is trained on the target task.
TRANSFER = "transfer"
CHECKPOINT = Path(__file__).resolve().parent / "pretrained_digits.pt"
PRETRAINED_SIZES = [64, 64, 32, 10]
LABEL_COUNTS = [1, 2, 5, 10, 20]
TRANSFER_EPOCHS = 50
TRANSFER_TITLE = "pre-trained on digits 0-9, retrained on digits 5-9"


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


def run_transfer(checkpoint: Path = CHECKPOINT, *, epochs: int = TRANSFER_EPOCHS, lr: float = LEARNING_RATE) -> dict:
    """Retrain the network of ``checkpoint`` on the target task of ``data.load_transfer_digits``
    and return ``compare_transfer``'s results: scratch (He), frozen and fine-tuned (zero head)."""
    _, target_task = data.load_transfer_digits()
    # The initializer does not matter here: load_state_dict replaces every weight and bias.
    source = training.build_mlp(PRETRAINED_SIZES, initializers.he_normal, np.random.default_rng(0))
    source.load_state_dict(training.load_pretrained(checkpoint))
    return training.compare_transfer(
        source,
        target_task,
        scratch_initializer=initializers.he_normal,
        head_initializer=initializers.zeros,
        label_counts=LABEL_COUNTS,
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


def transfer_table(results: dict) -> str:
    """Format the transfer experiment's results as a plain-text table: test accuracy per number of
    labelled images per class, and the loss before training on the first (fewest) of them."""
    counts = "".join(f"{k:>7}" for k in LABEL_COUNTS)
    lines = [
        f"{TRANSFER} (digits 5-9; test accuracy by labelled images per class)",
        f"  {'method':<12}{counts}{'start loss':>12}",
    ]
    for method, result in results.items():
        accuracies = "".join(f"{accuracy:>7.3f}" for accuracy in result["test_accuracy"])
        lines.append(f"  {method:<12}{accuracies}{result['initial_loss'][0]:>12.3f}")
    return "\n".join(lines)


def write_json(payload, path: Path) -> None:
    """Write ``payload`` as JSON to ``path`` through a temporary file, so it is never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Compare weight initializers by training small networks, and pre-trained weights with training "
        "from scratch."
    )
    parser.add_argument(
        "--data",
        choices=["digits", "synthetic", "mnist"],
        default="digits",
        help="data set of the initializer experiments (default: digits, shipped with scikit-learn); the "
        f"{TRANSFER} experiment always uses the digits, on which its network was pre-trained",
    )
    parser.add_argument("--mnist-dir", help="folder with MNIST's four IDX files, raw or .gz (for --data mnist)")
    parser.add_argument(
        "--experiment",
        action="append",
        choices=[*sorted(EXPERIMENTS), TRANSFER],
        help="run only this experiment (repeatable; default: all)",
    )
    parser.add_argument(
        "--out", default="comparison", help="folder for the plots and results.json (default: comparison)"
    )
    args = parser.parse_args(argv)
    names = args.experiment or [*EXPERIMENTS, TRANSFER]
    if TRANSFER in names and not CHECKPOINT.is_file():
        raise SystemExit(f"the {TRANSFER} experiment needs {CHECKPOINT}, which comes with the assignment")
    out = Path(args.out)
    payload = {"data": args.data, "epochs": EPOCHS, "lr": LEARNING_RATE, "experiments": {}}
    initializer_experiments = [name for name in names if name != TRANSFER]
    if initializer_experiments:
        dataset = load_data(args.data, args.mnist_dir)
    for name in initializer_experiments:
        results = run_experiment(name, dataset)
        plots.plot_comparison(
            results, out / f"{name}.png", title=f"{name} on {args.data}", n_classes=count_classes(dataset)
        )
        print(summary_table(name, results), flush=True)
        payload["experiments"][name] = results
    if TRANSFER in names:
        results = run_transfer()
        plots.plot_transfer(
            results,
            LABEL_COUNTS,
            out / f"{TRANSFER}.png",
            title=TRANSFER_TITLE,
            n_classes=len(data.TARGET_DIGITS),
        )
        print(transfer_table(results), flush=True)
        payload[TRANSFER] = {
            "data": "digits",
            "label_counts": LABEL_COUNTS,
            "epochs": TRANSFER_EPOCHS,
            "lr": LEARNING_RATE,
            "results": results,
        }
    write_json(payload, out / "results.json")
    print(f"plots and results.json written to {out}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
