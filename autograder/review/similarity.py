"""How much code two submissions share, as evidence for a person to read, never a verdict.

    compare(submissions, against=(), boilerplate=STARTER) -> Comparison

Each submission (a folder, a ``.zip`` or a notebook, loaded as ``grading.load`` loads it, so
nothing is run and a notebook's code cells are what is compared) becomes one document: its
student modules (``STUDENT_MODULES``) joined in that order. copydetect tokenizes it with Python's
lexer and keeps the token kinds, not their text, for names and strings (every variable becomes
``V``, every function name ``F``, every string ``S``) and drops comments and whitespace, so renamed
names, rewritten comments or docstrings, and reformatting change nothing; it then keeps the
winnowed fingerprints of every run of ``NOISE`` such tokens, so functions in another order still
match piece by piece. Fingerprints of the starter code (the student release's modules) are
boilerplate: the stubs every student starts from never count as shared.

The similarity of A to B is the share of A's fingerprinted tokens (boilerplate left out) that lie
in runs B also holds; a pair is flagged when either direction reaches ``THRESHOLD`` over at least
``MIN_SHARED`` shared tokens (two short functions written from the same lecture can share most of
their few tokens; a copied submission shares thousands). A match shorter than ``NOISE`` tokens is
never counted and one of ``GUARANTEE`` tokens or more always is (winnowing's window,
``GUARANTEE - NOISE + 1``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from autograder.grading.load import Unloadable, load_submission, student_id_for
from autograder.reference import ASSIGNMENT_DIR

STUDENT_MODULES = ("initializers.py", "training.py", "notebook.py")
STARTER = ASSIGNMENT_DIR
NOISE = 25  # tokens: shorter matches are ignored
GUARANTEE = 30  # tokens: longer matches are always found
THRESHOLD = 0.7  # of the score: docs/similarity.md shows where independent work and disguised copies fall
MAX_CODE_BYTES = 2**20  # of student modules per submission: more is reported and skipped
MIN_SHARED = 300  # tokens in shared runs, about a dozen runs: less is too little code to flag (a short function)
MAX_SHOWN = 100  # pairs shown side by side in similarity.html; the CSV has every pair
PER_PROCESS = 16  # submissions fingerprinted per task when several processes share the work


@dataclass(frozen=True)
class Document:
    """One submission's code as compared: who, where it came from, the joined student modules,
    and whether it is one of the ``--against`` submissions (earlier terms, the reference)."""

    student_id: str
    source: Path
    code: str
    against: bool = False


@dataclass(frozen=True)
class Pair:
    """Two documents' shared code: each one's share of its own tokens found in the other, and
    where in each the shared runs lie (character offsets into ``code``, start and end)."""

    first: Document
    second: Document
    first_share: float
    second_share: float
    shared_tokens: int = 0
    first_regions: tuple = ()
    second_regions: tuple = ()

    @property
    def score(self) -> float:
        return max(self.first_share, self.second_share)


@dataclass
class Comparison:
    """Every pair with shared code, highest score first; the submissions skipped and why."""

    pairs: list[Pair]
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    documents: int = 0
    against: int = 0
    threshold: float = THRESHOLD

    def above(self) -> list[Pair]:
        """The pairs flagged: a score at or above the threshold over ``MIN_SHARED`` tokens or more."""
        return [pair for pair in self.pairs if flagged(pair, self.threshold)]

    def shown(self) -> list[Pair]:
        """The pairs the page shows side by side: the first ``MAX_SHOWN`` at or above the threshold."""
        return self.above()[:MAX_SHOWN]


def flagged(pair: Pair, threshold: float) -> bool:
    return pair.score >= threshold and pair.shared_tokens >= MIN_SHARED


def read_code(source: Path) -> str:
    """The student modules of ``source`` joined in ``STUDENT_MODULES`` order; ``Unloadable`` if
    the submission cannot be loaded, ``ValueError`` if its code exceeds ``MAX_CODE_BYTES``."""
    with tempfile.TemporaryDirectory(prefix="initgrade-similarity-") as scratch:
        loaded = load_submission(source, Path(scratch))
        parts = [(loaded / name) for name in STUDENT_MODULES if (loaded / name).is_file()]
        size = sum(path.stat().st_size for path in parts)
        if size > MAX_CODE_BYTES:
            raise ValueError(f"{size:,} bytes of code, more than the {MAX_CODE_BYTES:,} compared")
        return "\n".join(f"# {path.name}\n{path.read_text(encoding='utf-8')}" for path in parts)


def documents(sources, *, against: bool = False) -> tuple[list[Document], list[tuple[Path, str]]]:
    """Read each source; one that cannot be read goes to the second list with the reason."""
    read, skipped = [], []
    for source in sources:
        try:
            read.append(Document(student_id_for(source), source, read_code(source), against))
        except (Unloadable, ValueError, OSError) as error:
            skipped.append((source, str(error)))
    return read, skipped


@dataclass
class Fingerprint:
    """A document's winnowed fingerprints: the fields copydetect's ``compare_files`` reads
    (``CodeFingerprint``'s), used only to mark the shared regions of the pairs shown, and the
    arrays every pair's shares are computed from (``positions``, sorted, and the hash at each)."""

    filtered_code: str
    offsets: np.ndarray
    hashes: set
    hash_idx: dict
    k: int
    token_coverage: float
    positions: np.ndarray
    position_hashes: np.ndarray
    unique: np.ndarray


def stable_hashes(text: str, k: int) -> np.ndarray:
    """The 64-bit BLAKE2 hash of every run of ``k`` characters of ``text``, in order. (copydetect
    hashes them with Python's ``hash``, which changes from process to process: the winnowed
    fingerprints, and the scores, would too.)"""
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(text[i : i + k].encode(), digest_size=8).digest(), "big", signed=True)
            for i in range(len(text) - k + 1)
        ],
        dtype=np.int64,
    )


def covered(positions: np.ndarray, k: int) -> int:
    """How many tokens the runs of ``k`` starting at ``positions`` (sorted) cover together: each
    run adds the gap to the next, at most ``k``, and the last adds ``k`` (copydetect's
    ``get_copied_slices`` summed)."""
    if len(positions) == 0:
        return 0
    return int(np.minimum(np.diff(positions), k).sum()) + k


def fingerprint(code: str, boilerplate: np.ndarray, *, window: int = GUARANTEE - NOISE + 1) -> Fingerprint:
    """``code`` tokenized and filtered by copydetect (names ``V``, functions ``F``, strings ``S``,
    comments and whitespace dropped), its runs of ``NOISE`` tokens hashed and winnowed with
    ``window``, those among ``boilerplate`` left out."""
    from copydetect.utils import filter_code, winnow

    filtered, offsets = filter_code(code, "submission.py", "python")
    hashes, where = winnow(stable_hashes(filtered, NOISE), window, remove_duplicates=False)
    kept = ~np.isin(hashes, boilerplate)
    order = np.argsort(where[kept], kind="stable")
    positions, position_hashes = where[kept][order].astype(np.int64), hashes[kept][order]
    index: dict = {}
    for value, position in zip(position_hashes.tolist(), positions.tolist()):
        index.setdefault(value, []).append(position)
    unique = np.unique(position_hashes)
    return Fingerprint(
        filtered, offsets, set(index), index, NOISE, covered(positions, NOISE), positions, position_hashes, unique
    )


class Shares:
    """Every document's fingerprints against one numbering of all the hashes they hold, so that
    the share of one document in another is two array lookups: ``membership[b]`` says which hashes
    ``b`` holds, ``ids[a]`` is the number of the hash at each of ``a``'s positions."""

    def __init__(self, prints: list[Fingerprint]):
        universe = np.unique(np.concatenate([p.unique for p in prints])) if prints else np.array([], np.int64)
        self.prints = prints
        self.ids = [np.searchsorted(universe, p.position_hashes) for p in prints]
        self.membership = np.zeros((len(prints), len(universe)), dtype=bool)
        for number, ids in enumerate(self.ids):
            self.membership[number, ids] = True

    def shared(self, a: int, b: int) -> int:
        """How many of document ``a``'s fingerprinted tokens lie in runs document ``b`` also holds."""
        return covered(self.prints[a].positions[self.membership[b, self.ids[a]]], self.prints[a].k)

    def share(self, a: int, b: int, shared: int | None = None) -> float:
        """``shared`` (by default ``shared(a, b)``) as a share of ``a``'s fingerprinted tokens
        (copydetect's similarity of ``a`` to ``b``)."""
        coverage = self.prints[a].token_coverage
        shared = self.shared(a, b) if shared is None else shared
        return shared / coverage if coverage else 0.0


def fingerprints(codes: list[str], boilerplate: np.ndarray) -> list[Fingerprint]:
    """``fingerprint`` of each of ``codes``, on every core when there are many (tokenizing is
    most of a comparison's time: about 0.14 s a submission)."""
    import concurrent.futures  # here: the command line builds its parser from this module's constants

    workers = min(os.cpu_count() or 1, len(codes) // PER_PROCESS)
    if workers < 2:
        return [fingerprint(code, boilerplate) for code in codes]
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        return list(pool.map(fingerprint, codes, itertools.repeat(boilerplate), chunksize=PER_PROCESS))


def starter_hashes(folder: Path) -> np.ndarray:
    """Every fingerprint (window 1: all of them) of the starter code in ``folder``: its student
    modules, and each notebook's code as a notebook submission's is read (its setup cells and
    stubs)."""
    parts = [(folder / name).read_text(encoding="utf-8") for name in STUDENT_MODULES if (folder / name).is_file()]
    parts += [read_code(notebook) for notebook in sorted(folder.glob("*.ipynb"))]
    return fingerprint("\n".join(parts), np.array([], dtype=np.int64), window=1).unique


def compare(submissions, against=(), *, boilerplate: Path = STARTER, threshold: float = THRESHOLD) -> Comparison:
    """Compare every two ``submissions``, and each of them with each of ``against`` (never two of
    ``against`` with each other). The shared regions are found for the first ``MAX_SHOWN`` pairs
    at or above ``threshold``, the ones the page shows."""
    from copydetect import compare_files

    mine, skipped = documents(submissions)
    theirs, skipped_against = documents(against, against=True)
    everyone = [*mine, *theirs]
    prints = fingerprints([doc.code for doc in everyone], starter_hashes(boilerplate))
    shares = Shares(prints)
    pairs = []
    numbers = range(len(mine))
    candidates = [*itertools.combinations(numbers, 2), *itertools.product(numbers, range(len(mine), len(everyone)))]
    for a, b in candidates:
        ab, ba = shares.shared(a, b), shares.shared(b, a)
        if ab or ba:
            pairs.append(Pair(everyone[a], everyone[b], shares.share(a, b, ab), shares.share(b, a, ba), max(ab, ba)))
    pairs.sort(key=lambda pair: (-pair.score, pair.first.student_id, pair.second.student_id))
    number_of = {id(doc): number for number, doc in enumerate(everyone)}
    shown = [number for number, pair in enumerate(pairs) if flagged(pair, threshold)][:MAX_SHOWN]
    for number in shown:
        pair = pairs[number]
        a, b = prints[number_of[id(pair.first)]], prints[number_of[id(pair.second)]]
        _, _, (regions_a, regions_b) = compare_files(a, b)
        pairs[number] = dataclasses.replace(pair, first_regions=_regions(regions_a), second_regions=_regions(regions_b))
    return Comparison(pairs, [*skipped, *skipped_against], len(mine), len(theirs), threshold)


def _regions(slices: np.ndarray) -> tuple:
    return tuple(zip((int(x) for x in slices[0]), (int(x) for x in slices[1])))
