"""Throughput and peak memory of the batch engine per back end and corpus size.

    python benchmarks/scale_bench.py                       # 1k/10k/100k, real pipeline
    python benchmarks/scale_bench.py --fn sentences        # engine overhead only (no geoparsing)
    python benchmarks/scale_bench.py --sizes 1000 10000 --configs serial local-2

Each measurement runs in a fresh process (``--child``) that streams a synthetic corpus from
``make_corpus.py`` through ``geomap.io.ingest.read_articles`` -> ``geomap.jobs.process_articles``
-> a JSONL file, like ``geomap extract --no-dedupe``.  The parent samples the resident memory
(RSS) of that process and all its descendants (pool workers, Dask nannies and workers) every
``SAMPLE_SECONDS`` and keeps the peak.  Wall time includes starting workers and opening the gazetteer.

The sampler runs on the same 2 cores as the engine: at every 20 ms (the first version) it took
7.7% of a core (psutil walks /proc for the process tree), which slowed the runs that keep
both cores busy (``local-2``, ``dask-2``) and not the others.  Every 100 ms costs 1.8% (measured
during a 10k dask-2 run).

Writes a markdown table (``--md``) and an SVG bar chart (``--svg``; no plotting library is a
dependency of geomap, so the chart is drawn by hand), and prints the table.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

#: name -> (engine, jobs); "shards" configs run ``run_dask_shards`` on a sharded copy of the corpus
CONFIGS = {
    "serial": ("local", 1),
    "local-2": ("local", 2),
    "dask-1": ("dask", 1),
    "dask-2": ("dask", 2),
    "shards-1": ("shards", 1),
    "shards-2": ("shards", 2),
}
#: Seconds between two samples of the process tree's memory (see the module docstring).
SAMPLE_SECONDS = 0.1
SHARD_SIZE = 2500  # articles per shard (at least 4): the same at 10k and 100k, so worker memory stays put


def shard_count(size: int) -> int:
    return max(4, -(-size // SHARD_SIZE))


@dataclass(frozen=True)
class Measurement:
    config: str
    size: int
    articles: int
    events: int
    seconds: float
    peak_rss_mb: float
    cpu_seconds: float  # user + system time of the whole process tree
    load: float  # 1-minute load average when the run started (other work on the machine)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


# --- child: one run --------------------------------------------------------------------------

def child(corpus: Path, *, engine: str, jobs: int, fn_name: str, chunk_size: int | None) -> None:
    if engine == "shards":
        return child_shards(corpus, jobs=jobs, fn_name=fn_name)
    from geomap.jobs import process_articles
    from geomap.io.formats import write_events
    from geomap.io.ingest import read_articles
    from scale_fns import FUNCTIONS

    fn = FUNCTIONS[fn_name]
    counted = {"articles": 0}

    def counting(articles):
        for article in articles:
            counted["articles"] += 1
            yield article

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:  # what `geomap extract --no-dedupe -o events.jsonl` runs
        events = process_articles(counting(read_articles([corpus])), jobs=jobs, engine=engine, fn=fn,
                                  chunk_size=chunk_size, progress=False)
        n_events = write_events(events, Path(tmp) / "events.jsonl")
    seconds = time.perf_counter() - start
    print(json.dumps({"articles": counted["articles"], "events": n_events, "seconds": seconds}))


def child_shards(shard_dir: Path, *, jobs: int, fn_name: str) -> None:
    """JSONL shards -> partitioned GeoParquet on a LocalCluster (workers read and write the files)."""
    from geomap.jobs import run_dask_shards
    from scale_fns import FUNCTIONS

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        results = run_dask_shards(shard_dir, tmp, jobs=jobs, fn=FUNCTIONS[fn_name], geojson=False,
                                  progress=False)
    seconds = time.perf_counter() - start
    print(json.dumps({"articles": sum(r.articles for r in results), "events": sum(r.events for r in results),
                      "seconds": seconds}))


# --- parent: spawn, sample memory, tabulate ----------------------------------------------------

def _sample_tree(proc, cpu_seen: dict[int, float]) -> int:
    """RSS of ``proc`` and its descendants now; records each process's CPU time in ``cpu_seen``."""
    import psutil

    total = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        try:
            with p.oneshot():
                total += p.memory_info().rss
                times = p.cpu_times()
                cpu_seen[p.pid] = times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def measure(corpus: Path, size: int, config: str, *, fn_name: str, chunk_size: int | None) -> Measurement:
    import psutil

    engine, jobs = CONFIGS[config]
    load = os.getloadavg()[0]
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(corpus), "--engine", engine,
           "--jobs", str(jobs), "--fn", fn_name] + (["--chunk-size", str(chunk_size)] if chunk_size else [])
    popen = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc = psutil.Process(popen.pid)
    peak = 0
    cpu_seen: dict[int, float] = {}  # pid -> user+system seconds at its last sample
    while popen.poll() is None:
        peak = max(peak, _sample_tree(proc, cpu_seen))
        time.sleep(SAMPLE_SECONDS)
    out, err = popen.communicate()
    if popen.returncode != 0:
        raise SystemExit(f"{config} on {corpus.name} failed:\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    return Measurement(config=config, size=size, articles=result["articles"], events=result["events"],
                       seconds=result["seconds"], peak_rss_mb=peak / 2**20, cpu_seconds=sum(cpu_seen.values()),
                       load=load)


def markdown(results: list[Measurement], *, fn_name: str) -> str:
    lines = [f"Per-article function: `{fn_name}`; machine: {os.cpu_count()} cores.", "",
             "| engine | articles | events | seconds | articles/s | CPU ms/article | peak RSS (MB, process tree) "
             "| load avg at start |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for m in results:
        lines.append(f"| {m.config} | {m.articles:,} | {m.events:,} | {m.seconds:.1f} | {m.rate:,.0f} "
                     f"| {1000 * m.cpu_seconds / max(1, m.articles):.2f} | {m.peak_rss_mb:,.0f} | {m.load:.1f} |")
    lines += ["", *checks(results)]
    return "\n".join(lines) + "\n"


def checks(results: list[Measurement]) -> list[str]:
    """The issue's targets, stated against the measurements that exist."""
    by = {(m.config, m.size): m for m in results}
    sizes = sorted({m.size for m in results})
    out = []
    biggest = sizes[-1] if sizes else None
    for config in CONFIGS:
        if (config, biggest) in by and config.endswith("-2"):
            rate = by[(config, biggest)].rate
            out.append(f"- {config}, {biggest:,} articles: {rate:,.0f} articles/s "
                       f"(target >= 300 on 2 cores: {'met' if rate >= 300 else 'NOT met'})")
    for config in CONFIGS:
        if (config, 10_000) in by and (config, 100_000) in by:
            small, big = by[(config, 10_000)].peak_rss_mb, by[(config, 100_000)].peak_rss_mb
            growth = big / small - 1
            out.append(f"- {config}: peak RSS 100k vs 10k {growth:+.1%} "
                       f"(target within 10%: {'met' if abs(growth) <= 0.10 else 'NOT met'})")
    for size in sizes:
        for one, two in (("dask-1", "dask-2"), ("shards-1", "shards-2")):
            if (one, size) in by and (two, size) in by:
                speedup = by[(two, size)].rate / by[(one, size)].rate
                out.append(f"- {two} vs {one}, {size:,} articles: {speedup:.2f}x "
                           f"(target >= 1.7x: {'met' if speedup >= 1.7 else 'NOT met'})")
    return out


def _nice_step(raw: float) -> float:
    import math

    magnitude = 10 ** math.floor(math.log10(max(raw, 1e-9)))
    return next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw)


def svg_to_png(svg: Path, png: Path) -> bool:
    """Rasterise the chart with headless Chromium when it is installed (no Python plotting dependency)."""
    import shutil

    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        print("no Chromium found: PNG chart skipped (the SVG is written)", file=sys.stderr)
        return False
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png.resolve()}", "--window-size=640,360", svg.resolve().as_uri()],
                   check=False, capture_output=True, timeout=120)
    return png.exists()


def svg_chart(results: list[Measurement], *, title: str) -> str:
    """Grouped bars of articles/s per corpus size and engine (plain SVG, no dependencies)."""
    from html import escape

    sizes = sorted({m.size for m in results})
    configs = [c for c in CONFIGS if any(m.config == c for m in results)]
    colours = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860"]
    by = {(m.config, m.size): m for m in results}
    step = _nice_step(max((m.rate for m in results), default=1.0) / 5)
    top = step * 6
    width, height, left, bottom, plot_h = 640, 360, 70, 50, 250
    group_w = (width - left - 20) / max(1, len(sizes))
    bar_w = group_w * 0.8 / max(1, len(configs))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">{escape(title)}</text>']
    base = height - bottom
    for k in range(7):  # y grid
        value = step * k
        y = base - plot_h * value / top
        parts.append(f'<line x1="{left}" x2="{width - 20}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,.0f}</text>')
    parts.append(f'<text x="16" y="{base - plot_h / 2}" transform="rotate(-90 16 {base - plot_h / 2})" '
                 f'text-anchor="middle">articles/s</text>')
    for i, size in enumerate(sizes):
        x0 = left + i * group_w + group_w * 0.1
        for j, config in enumerate(configs):
            m = by.get((config, size))
            if m is None:
                continue
            h = plot_h * m.rate / top
            parts.append(f'<rect x="{x0 + j * bar_w:.1f}" y="{base - h:.1f}" width="{bar_w - 2:.1f}" '
                         f'height="{h:.1f}" fill="{colours[j % len(colours)]}"><title>{config}: '
                         f'{m.rate:,.0f} articles/s, {m.peak_rss_mb:,.0f} MB</title></rect>')
        parts.append(f'<text x="{left + (i + 0.5) * group_w:.1f}" y="{base + 18}" text-anchor="middle">'
                     f'{size:,} articles</text>')
    for j, config in enumerate(configs):  # legend
        x = left + 10 + j * 90
        parts.append(f'<rect x="{x}" y="{height - 18}" width="12" height="12" fill="{colours[j % len(colours)]}"/>')
        parts.append(f'<text x="{x + 16}" y="{height - 8}">{escape(config)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--engine", default="local", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--fn", choices=["pipeline", "sentences"], default="pipeline",
                        help="per-article function: the real pipeline or the engine-overhead stand-in")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--configs", nargs="+", choices=list(CONFIGS), default=list(CONFIGS))
    parser.add_argument("--chunk-size", type=int, default=None,
                        help="articles per task (default: the engine's, 64 for the pool and 128 for Dask)")
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "geomap-bench")
    parser.add_argument("--md", type=Path, help="write the markdown table here")
    parser.add_argument("--svg", type=Path, help="write the bar chart here (SVG)")
    parser.add_argument("--png", type=Path, help="also rasterise the chart to PNG (needs Chromium)")
    parser.add_argument("--replot", type=Path, metavar="MD",
                        help="measure nothing: draw the chart (--svg/--png) from a table this script wrote (--md)")
    args = parser.parse_args(argv)

    if args.child:
        child(args.child, engine=args.engine, jobs=args.jobs, fn_name=args.fn, chunk_size=args.chunk_size)
        return 0
    if args.replot:
        write_chart(read_markdown(args.replot), fn_name=args.fn, svg=args.svg, png=args.png)
        return 0

    from make_corpus import size_label, write_corpus

    results: list[Measurement] = []
    for size in args.sizes:
        corpus = args.corpus_dir / f"corpus-{size_label(size)}.jsonl"
        if not corpus.exists():
            write_corpus(size, args.corpus_dir)
        shard_dir = args.corpus_dir / f"corpus-{size_label(size)}-shards"
        if any(CONFIGS[c][0] == "shards" for c in args.configs) and \
                len(list(shard_dir.glob("part-*.jsonl"))) != shard_count(size):
            import shutil

            shutil.rmtree(shard_dir, ignore_errors=True)
            write_corpus(size, args.corpus_dir, shards=shard_count(size))
        for config in args.configs:
            source = shard_dir if CONFIGS[config][0] == "shards" else corpus
            m = measure(source, size, config, fn_name=args.fn, chunk_size=args.chunk_size)
            print(f"{config:8s} {size:>7,} articles: {m.seconds:7.1f} s  {m.rate:8,.0f} articles/s  "
                  f"{m.events:>9,} events  peak {m.peak_rss_mb:6,.0f} MB  cpu {m.cpu_seconds:6.1f} s  load {m.load:.1f}",
                  flush=True)
            results.append(m)
    table = markdown(results, fn_name=args.fn)
    print()
    print(table)
    if args.md:
        args.md.write_text(table, encoding="utf-8")
    write_chart(results, fn_name=args.fn, svg=args.svg, png=args.png)
    return 0


def write_chart(results: list[Measurement], *, fn_name: str, svg: Path | None, png: Path | None) -> None:
    chart = svg_chart(results, title=f"geomap engine throughput, articles/s ({fn_name})")
    if svg:
        svg.write_text(chart, encoding="utf-8")
    if png:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "chart.svg"
            path.write_text(chart, encoding="utf-8")
            svg_to_png(path, png)


def read_markdown(path: Path) -> list[Measurement]:
    """The measurements of a table written by :func:`markdown` (rows of known configs only)."""
    results = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 8 or cells[0] not in CONFIGS:
            continue
        number = lambda text: float(text.replace(",", ""))  # noqa: E731
        articles, seconds = int(number(cells[1])), number(cells[3])
        results.append(Measurement(config=cells[0], size=articles, articles=articles, events=int(number(cells[2])),
                                   seconds=seconds, peak_rss_mb=number(cells[6]),
                                   cpu_seconds=number(cells[5]) * articles / 1000, load=number(cells[7])))
    return results


if __name__ == "__main__":
    sys.exit(main())
