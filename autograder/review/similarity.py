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
in runs B also holds; a pair is reported above the threshold when either direction reaches
``THRESHOLD``. A match shorter than ``NOISE`` tokens is never counted and one of ``GUARANTEE`` tokens
or more always is (winnowing's window, ``GUARANTEE - NOISE + 1``).
"""

from __future__ import annotations

import hashlib
import itertools
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
    first_regions: tuple
    second_regions: tuple

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
        return [pair for pair in self.pairs if pair.score >= self.threshold]


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
    """What copydetect's ``compare_files`` reads of a document (``CodeFingerprint``'s fields), made
    with a stable hash of each run of tokens: copydetect hashes them with Python's ``hash``, which
    changes from process to process, so the winnowed fingerprints, and the scores, would too."""

    filtered_code: str
    offsets: np.ndarray
    hashes: set
    hash_idx: dict
    k: int
    token_coverage: float


def stable_hashes(text: str, k: int) -> np.ndarray:
    """The 64-bit BLAKE2 hash of every run of ``k`` characters of ``text``, in order."""
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(text[i : i + k].encode(), digest_size=8).digest(), "big", signed=True)
            for i in range(len(text) - k + 1)
        ],
        dtype=np.int64,
    )


def fingerprint(code: str, boilerplate: np.ndarray, *, window: int = GUARANTEE - NOISE + 1) -> Fingerprint:
    """``code`` tokenized and filtered by copydetect (names ``V``, functions ``F``, strings ``S``,
    comments and whitespace dropped), its runs of ``NOISE`` tokens hashed and winnowed with
    ``window``, those among ``boilerplate`` left out."""
    from copydetect.utils import filter_code, get_token_coverage, winnow

    filtered, offsets = filter_code(code, "submission.py", "python")
    hashes, where = winnow(stable_hashes(filtered, NOISE), window, remove_duplicates=False)
    kept = ~np.isin(hashes, boilerplate)
    index: dict = {}
    for value, position in zip(hashes[kept].tolist(), where[kept].tolist()):
        index.setdefault(value, []).append(position)
    coverage = get_token_coverage(index, NOISE, len(filtered))
    return Fingerprint(filtered, offsets, set(index), index, NOISE, coverage)


def starter_hashes(folder: Path) -> np.ndarray:
    """Every fingerprint of the starter modules in ``folder`` (window 1: all of them)."""
    code = "\n".join(
        (folder / name).read_text(encoding="utf-8") for name in STUDENT_MODULES if (folder / name).is_file()
    )
    return np.unique(np.array(sorted(fingerprint(code, np.array([], dtype=np.int64), window=1).hashes)))


def compare(submissions, against=(), *, boilerplate: Path = STARTER, threshold: float = THRESHOLD) -> Comparison:
    """Compare every two ``submissions``, and each of them with each of ``against`` (never two of
    ``against`` with each other)."""
    from copydetect import compare_files

    mine, skipped = documents(submissions)
    theirs, skipped_against = documents(against, against=True)
    hashes = starter_hashes(boilerplate)
    prints = {id(doc): fingerprint(doc.code, hashes) for doc in [*mine, *theirs]}
    pairs = []
    candidates = [*itertools.combinations(mine, 2), *itertools.product(mine, theirs)]
    for first, second in candidates:
        a, b = prints[id(first)], prints[id(second)]
        if not a.hashes & b.hashes:
            continue
        _, (share_a, share_b), (regions_a, regions_b) = compare_files(a, b)
        if share_a or share_b:
            pairs.append(Pair(first, second, float(share_a), float(share_b), _regions(regions_a), _regions(regions_b)))
    pairs.sort(key=lambda pair: (-pair.score, pair.first.student_id, pair.second.student_id))
    return Comparison(pairs, [*skipped, *skipped_against], len(mine), len(theirs), threshold)


def _regions(slices: np.ndarray) -> tuple:
    return tuple(zip((int(x) for x in slices[0]), (int(x) for x in slices[1])))
