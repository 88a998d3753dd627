"""The PNG histogram: bars as tall as their counts, values binned as documented, ticks readable."""

import io

import pytest
from PIL import Image

from autograder.reports.png_histogram import BAR, BOTTOM, LEFT, RIGHT, histogram_png, integer_ticks

BAR_RGB = tuple(int(BAR[i : i + 2], 16) for i in (1, 3, 5))


def bar_heights(png: bytes, edges: list[float]) -> list[int]:
    """The height in pixels of the bar drawn in each bin, read back from the image's middle column."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    heights = []
    for start, end in zip(edges, edges[1:]):
        x = round(LEFT + ((start + end) / 2 - edges[0]) / (edges[-1] - edges[0]) * (RIGHT - LEFT))
        heights.append(sum(image.getpixel((x, y)) == BAR_RGB for y in range(BOTTOM + 1)))
    return heights


def draw(values, edges):
    return histogram_png(values, edges=edges, title="totals", xlabel="points", ylabel="students")


@pytest.mark.parametrize(
    "values, edges, counts",
    [
        ([0, 1, 1, 2, 2, 2, 4], [-0.5, 0.5, 1.5, 2.5, 3.5, 4.5], [1, 2, 3, 0, 1]),
        ([0.5, 1.5, 3.0], [-0.5, 0.5, 1.5, 2.5, 3.5], [0, 1, 1, 1]),  # on an edge: the bin to its right
        ([10.0, 10.0, 0.0], [0, 5, 10], [1, 2]),  # the last edge belongs to the last bin
        ([-3.0, 99.0], [0, 5, 10], [1, 1]),  # outside: the nearest bin
        ([], [0, 1, 2], [0, 0]),
    ],
    ids=["counts", "on-an-edge", "last-edge", "outside", "empty"],
)
def test_each_bar_is_as_tall_as_its_count(values, edges, counts):
    heights = bar_heights(draw(values, edges), edges)
    unit = max(heights) / max(counts) if max(counts) else 0
    expected = [count * unit for count in counts]
    assert all(abs(h - e) <= 1 for h, e in zip(heights, expected)), (
        f"bar heights {heights} px for counts {counts}; expected {expected}"
    )


def test_the_image_is_640_by_360_and_the_same_input_gives_the_same_bytes():
    png = draw([1, 2, 2, 3], [0, 1, 2, 3, 4])
    assert Image.open(io.BytesIO(png)).size == (640, 360)
    assert draw([1, 2, 2, 3], [0, 1, 2, 3, 4]) == png, "two drawings of the same histogram differ"
    assert draw([1, 2, 3, 3], [0, 1, 2, 3, 4]) != png, "different counts drew the same image"


@pytest.mark.parametrize("low, high", [(0, 1.1), (0, 8), (0, 30), (0, 147.5), (0, 3300), (3, 17), (-5, 5)])
def test_ticks_are_few_round_integers_inside_the_range(low, high):
    ticks = integer_ticks(low, high)
    steps = {b - a for a, b in zip(ticks, ticks[1:])}
    assert 2 <= len(ticks) <= 10, f"{len(ticks)} ticks for [{low}, {high}]: {ticks}"
    assert all(low <= t <= high for t in ticks), f"ticks {ticks} outside [{low}, {high}]"
    assert len(steps) == 1, f"uneven ticks {ticks}"
    step = steps.pop()
    assert int(str(step).rstrip("0") or "0") in (1, 2, 5), f"step {step} is not 1, 2 or 5 times a power of ten"
    assert all(t % step == 0 for t in ticks), f"ticks {ticks} are not multiples of their step {step}"
