"""Fixtures of the hidden suite: the submission and seed that ``autograder.grading`` fills in for
each run, and the shapes the initializer tests draw, chosen from that seed."""

import numpy as np
import pytest

from autograder.hidden.support import SEED_KEY, SUBMISSION_KEY, seed_for

# Each run draws its shapes from the seed (so from the student, see autograder.batch): a wide
# kernel, the same transposed, and a convolution kernel of every rank real layers use (1-d, 2-d,
# 3-d: ranks 3, 4, 5), with fans >= 64, dense fan_in / fan_out between 3 and 5 and receptive
# fields of 3 or more, so that every fan mistake moves the variance far beyond the check's interval.
FAN_PAIRS = [(512, 128), (480, 120), (576, 144), (384, 128), (500, 100), (448, 112), (600, 150), (420, 140)]
KERNELS_1D = [(5, 32, 64), (3, 48, 96), (7, 16, 40), (3, 64, 32)]
KERNELS = [(3, 3, 32, 64), (3, 3, 24, 48), (5, 5, 16, 40), (3, 3, 40, 96)]
KERNELS_3D = [(3, 3, 3, 16, 32), (3, 3, 3, 8, 24), (2, 3, 3, 12, 36), (3, 3, 3, 24, 12)]
SMALL_PAIRS = [(64, 32), (48, 24), (72, 40), (56, 28), (40, 72)]
SMALL_OTHERS = [
    [(3, 3, 4, 8), (2, 5, 6), (2, 2, 2, 3, 4)],
    [(5, 5, 2, 6), (3, 4, 7), (3, 2, 2, 2, 5)],
    [(3, 3, 6, 4), (2, 2, 9), (2, 3, 2, 4, 3)],
]


@pytest.fixture(scope="session")
def submission(pytestconfig):
    """The only door to the student's code (see ``autograder.sandbox.submission``)."""
    return pytestconfig.stash[SUBMISSION_KEY]


@pytest.fixture(scope="session")
def hidden_seed(pytestconfig):
    """The run's seed: every random choice of the suite derives from it."""
    return pytestconfig.stash[SEED_KEY]


@pytest.fixture(scope="session")
def shapes(hidden_seed) -> list[tuple]:
    """The run's large shapes: wide, tall (the wide one transposed), then a 1-d, a 2-d and a 3-d
    convolution kernel."""
    rng = np.random.default_rng(seed_for(hidden_seed, "shapes"))
    wide = FAN_PAIRS[rng.integers(len(FAN_PAIRS))]
    return [wide, wide[::-1], *(kernels[rng.integers(len(kernels))] for kernels in (KERNELS_1D, KERNELS, KERNELS_3D))]


@pytest.fixture(scope="session")
def small_shapes(hidden_seed) -> list[tuple]:
    """The run's small shapes, for the checks that need no statistics: 2-d both ways, 4-d, 3-d, 5-d."""
    rng = np.random.default_rng(seed_for(hidden_seed, "small shapes"))
    pair = SMALL_PAIRS[rng.integers(len(SMALL_PAIRS))]
    return [pair, pair[::-1], *SMALL_OTHERS[rng.integers(len(SMALL_OTHERS))]]
