"""A Bloom filter over every folded name, so that lookups of n-grams that are not place
names (most of what a recognizer probes) never reach SQLite.

Hashes are zlib's crc32 and adler32 (stable across processes, unlike ``hash``), combined by
double hashing.  About 12 bits per name and 6 probes: ~0.5 % false positives, which then
cost one indexed SQLite lookup.
"""
from __future__ import annotations

import math
import zlib
from collections.abc import Iterable

BITS_PER_KEY = 12
N_HASHES = 6


def build_bits(keys: Iterable[str], n_keys: int) -> tuple[bytes, int, int]:
    """(bit array, number of bits m, number of hashes k) for ``keys``."""
    import numpy as np

    m = max(64, int(n_keys * BITS_PER_KEY))
    h1 = []
    h2 = []
    for key in keys:
        b = key.encode("utf-8")
        h1.append(zlib.crc32(b))
        h2.append(zlib.adler32(b) | 1)
    a1 = np.asarray(h1, dtype=np.uint64)
    a2 = np.asarray(h2, dtype=np.uint64)
    bits = np.zeros((m + 7) // 8, dtype=np.uint8)
    for i in range(N_HASHES):
        idx = (a1 + np.uint64(i) * a2) % np.uint64(m)
        np.bitwise_or.at(bits, (idx >> np.uint64(3)).astype(np.int64),
                         (np.uint8(1) << (idx & np.uint64(7)).astype(np.uint8)))
    return bits.tobytes(), m, N_HASHES


class Bloom:
    """Membership test; ``key in bloom`` is False only if ``key`` was never added."""

    __slots__ = ("_bits", "_m", "_k")

    def __init__(self, bits: bytes, m: int, k: int):
        self._bits = bits
        self._m = m
        self._k = k

    def __contains__(self, key: str) -> bool:
        b = key.encode("utf-8")
        h1 = zlib.crc32(b)
        h2 = zlib.adler32(b) | 1
        bits, m = self._bits, self._m
        for i in range(self._k):
            j = (h1 + i * h2) % m
            if not bits[j >> 3] & (1 << (j & 7)):
                return False
        return True

    @staticmethod
    def false_positive_rate(n_keys: int, m: int, k: int) -> float:
        return (1 - math.exp(-k * n_keys / m)) ** k
