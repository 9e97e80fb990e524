"""Passages two texts share, found by seeding on common k-grams and extending."""

from __future__ import annotations

from dataclasses import dataclass

_MAX_SEEDS = (
    16  # positions tried per k-gram; repeated boilerplate must not go quadratic
)


@dataclass(frozen=True, slots=True)
class SharedRun:
    """``first[start:end]`` equals ``second[other_start:other_end]``."""

    start: int
    end: int
    other_start: int
    other_end: int


def shared_runs(
    first: str, second: str, *, seed: int, min_length: int
) -> list[SharedRun]:
    """Non-overlapping runs of at least ``min_length`` characters common to both texts, in order of ``first``."""
    if len(first) < seed or len(second) < seed:
        return []
    positions: dict[str, list[int]] = {}
    for j in range(len(second) - seed + 1):
        positions.setdefault(second[j : j + seed], []).append(j)
    runs: list[SharedRun] = []
    i = 0
    while i <= len(first) - seed:
        candidates = positions.get(first[i : i + seed])
        if not candidates:
            i += 1
            continue
        length, j = max(
            (_extend(first, second, i, j, seed), j) for j in candidates[:_MAX_SEEDS]
        )
        if length >= min_length:
            runs.append(SharedRun(i, i + length, j, j + length))
            i += length
        else:
            i += 1
    return runs


def _extend(first: str, second: str, i: int, j: int, known: int) -> int:
    length = known
    limit = min(len(first) - i, len(second) - j)
    while length < limit and first[i + length] == second[j + length]:
        length += 1
    return length
