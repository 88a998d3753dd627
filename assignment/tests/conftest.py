"""Let the tests import your modules (initializers.py, training.py, ...) from the folder above."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
