"""``python -m autograder`` is the same as the ``initgrade`` command."""

from autograder.cli import main

raise SystemExit(main())
