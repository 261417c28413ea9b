"""npm tarballs built in tests: the layout npm publishes (files under ``package/``) and the
Subresource-Integrity string the registry gives for them."""
from __future__ import annotations

import base64
import hashlib
import io
import tarfile


def npm_tarball(files: dict[str, bytes]) -> bytes:
    """A gzipped tarball holding ``files`` (paths inside the package) under ``package/``."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buf.getvalue()


def sri_sha512(data: bytes) -> str:
    """``sha512-<base64>``, as ``npm view NAME@VERSION dist.integrity`` prints it."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
