"""``python -m autograder.platforms.gradescope run|check``: what the zip's scripts call."""

import sys

from autograder.platforms.gradescope import run

COMMANDS = {"run": run.run, "check": run.check}

if len(sys.argv) != 2 or sys.argv[1] not in COMMANDS:
    sys.exit(f"usage: python -m autograder.platforms.gradescope {{{'|'.join(COMMANDS)}}}; received {sys.argv[1:]}")
sys.exit(COMMANDS[sys.argv[1]]())
