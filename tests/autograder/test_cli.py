"""The initgrade command: demo reproduces the comparison's claims, release writes the folder,
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
    assert cli.main(["demo", "--out", str(target)]) == 2
    assert (
        f"initgrade demo: error: --out must be a folder; received {target}, which is a file" in capsys.readouterr().err
    )
    assert target.read_text() == "keep\n"


@pytest.mark.parametrize(
    "arguments, message",
    [
        ([], "the following arguments are required: COMMAND"),
        (["grade-everything"], "invalid choice: 'grade-everything'"),
        (["demo", "--experiment", "very_deep"], "invalid choice: 'very_deep'"),
        (["grade", "sub", "--out", "out", "--workers", "0"], "must be 1 or more; received 0"),
    ],
    ids=["no-command", "unknown-command", "unknown-experiment", "no-workers"],
)
def test_wrong_calls_exit_2_with_a_message(arguments, message):
    finished = initgrade(*arguments)
    assert finished.returncode == 2 and message in finished.stderr, finished.stderr


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
    for command in ("demo", "release"):
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
