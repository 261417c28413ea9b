"""`geomap gazetteer download`: a real HTTP server on 127.0.0.1 (a thread of this process)
serves fixture archives -- a sound UA.zip, a 404, a truncated archive, a connection dropped
mid-body, a server that stalls -- and the command imports, or fails in one line with the
store untouched and usable.  No outside host is contacted."""
from __future__ import annotations

import hashlib
import http.server
import io
import shutil
import sqlite3
import threading
import time
import zipfile
from pathlib import Path

import pytest
from gazetteer_subset import subset_store
from click.testing import CliRunner

from gazetteer import Gazetteer, GazetteerError
from gazetteer.cli import gazetteer_cli
from gazetteer.download import check_archive, download_dumps, dump_name

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gazetteer"


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


UA_ZIP = _zip_bytes({"UA.txt": (FIXTURES / "UA.txt").read_bytes(),
                     "readme.txt": b"fixture written for the tests\n"})
STALL_SECONDS = 3.0


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).hits.append(self.path)
        kind, _, _name = self.path.strip("/").partition("/")
        if kind == "ok":
            self._send(UA_ZIP)
        elif kind == "wrongmember":
            self._send(_zip_bytes({"RU.txt": (FIXTURES / "UA.txt").read_bytes()}))
        elif kind == "truncated":       # a complete response of a cut archive
            self._send(UA_ZIP[: len(UA_ZIP) // 2])
        elif kind == "notzip":
            self._send(b"<html>mirror maintenance</html>")
        elif kind == "dropped":         # announces the full size, sends half, hangs up
            self.send_response(200)
            self.send_header("Content-Length", str(len(UA_ZIP)))
            self.end_headers()
            self.wfile.write(UA_ZIP[: len(UA_ZIP) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif kind == "stall":           # headers, then nothing for longer than the timeout
            self.send_response(200)
            self.send_header("Content-Length", str(len(UA_ZIP)))
            self.end_headers()
            self.wfile.write(UA_ZIP[:100])
            self.wfile.flush()
            time.sleep(STALL_SECONDS)
            self.close_connection = True
        else:
            self.send_error(404, "Not Found")

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def small_store(gazetteer_store, tmp_path_factory) -> Path:
    """The default store cut down to Ukraine, Poland and Russia (same schema, real rows)."""
    return subset_store(gazetteer_store, tmp_path_factory.mktemp("gazetteer-dl") / "small.sqlite",
                        "country_code IN ('UA', 'PL', 'RU') OR kind IN ('country', 'continent')", bloom=True)


@pytest.fixture
def env(small_store, server, tmp_path, monkeypatch):
    store = tmp_path / "store.sqlite"
    shutil.copyfile(small_store, store)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("GEOMAP_GEONAMES_TIMEOUT", "1")
    monkeypatch.delenv("GEOMAP_GAZETTEER", raising=False)

    def use(kind: str) -> None:
        monkeypatch.setenv("GEOMAP_GEONAMES_URL", f"{server}/{kind}/")

    return store, use, tmp_path / "cache" / "geomap" / "geonames"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(store: Path, *args: str):
    return CliRunner().invoke(gazetteer_cli, ["download", *args, "--store", str(store)])


def test_download_ua_makes_front_line_villages_resolve(env):
    store, use, cache = env
    use("ok")
    with Gazetteer(store) as gz:
        assert gz.candidates("Robotyne") == [] and gz.candidates("Yanzhulivka") == []
    result = _run(store, "UA")
    assert result.exit_code == 0, result.output
    assert "UA: downloaded" in result.output and "2 new places, 3 merged" in result.output
    assert (cache / "UA.zip").is_file() and not list(cache.glob("*.part"))
    with Gazetteer(store) as gz:
        assert gz.candidates("Krynky")[0].place_id == "703861"      # Kherson Oblast, not Poland
        assert gz.candidates("Robotyne")[0].country_code == "UA"
        assert gz.candidates("Rabotino")[0].name == "Robotyne"
        assert gz.candidates("Yanzhulivka")[0].admin1 == "Zaporizhzhia Oblast"
        # ids and coordinates agree: the country's and the region's own GeoNames records
        ukraine, region = gz.get("690791"), gz.get("687699")
        assert (ukraine.lat, ukraine.lon, ukraine.population) == (49.0, 32.0, 37_000_000)
        assert (region.lat, region.lon, region.feature_code) == (47.5, 35.5, "ADM1")
        imports = gz.info()["imports"]
    assert imports[-1]["file"] == str((cache / "UA.zip").resolve())


def test_rerun_is_a_no_op_unless_refresh(env):
    store, use, _cache = env
    use("ok")
    assert _run(store, "ua").exit_code == 0
    before = _digest(store)
    hits = len(_Handler.hits)
    again = _run(store, "UA")
    assert again.exit_code == 0 and "already imported" in again.output
    assert len(_Handler.hits) == hits and _digest(store) == before
    refreshed = _run(store, "UA", "--refresh")
    assert refreshed.exit_code == 0 and "UA: downloaded" in refreshed.output
    assert len(_Handler.hits) == hits + 1


@pytest.mark.parametrize("kind,message", [
    ("missing", "HTTP 404"),
    ("truncated", "truncated or corrupt"),
    ("notzip", "truncated or corrupt"),
    ("wrongmember", "no UA.txt in it"),
    ("dropped", "connection dropped after"),
    ("stall", "stalled for 1 s"),
])
def test_failures_give_one_line_and_leave_the_store_usable(env, kind, message):
    store, use, cache = env
    use(kind)
    before = _digest(store)
    result = _run(store, "UA")
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.output
    assert "Traceback" not in result.output
    assert _digest(store) == before
    assert not (cache / "UA.zip").exists() and not list(cache.glob("*.part"))
    with Gazetteer(store) as gz:
        assert gz.candidates("Kyiv")[0].place_id == "703448"


def test_connection_refused_is_one_line(env, monkeypatch):
    store, _use, _cache = env
    with http.server.HTTPServer(("127.0.0.1", 0), _Handler) as closed:
        port = closed.server_address[1]
    monkeypatch.setenv("GEOMAP_GEONAMES_URL", f"http://127.0.0.1:{port}/")
    before = _digest(store)
    result = _run(store, "UA")
    assert result.exit_code != 0 and "download failed" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _digest(store) == before


def test_bad_codes_are_refused_before_any_download(env):
    store, use, _cache = env
    use("ok")
    hits = len(_Handler.hits)
    result = _run(store, "Ukraine")
    assert result.exit_code != 0 and "not a country code" in result.output
    assert len(_Handler.hits) == hits
    assert dump_name("all") == "allCountries" and dump_name("ua") == "UA"


def test_a_damaged_cached_archive_is_not_imported(env):
    store, use, cache = env
    use("ok")
    cache.mkdir(parents=True)
    (cache / "UA.zip").write_bytes(UA_ZIP[:200])
    before = _digest(store)
    with pytest.raises(GazetteerError, match="truncated or corrupt"):
        download_dumps(store, ["UA"])
    assert _digest(store) == before


def test_check_archive_refuses_a_zip_bomb(tmp_path):
    bomb = tmp_path / "UA.zip"
    bomb.write_bytes(_zip_bytes({"UA.txt": b"0" * 5_000_000}))
    with pytest.raises(GazetteerError, match="expands"):
        check_archive(bomb, "UA")
