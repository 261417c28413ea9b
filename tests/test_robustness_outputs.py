"""Outputs: unknown suffixes, unwritable paths, failing exports and Ctrl-C never leave a
half-written file and never touch what was there before."""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from geomap.jobs import STORE_NAME
from test_robustness_support import extracted_events, GEOMAP, article, geomap, store_article_ids, write_jsonl


@pytest.fixture(scope="module")
def events_file(tmp_path_factory, gazetteer_store) -> Path:
    return extracted_events(tmp_path_factory.mktemp("events"), "o")


def no_temp_files(directory: Path) -> bool:
    return not [p for p in directory.iterdir() if p.name.endswith(".tmp")]


def test_unknown_output_suffix(events_file, tmp_path):
    articles = events_file.with_name("articles.jsonl")
    result = geomap("extract", articles, "-o", tmp_path / "events.xyz", "-j", "1")
    assert result.code == 4
    assert result.error.startswith(f"geomap: error: cannot write '{tmp_path / 'events.xyz'}': unknown suffix '.xyz'; "
                                   "supported: .jsonl")
    result = geomap("export", events_file, "-o", tmp_path / "out.doc")
    assert result.code == 4 and "unknown suffix '.doc'" in result.error
    assert list(tmp_path.iterdir()) == []


def test_unknown_events_suffix_for_map_and_export(events_file, tmp_path):
    weird = tmp_path / "events.weird"
    weird.write_bytes(events_file.read_bytes())
    for command in (["map", weird, "-o", tmp_path / "m.html"], ["export", weird, "-o", tmp_path / "e.csv"]):
        result = geomap(*command)
        assert result.code == 2
        assert result.error.startswith(f"geomap: error: cannot read '{weird}': unknown suffix '.weird'")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.weird"]


@pytest.mark.parametrize("command", [
    ["run", "{articles}", "--out", "{blocker}/maps", "-j", "1"],
    ["extract", "{articles}", "-o", "{blocker}/events.jsonl", "-j", "1"],
    ["geoparse", "{articles}", "-o", "{blocker}/mentions.jsonl"],
    ["export", "{events}", "-o", "{blocker}/events.gpkg"],
    ["map", "{events}", "-o", "{blocker}/index.html"],
], ids=["run", "extract", "geoparse", "export", "map"])
def test_output_under_a_regular_file_is_a_one_line_error(command, events_file, tmp_path):
    """Tests run as root, so a read-only folder stops nothing: a path whose parent is a file does."""
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    args = [part.format(articles=events_file.with_name("articles.jsonl"), events=events_file, blocker=blocker)
            for part in command]
    result = geomap(*args)
    assert result.code == 4, result.err
    assert result.error.startswith("geomap: error: cannot ")
    assert result.error.lower().endswith("not a directory")
    assert blocker.read_text() == "not a folder"


def test_out_dir_that_is_a_file_is_a_usage_error(events_file, tmp_path):
    target = tmp_path / "maps"
    target.write_text("keep me")
    result = geomap("run", events_file.with_name("articles.jsonl"), "--out", target)
    assert result.code == 2
    assert "is a file" in result.err and result.out == ""
    assert target.read_text() == "keep me"


def test_failing_export_leaves_the_existing_file_untouched(events_file, tmp_path):
    for name in ("events.csv", "events.gpkg", "index.html"):
        good = tmp_path / name
        command = ["map", events_file, "-o", good] if name.endswith(".html") else ["export", events_file, "-o", good]
        assert geomap(*command).code == 0
        before = good.read_bytes()
        broken = tmp_path / "broken.jsonl"
        broken.write_text(events_file.read_text().splitlines()[0] + "\n{\"event_id\": \n")
        command[1] = broken
        result = geomap(*command)
        assert result.code == 2, result.err
        assert result.error.startswith(f"geomap: error: {broken}:2")
        assert good.read_bytes() == before, f"{name} was modified by a failing export"
        assert no_temp_files(tmp_path)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_leaves_earlier_outputs_and_the_store_intact(jobs, tmp_path, gazetteer_store):
    """Articles stream in on stdin and stdin stays open, so the run is always still under way
    when Ctrl-C (SIGINT) arrives: no race, whatever the machine's speed.

    The map and GeoJSON of the earlier run are left byte for byte; the store stays readable,
    keeps the earlier events and may keep whole articles finished before the interrupt
    (committed in batches); running the same input again completes it without duplicates."""
    out = tmp_path / "maps"
    first = write_jsonl(tmp_path / "first.jsonl", [article("first-1", "Mykolaiv", "Monday")])
    assert geomap("run", first, "--out", out, "-j", "1").code == 0
    outputs = {name: (out / name).read_bytes() for name in ("index.html", "events.geojson")}
    records = [article(f"int-{i}", ("Odesa", "Kharkiv", "Kherson", "Sumy")[i % 4], "Monday") for i in range(1000)]
    # preexec_fn: Ctrl-C as a terminal user has it, even when these tests run in a background job
    # (a non-interactive shell starts those with SIGINT ignored, and the child would inherit it).
    proc = subprocess.Popen([*GEOMAP, "run", "-", "--out", str(out), "-j", jobs], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for record in records:  # blocks while the run is busy: it reads as it processes
            proc.stdin.write(json.dumps(record) + "\n")
        proc.stdin.flush()
        time.sleep(1)
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    assert {name: (out / name).read_bytes() for name in outputs} == outputs
    assert no_temp_files(out)
    from geomap.io.formats import read_events

    kept = list(read_events(out / STORE_NAME))  # readable, earlier events kept
    assert "first-1" in {e.article_id for e in kept}
    assert len(kept) == len({e.article_id for e in kept})  # one event per article: no half articles
    # issue 18 item 12: after a partial append the message says so (and how to finish)
    appended = len(kept) - 1
    if appended:
        assert stderr.strip().splitlines()[-1] == (
            f"geomap: interrupted; {out / 'index.html'} and {out / 'events.geojson'} are left as they were, "
            f"but {appended} articles ({appended} new events) were already added to the event store "
            f"{out / STORE_NAME}: run the same command again to finish (stored articles are skipped)")
    else:
        assert stderr.strip().splitlines()[-1] == "geomap: interrupted; earlier outputs are left as they were"
    # the same input again completes the work, nothing twice
    again = write_jsonl(tmp_path / "again.jsonl", records)
    result = geomap("run", again, "--out", out, "-j", "1")
    assert result.code == 0, result.err
    final = list(read_events(out / STORE_NAME))
    assert sorted(e.article_id for e in final) == sorted(["first-1"] + [r["id"] for r in records])


@pytest.mark.parametrize("in_the_way, code, message", [
    (STORE_NAME, 2, "geomap: error: {out}/" + STORE_NAME + " exists but is not a geomap event store"),
    ("index.html/", 4, "geomap: error: cannot write {out}/index.html: it is a directory"),
    ("events.geojson/", 4, "geomap: error: cannot write {out}/events.geojson: it is a directory"),
])
def test_something_in_the_way_in_the_output_folder(in_the_way, code, message, events_file, tmp_path):
    out = tmp_path / "maps"
    out.mkdir()
    blocker = out / in_the_way.rstrip("/")
    if in_the_way.endswith("/"):
        blocker.mkdir()
    else:
        blocker.write_bytes(b"SQLite format 3\x00 but not really" * 100)  # a damaged store is never replaced
    before = blocker.read_bytes() if blocker.is_file() else None
    result = geomap("run", events_file.with_name("articles.jsonl"), "--out", out, "-j", "1")
    assert result.code == code
    assert result.error == message.format(out=out)
    if before is not None:
        assert blocker.read_bytes() == before
    else:
        assert blocker.is_dir() and not list(blocker.iterdir())
    assert no_temp_files(out)


@pytest.mark.parametrize("command", [
    ["run", "{bad}", "--out", "{blocker}/maps"],
    ["extract", "{bad}", "-o", "{blocker}/events.jsonl"],
    ["extract", "{bad}", "-o", "{tmp}/events.xyz"],
], ids=["run-under-file", "extract-under-file", "extract-unknown-suffix"])
def test_unwritable_output_fails_before_any_input_is_read(command, tmp_path):
    """A night's input is not processed only to fail at the end: the input here has a
    malformed line, and no warning about it appears because it is never read."""
    from test_robustness_support import FIXTURES

    blocker = tmp_path / "blocker"
    blocker.write_text("file")
    result = geomap(*[part.format(bad=FIXTURES / "malformed.jsonl", blocker=blocker, tmp=tmp_path) for part in command])
    assert result.code == 4
    assert result.warnings == []
    assert result.error.startswith("geomap: error: cannot write")


_SMALL_DISK = 'mount -t tmpfs -o size=256k tmpfs "$1" && echo old > "$1/$2" && shift 2 && "$@"'


@pytest.mark.parametrize("suffix", ["csv", "geojson", "kml", "jsonl", "gpkg"])
def test_disk_full_keeps_the_old_file(suffix, tmp_path):
    """The output folder is a 256 KB tmpfs (in a private mount namespace) holding an older
    export; writing 1.5 MB fills it: one error line, the old file intact, no temp file left."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    from geomap.io.formats import write_events
    from geomap.model import Event

    events = [Event(event_id=f"e{i}", article_id=f"a{i}", evidence="Missiles struck Odesa. " * 20,
                    place_name="Odesa", lat=46.48, lon=30.72, event_type="strike") for i in range(3000)]
    source = tmp_path / "events.jsonl"
    write_events(events, source)
    disk = tmp_path / "disk"
    disk.mkdir()
    name = f"out.{suffix}"
    check = f'; rc=$?; cat "{disk}/{name}"; ls -A "{disk}"; exit $rc'
    proc = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", _SMALL_DISK + check, "sh",
                           str(disk), name, *GEOMAP, "export", str(source), "-o", str(disk / name)],
                          capture_output=True, text=True, timeout=300)
    if "mount" in proc.stderr and proc.returncode != 4:
        pytest.skip(f"cannot mount a small tmpfs here: {proc.stderr.strip()}")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 4, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"geomap: error: cannot write")
    assert proc.stdout.splitlines() == ["old", name]  # the old file, and nothing else left on the disk
