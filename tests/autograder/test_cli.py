"""The initgrade command: demo reproduces the comparison's claims (the transfer experiment's too,
run by compare.py alone), release writes the folder,
grade exits 1 naming the submissions the grader failed on, and wrong calls exit 2 with a message
saying what was wrong."""

import json
import math
import subprocess
import sys

import pytest

from autograder import batch, cli, release
from autograder.reference import SOLUTIONS_DIR
from autograder.results import GradingResults, TestResult


def initgrade(*arguments, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "autograder", *arguments],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=600,
    )


@pytest.fixture(scope="module")
def deep_demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    finished = initgrade("demo", "--out", str(out), "--experiment", "deep_relu", "--experiment", "deep_tanh")
    assert finished.returncode == 0, finished.stderr
    return out, finished.stdout, json.loads((out / "comparison" / "results.json").read_text())["experiments"]


def test_demo_writes_a_plot_per_experiment_and_a_table(deep_demo):
    out, table, experiments = deep_demo
    assert sorted(p.name for p in (out / "comparison").iterdir()) == ["deep_relu.png", "deep_tanh.png", "results.json"]
    assert (out / "comparison" / "deep_relu.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "deep_relu" in table and "he_normal" in table and "final loss" in table


def test_demo_grades_the_sample_submissions(deep_demo):
    out, table, _ = deep_demo
    rows = {row.split(",")[0]: row.split(",") for row in (out / "grades" / "grades.csv").read_text().splitlines()[1:]}
    assert set(rows) == {"s001_correct", "s002_classic_mistakes", "s003_partial"}
    correct, mistakes, partial = (float(rows[s][1]) for s in sorted(rows))
    maximum = float(rows["s001_correct"][2])
    assert correct == maximum and 0 < partial < mistakes < maximum, rows
    assert "s002_classic_mistakes" in table


@pytest.mark.parametrize("experiment", ["deep_relu", "deep_tanh"])
def test_demo_zero_init_stalls_at_the_class_prior(deep_demo, experiment):
    losses = deep_demo[2][experiment]["zeros"]["loss"]
    assert max(abs(loss - math.log(10)) for loss in losses) < 1e-3, f"zero-init losses {losses} left ln(10)"


def test_demo_small_normal_vanishes_in_the_deep_relu_net_while_he_trains(deep_demo):
    small, he = deep_demo[2]["deep_relu"]["random_normal"], deep_demo[2]["deep_relu"]["he_normal"]
    assert small["activation_stds"][-1] < 1e-6 * small["activation_stds"][0], small["activation_stds"]
    assert small["gradient_norms"][0] < 1e-6, small["gradient_norms"]
    assert abs(small["loss"][-1] - math.log(10)) < 1e-2, f"N(0, 0.01) trained: final loss {small['loss'][-1]}"
    stds = he["activation_stds"]
    assert len(stds) == 8 and max(stds) / min(stds) < 2, f"He's activation stds drift: {stds}"
    assert he["loss"][-1] < 0.05 and he["test_accuracy"] > 0.9, (he["loss"][-1], he["test_accuracy"])


def test_demo_xavier_trains_the_deep_tanh_net(deep_demo):
    xavier = deep_demo[2]["deep_tanh"]["xavier_normal"]
    assert xavier["loss"][-1] < 0.1 and xavier["test_accuracy"] > 0.9, (xavier["loss"][-1], xavier["test_accuracy"])


def test_demo_is_deterministic(tmp_path):
    outputs = []
    for run in ("first", "second"):
        finished = initgrade("demo", "--out", str(tmp_path / run), "--experiment", "shallow_relu")
        assert finished.returncode == 0, finished.stderr
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / run / "comparison").iterdir()})
    assert outputs[0] == outputs[1], "two demo runs wrote different bytes"


def compare(out, *arguments, folder=SOLUTIONS_DIR):
    """Run ``compare.py`` of ``folder`` as ``initgrade demo`` does, writing to ``out``."""
    command = [sys.executable, str(folder / "compare.py"), "--out", str(out), *arguments]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)


@pytest.fixture(scope="module")
def transfer_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("transfer")
    finished = compare(out, "--experiment", "transfer", "--data", "synthetic")
    assert finished.returncode == 0, finished.stderr
    return out, finished.stdout, json.loads((out / "results.json").read_text())


def test_the_transfer_experiment_writes_its_plot_and_numbers_on_the_digits(transfer_run):
    out, table, results = transfer_run
    assert sorted(p.name for p in out.iterdir()) == ["results.json", "transfer.png"]
    assert results["experiments"] == {} and results["transfer"]["data"] == "digits", "--data must not change it"
    assert results["transfer"]["label_counts"] == [1, 2, 5, 10, 20]
    for method, result in results["transfer"]["results"].items():
        assert len(result["test_accuracy"]) == 5 and all(len(loss) == 50 for loss in result["loss"]), method
        assert method in table
    assert "start loss" in table


def test_pretrained_weights_start_at_ln5_and_beat_scratch_with_one_label_per_class(transfer_run):
    results = transfer_run[2]["transfer"]["results"]
    for method in ("frozen", "fine_tuned"):
        assert results[method]["initial_loss"] == pytest.approx([math.log(5)] * 5, abs=1e-6), method
        gain = results[method]["test_accuracy"][0] - results["scratch"]["test_accuracy"][0]
        assert gain > 0.1, f"{method} gains only {gain:.3f} over scratch with one label per class"
    assert all(result["test_accuracy"][-1] > 0.9 for result in results.values()), "20 labels per class"


def test_the_transfer_experiment_without_its_checkpoint_says_what_is_missing(tmp_path):
    folder = tmp_path / "assignment"
    folder.mkdir()
    for module in ("compare", "data", "initializers", "plots", "training"):
        (folder / f"{module}.py").write_text((SOLUTIONS_DIR / f"{module}.py").read_text())
    finished = compare(tmp_path / "out", "--experiment", "transfer", folder=folder)
    assert finished.returncode == 1 and not (tmp_path / "out").exists()
    assert f"the transfer experiment needs {folder / 'pretrained_digits.pt'}, which comes with" in finished.stderr


def test_release_command_writes_the_student_folder(tmp_path):
    finished = initgrade("release", "--out", str(tmp_path / "student"))
    assert finished.returncode == 0, finished.stderr
    assert f"wrote {len(release.render_release())} files" in finished.stdout
    assert (tmp_path / "student" / "initializers.py").read_text().count("raise NotImplementedError") >= 14


def test_release_command_reports_a_refusal_and_exits_2(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("keep\n")
    assert cli.main(["release", "--out", str(tmp_path)]) == 2
    assert "initgrade release: error:" in capsys.readouterr().err
    assert (tmp_path / "mine.txt").read_text() == "keep\n"


def test_demo_refuses_a_file_as_out(tmp_path, capsys):
    target = tmp_path / "results.txt"
    target.write_text("keep\n")
    with pytest.raises(SystemExit) as exited:
        cli.main(["demo", "--out", str(target)])
    assert exited.value.code == 2
    assert (
        f"initgrade demo: error: argument --out: must be a folder, or a path to make one at; received '{target}', "
        "which is a file (see initgrade demo --help)\n"
    ) == capsys.readouterr().err
    assert target.read_text() == "keep\n"


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    """A folder whose path has spaces, holding a submission folder, a notebook, a zip, a file and a
    secret file; the wrong calls below point into it."""
    root = tmp_path_factory.mktemp("wrong calls") / "a place with spaces"
    (root / "alice").mkdir(parents=True)
    (root / "bob.ipynb").write_text('{"cells": []}')
    (root / "carol.zip").write_bytes(b"PK")
    (root / "notes.txt").write_text("a file\n")
    (root / "secret").write_text("s3cret\n")
    return root


WRONG_CALLS = {  # id: (arguments, with {} for the place; what stderr's one line says)
    "no-command": ([], "initgrade: error: the following arguments are required: COMMAND"),
    "unknown-command": (["grade-everything"], "initgrade: error: argument COMMAND: invalid choice: 'grade-everything'"),
    "unknown-experiment": (["demo", "--experiment", "very_deep"], "argument --experiment: invalid choice: 'very_deep'"),
    "demo-out-a-file": (["demo", "--out", "{}/notes.txt"], "argument --out: must be a folder, or a path to make one"),
    "release-out-a-file": (["release", "--out", "{}/notes.txt"], "initgrade release: error: argument --out: must be"),
    "no-workers": (["grade", "{}/alice", "--out", "{}/out", "--workers", "0"], "must be 1 or more; received 0"),
    "workers-not-a-number": (
        ["grade", "{}/alice", "--out", "{}/out", "--workers", "two"],
        "argument --workers: must be a whole number of 1 or more; received 'two'",
    ),
    "missing-submission": (
        ["grade", "{}/nobody", "--out", "{}/out"],
        "initgrade grade: error: argument SUBMISSION: a submission must be a folder, a .zip or an .ipynb; "
        "received '{}/nobody' (no such file or folder) (see initgrade grade --help)",
    ),
    "submission-of-another-kind": (
        ["grade", "{}/notes.txt", "--out", "{}/out"],
        "received '{}/notes.txt' (a file with suffix '.txt')",
    ),
    "out-a-file": (
        ["grade", "{}/alice", "--out", "{}/notes.txt"],
        "initgrade grade: error: argument --out: must be a folder, or a path to make one at; received "
        "'{}/notes.txt', which is a file (see initgrade grade --help)",
    ),
    "out-under-a-file": (["grade", "{}/alice", "--out", "{}/notes.txt/out"], "must be under a folder; received"),
    "out-inside-a-submission": (
        ["grade", "{}/alice", "--out", "{}/alice/out"],
        "initgrade grade: error: cannot grade this batch: --out must not be inside a submission",
    ),
    "seed-not-a-number": (
        ["grade", "{}/alice", "--out", "{}/out", "--seed", "1.5"],
        "argument --seed: must be a whole number from 0 to 4294967295; received '1.5'",
    ),
    "seed-negative": (["grade", "{}/alice", "--out", "{}/out", "--seed", "-3"], "4294967295; received -3"),
    "seed-and-secret": (
        ["grade", "{}/alice", "--out", "{}/out", "--seed", "1", "--secret-file", "{}/secret"],
        "argument --secret-file: not allowed with argument --seed",
    ),
    "missing-secret-file": (
        ["grade", "{}/alice", "--out", "{}/out", "--secret-file", "{}/nothing"],
        "argument --secret-file: must be an existing file; received '{}/nothing' (no such file or folder)",
    ),
    "written-scores-a-folder": (
        ["grade", "{}/alice", "--out", "{}/out", "--written-scores", "{}/alice"],
        "argument --written-scores: must be an existing file; received '{}/alice' (a folder)",
    ),
    "same-student-twice": (["grade", "{}/alice", "{}/alice", "--out", "{}/out"], "repeated: ['alice']"),
    "nbgrader-init-a-notebook": (
        ["nbgrader", "init", "{}/bob.ipynb"],
        "initgrade nbgrader init: error: argument DIR: must be a folder, or a path to make one at; received",
    ),
    "nbgrader-course-a-notebook": (
        ["nbgrader", "autograde", "initialization", "--course", "{}/bob.ipynb"],
        "initgrade nbgrader autograde: error: argument --course: must be an existing folder; received "
        "'{}/bob.ipynb' (a file)",
    ),
    "nbgrader-course-missing": (
        ["nbgrader", "autograde", "initialization", "--course", "{}/nowhere"],
        "argument --course: must be an existing folder; received '{}/nowhere' (no such file or folder)",
    ),
    "nbgrader-course-without-config": (
        ["nbgrader", "autograde", "initialization", "--course", "{}/alice"],
        "initgrade nbgrader: error: ",
    ),
    "nbgrader-missing-secret": (
        ["nbgrader", "init", "{}/course", "--secret-file", "{}/nothing"],
        "argument --secret-file: must be an existing file",
    ),
    "nbgrader-no-step": (["nbgrader"], "the following arguments are required: STEP"),
    "gradescope-out-a-folder": (
        ["gradescope", "--out", "{}/alice"],
        "initgrade gradescope: error: argument --out: must be a file to write, not a folder; received "
        "'{}/alice', which is a folder",
    ),
    "gradescope-out-not-a-zip": (["gradescope", "--out", "{}/notes.txt"], "--out must name a .zip file to write"),
    "classroom-out-a-notebook": (
        ["classroom", "--out", "{}/bob.ipynb"],
        "initgrade classroom: error: argument --out: must be a folder, or a path to make one at",
    ),
    "classroom-no-out": (["classroom"], "the following arguments are required: --out"),
    "pretrain-out-a-folder": (
        ["pretrain", "--out", "{}/alice"],
        "initgrade pretrain: error: argument --out: must be a file to write, not a folder; received '{}/alice', "
        "which is a folder (see initgrade pretrain --help)",
    ),
    "pretrain-folder-missing": (
        ["pretrain", "--out", "{}/out/pretrained.pt"],
        "argument --out: must be a file in a folder that exists; received '{}/out/pretrained.pt', and "
        "'{}/out' does not exist",
    ),
    "pretrain-under-a-file": (["pretrain", "--out", "{}/notes.txt/p.pt"], "must be under a folder; received"),
}


@pytest.mark.parametrize("arguments, message", WRONG_CALLS.values(), ids=WRONG_CALLS.keys())
def test_wrong_calls_exit_2_with_one_line(place, arguments, message):
    finished = initgrade(*(argument.replace("{}", str(place)) for argument in arguments))
    lines = finished.stderr.splitlines()
    assert finished.returncode == 2, finished.stderr
    assert len(lines) == 1 and "Traceback" not in finished.stderr, finished.stderr
    assert message.replace("{}", str(place)) in lines[0], lines[0]
    assert not (place / "out").exists() and not (place / "course").exists(), "a wrong call wrote something"


def read_only_place(tmp_path):
    """A folder on a read-only file system (a tmpfs mounted read-only) in a mount namespace of its
    own (``unshare -m``): the folder, and the prefix that runs a command with it mounted there."""
    where = tmp_path / "read only"
    where.mkdir()
    return where, ["unshare", "-m", "sh", "-c", 'mount -t tmpfs -o size=1m,ro tmpfs "$0" && exec "$@"', str(where)]


@pytest.mark.parametrize(
    "arguments",
    [
        ["grade", "{sub}", "--out", "{ro}/out"],
        ["release", "--out", "{ro}"],
        ["gradescope", "--out", "{ro}/a.zip"],
        ["pretrain", "--out", "{ro}/p.pt"],
    ],
    ids=["grade-out", "release-out", "gradescope-out", "pretrain-out"],
)
def test_an_output_on_a_read_only_file_system_exits_2_with_one_line(tmp_path, arguments):
    where, prefix = read_only_place(tmp_path)
    (tmp_path / "sub").mkdir()
    arguments = [a.replace("{ro}", str(where)).replace("{sub}", str(tmp_path / "sub")) for a in arguments]
    finished = subprocess.run(
        [*prefix, sys.executable, "-m", "autograder", *arguments], capture_output=True, text=True, check=False
    )
    given = arguments[arguments.index("--out") + 1]
    assert finished.returncode == 2 and len(finished.stderr.splitlines()) == 1, finished.stderr
    assert f"must be in a folder you may write in; received '{given}', and " in finished.stderr, finished.stderr
    assert "is not writable (see initgrade" in finished.stderr and "Traceback" not in finished.stderr


def test_an_empty_secret_file_is_refused(tmp_path, capsys):
    (tmp_path / "secret").write_text("\n")
    (tmp_path / "sub").mkdir()
    arguments = [
        "grade",
        str(tmp_path / "sub"),
        "--out",
        str(tmp_path / "out"),
        "--secret-file",
        str(tmp_path / "secret"),
    ]
    assert cli.main(arguments) == 2
    assert f"the secret file {tmp_path / 'secret'} is empty" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


class NoForkServer:
    """Stands in for the fork server the CLI starts for one judge: the batch below is a fake."""

    def close(self):
        pass


@pytest.mark.parametrize(
    "grader_errors, internal_errors, status, stderr",
    [
        ([], [], 0, ""),
        (
            [
                ("zed", "worker did not start: ENOMEM"),
                ("amy", "2 hidden tests failed inside the grader: KeyError: 'x'"),
            ],
            ["amy: he: a: Traceback (most recent call last):\nKeyError: 'x'", "amy: he: b: ..."],
            1,
            "initgrade grade: the grader failed on 2 submission(s); they were not graded and will be graded again "
            "on the next run:\n"
            "  amy: 2 hidden tests failed inside the grader: KeyError: 'x'\n"
            "  zed: worker did not start: ENOMEM\n"
            "initgrade grade: internal error: amy: he: a: Traceback (most recent call last):\nKeyError: 'x'\n"
            "initgrade grade: internal error: amy: he: b: ...\n",
        ),
    ],
    ids=["all-graded-exits-0", "grader-errors-exit-1-listed-then-tracebacks"],
)
def test_grade_exits_1_and_lists_the_submissions_the_grader_failed_on(
    monkeypatch, capsys, tmp_path, grader_errors, internal_errors, status, stderr
):
    failed = [GradingResults(sid, grader_error=reason) for sid, reason in grader_errors]
    outcome = batch.BatchOutcome([GradingResults("bob", [TestResult("he: a", 0, 1)]), *failed], internal_errors)
    monkeypatch.setattr(batch, "grade_batch", lambda *args, **kwargs: outcome)
    monkeypatch.setattr(cli, "ForkServer", NoForkServer)
    (tmp_path / "bob").mkdir()
    arguments = ["grade", str(tmp_path / "bob"), "--out", str(tmp_path / "out"), "--seed", "0", "--workers", "1"]
    assert cli.main(arguments) == status
    printed = capsys.readouterr()
    assert printed.err == stderr, f"stderr:\n{printed.err}\nexpected:\n{stderr}"
    rows = {line.split()[0]: line.split(None, 3) for line in printed.out.splitlines()[1 : 2 + len(grader_errors)]}
    assert rows.pop("bob") == ["bob", "0/1", "he"], printed.out
    assert rows == {sid: [sid, "GRADER", "ERROR", reason] for sid, reason in grader_errors}, printed.out


def test_grade_options_have_help_text():
    finished = initgrade("grade", "--help")
    assert finished.returncode == 0
    for option in ("--out", "--seed", "--secret-file", "--workers", "--force", "--written-scores"):
        assert option in finished.stdout, f"{option} missing from: {finished.stdout}"
    assert "(default: the number of cores" in " ".join(finished.stdout.split()), finished.stdout


def test_every_option_has_help_text():
    for command in ("demo", "release", "pretrain"):
        finished = initgrade(command, "--help")
        assert finished.returncode == 0
        assert "--out" in finished.stdout and "(default:" in finished.stdout, finished.stdout


def test_compare_script_needs_a_folder_for_mnist(tmp_path):
    finished = subprocess.run(
        [sys.executable, str(SOLUTIONS_DIR / "compare.py"), "--data", "mnist"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert finished.returncode == 1 and "--data mnist needs --mnist-dir" in finished.stderr
