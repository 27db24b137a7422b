"""A counter-based random source: the same seed gives the same numbers on every machine.

SplitMix64 over (seed, stream, counter) in NumPy uint64 arithmetic: it is vectorised across
seeds, so a batch of problems is drawn in one pass with exactly the numbers each problem gets
when drawn alone. (NumPy's own generators cannot be vectorised across seeds.)
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S32 = (np.uint64(n) for n in (30, 27, 31, 32))


def _mix(x: np.ndarray) -> np.ndarray:
    # Array arithmetic on uint64 wraps modulo 2**64 silently, which is what SplitMix64 wants.
    x = x + _GOLDEN
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return x ^ (x >> _S31)


_MASK = 2**64 - 1


def _mix_int(x: int) -> int:
    """`_mix` of one number in Python integers: a single problem's seed, without NumPy's per-call cost."""
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


@lru_cache(maxsize=256)
def _counters(streams: tuple[int, ...], count: int) -> np.ndarray:
    return (np.asarray(streams, dtype=np.uint64).reshape(-1, 1) << _S32) + np.arange(count, dtype=np.uint64)[None, :]


def draws(seeds, stream, count: int) -> np.ndarray:
    """`count` uint64 draws for each seed: shape (len(seeds), count).

    `stream` is one number, or one per seed; with one seed and several streams (a tuple, or an
    array), one row per stream. A single seed may be a Python int.
    """
    if not isinstance(stream, tuple):
        stream = tuple(int(s) for s in np.asarray(stream).reshape(-1))
    counters = _counters(stream, count)
    if isinstance(seeds, int):
        return _mix(np.uint64(_mix_int(seeds)) ^ counters)
    seeds = np.asarray(seeds, dtype=np.uint64).reshape(-1)
    if len(seeds) == 1:
        return _mix(np.uint64(_mix_int(int(seeds[0]))) ^ counters)
    return _mix(_mix(seeds)[:, None] ^ counters)


def pick(pool, seeds: np.ndarray, stream: int, count: int) -> np.ndarray:
    """Values drawn uniformly from `pool`, shape (len(seeds), count)."""
    pool = np.asarray(pool)
    return pool[(draws(seeds, stream, count) % np.uint64(len(pool))).astype(np.intp)]
