"""The README's set-up is what CI runs, and the README speaks of what exists."""

import re

from autograder.reference import KIT_ROOT

README = (KIT_ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands():
    section = README.split("## Set-up", 1)[1]
    return re.search(r"```\n(.*?)```", section, re.DOTALL).group(1).strip().splitlines()


def test_the_setup_is_two_commands_and_ci_runs_exactly_them():
    commands = setup_commands()
    assert len(commands) == 2, f"the README's set-up has {len(commands)} commands: {commands}"
    ci_lines = [
        line
        for line in (KIT_ROOT / ".ci" / "run").read_text().splitlines()
        if line and not line.startswith(("#", "set ", "cd ", "apt-get "))
    ]
    assert ci_lines == commands, f".ci/run runs {ci_lines}, the README says {commands}"
    assert "initgrade demo" in commands[0] and "pytest" in commands[1]


def test_ci_installs_the_packages_the_readme_names_before_the_set_up():
    lines = (KIT_ROOT / ".ci" / "run").read_text().splitlines()
    installs = [i for i, line in enumerate(lines) if line.startswith("apt-get ") and "install -y" in line]
    first_command = lines.index(setup_commands()[0])
    assert installs and installs[0] < first_command, ".ci/run must install the packages before the set-up"
    named = re.search(r"`apt-get install -y ([^`]+)`", README).group(1).split()
    installed = lines[installs[0]].split("install -y -qq ", 1)[1].split()
    assert named == installed, f"the README names {named}; .ci/run installs {installed}"


def test_images_the_readme_shows_exist():
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (KIT_ROOT / image).is_file(), f"README shows {image}, which does not exist"
