"""Build synthetic news corpora (JSONL) of any size from the repository's example articles.

Each synthetic article is 4-12 sentences drawn (seeded, so corpora are reproducible) from the
sentences of ``examples/`` (JSONL records and ``.txt`` bodies), with its own id, title and
publication date.  The corpora are written at run time, never committed:

    python benchmarks/make_corpus.py --sizes 1000 10000 100000 --out /tmp/geomap-bench
    python benchmarks/make_corpus.py --sizes 10000 --shards 8 --out /tmp/geomap-bench

writes ``corpus-1k.jsonl`` ... (and ``corpus-10k-shards/part-0000.jsonl`` ... with ``--shards``).
The writer streams: memory does not depend on the corpus size.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import tempfile
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’]?|$)")


def example_texts(examples: Path = EXAMPLES) -> list[str]:
    """Article bodies of the examples: JSONL ``text`` fields and ``.txt`` files after their headers."""
    texts: list[str] = []
    for path in sorted(examples.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    for path in sorted(examples.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        while lines and re.match(r"^[A-Za-z]+:\s", lines[0]):  # Title:/Date:/URL: header lines
            lines.pop(0)
        texts.append("\n".join(lines).strip())
    return [t for t in texts if t]


def example_sentences(examples: Path = EXAMPLES) -> list[str]:
    sentences = [m.group().strip() for text in example_texts(examples) for m in _SENTENCE.finditer(text)]
    sentences = [s for s in sentences if len(s.split()) >= 4]
    if not sentences:
        raise SystemExit(f"no example sentences found under {examples}")
    return sentences


def synthetic_articles(n: int, *, seed: int = 7, examples: Path = EXAMPLES) -> Iterator[dict]:
    """``n`` JSONL records (``id, title, published, url, source, text``), reproducible from ``seed``."""
    sentences = example_sentences(examples)
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    for i in range(n):
        body = rng.sample(sentences, k=min(len(sentences), rng.randint(4, 12)))
        published = start + dt.timedelta(days=rng.randrange(730))
        yield {
            "id": f"synthetic-{seed}-{i:07d}",
            "title": body[0][:80],
            "published": published.isoformat(),
            "url": f"https://example.org/synthetic/{i}",
            "source": "geomap synthetic corpus",
            "text": " ".join(body),
        }


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else str(n)


def write_corpus(n: int, out_dir: Path, *, shards: int = 0, seed: int = 7) -> Path:
    """Write a corpus of ``n`` articles; returns the JSONL file (or the shard directory)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records = synthetic_articles(n, seed=seed)
    if shards <= 0:
        path = out_dir / f"corpus-{size_label(n)}.jsonl"
        with open(path, "w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    shard_dir = out_dir / f"corpus-{size_label(n)}-shards"
    shard_dir.mkdir(exist_ok=True)
    per_shard = -(-n // shards)
    handles = [open(shard_dir / f"part-{k:04d}.jsonl", "w", encoding="utf-8") for k in range(shards)]
    try:
        for i, record in enumerate(records):  # contiguous blocks: shard k holds articles k*per_shard...
            handles[i // per_shard].write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        for fh in handles:
            fh.close()
    return shard_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "geomap-bench")
    parser.add_argument("--shards", type=int, default=0, help="write N JSONL shards instead of one file")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    for n in args.sizes:
        path = write_corpus(n, args.out, shards=args.shards, seed=args.seed)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
