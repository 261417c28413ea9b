"""One HTTP(S) download loop for the gazetteer's fetchers (GeoNames dumps, npm tarballs).

:func:`stream` writes a URL into a file with a connect/read timeout, a size limit (the
announced length and the bytes received), a progress bar with size and rate on stderr when
asked, and a check that the whole announced length arrived.  Every failure is one line of
``GazetteerError``; the caller owns the file (a ``.part`` beside the target) and removes it.
"""
from __future__ import annotations

import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from gazetteer.errors import GazetteerError

__all__ = ["stream"]

_CHUNK = 1 << 16


def _open(url: str, timeout: float):
    request = urllib.request.Request(url, headers={"User-Agent": "geomap-gazetteer"})
    try:
        return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - http(s) only
    except urllib.error.HTTPError as exc:
        raise GazetteerError(f"download failed: {url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            reason = f"no answer within {timeout:g} s"
        raise GazetteerError(f"download failed: {url}: {reason}") from None
    except (socket.timeout, TimeoutError):
        raise GazetteerError(f"download failed: {url}: no answer within {timeout:g} s") \
            from None
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"download failed: {url}: {exc}") from None


def stream(url: str, part: Path, *, max_bytes: int, timeout: float, progress: bool = False,
           label: str = "", on_chunk: Callable[[bytes], object] | None = None) -> int:
    """Download ``url`` into ``part``; returns the number of bytes received.

    ``on_chunk`` sees every chunk as it is written (e.g. a hash's ``update``)."""
    with _open(url, timeout) as response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        if total is not None and total > max_bytes:
            raise GazetteerError(f"download refused: {url} is {total} bytes, over the "
                                 f"{max_bytes} byte limit")
        bar = None
        if progress:
            from tqdm import tqdm
            bar = tqdm(total=total, desc=label or None, unit="B", unit_scale=True,
                       unit_divisor=1024, file=sys.stderr, leave=False)
        received = 0
        try:
            with open(part, "wb") as out:
                while True:
                    try:
                        chunk = response.read(_CHUNK)
                    except (socket.timeout, TimeoutError):
                        raise GazetteerError(
                            f"download failed: {url}: connection stalled for {timeout:g} s "
                            f"after {received} bytes") from None
                    except (OSError, ValueError) as exc:  # reset, IncompleteRead...
                        raise GazetteerError(
                            f"download failed: {url}: connection dropped after {received}"
                            f" bytes ({exc.__class__.__name__})") from None
                    if not chunk:
                        break
                    received += len(chunk)
                    if received > max_bytes:
                        raise GazetteerError(f"download refused: {url} exceeds the "
                                             f"{max_bytes} byte limit")
                    if on_chunk is not None:
                        on_chunk(chunk)
                    out.write(chunk)
                    if bar is not None:
                        bar.update(len(chunk))
        finally:
            if bar is not None:
                bar.close()
    if total is not None and received != total:
        raise GazetteerError(f"download failed: {url}: connection dropped after {received} "
                             f"of {total} bytes")
    return received
