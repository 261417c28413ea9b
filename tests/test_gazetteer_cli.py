"""The `gazetteer` click group (mounted as `geomap gazetteer`)."""
from __future__ import annotations

import json
import shutil

import click
import pytest
from click.testing import CliRunner

from gazetteer.cli import gazetteer_cli


@pytest.fixture
def runner():
    return CliRunner()


def test_lookup_json_lists_candidates_best_first(runner, gazetteer_store):
    result = runner.invoke(gazetteer_cli, ["lookup", "Kharkov", "--json", "--store",
                                           str(gazetteer_store)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["place_id"] == "706483"
    assert set(rows[0]) == {"place_id", "name", "kind", "lat", "lon", "country_code", "admin1",
                            "population", "source"}
    assert rows[0]["kind"] == "city" and rows[0]["country_code"] == "UA"


def test_lookup_filters_and_limit(runner, gazetteer_store):
    result = runner.invoke(gazetteer_cli, ["lookup", "Odessa", "--country", "US", "--limit",
                                           "2", "--json", "--store", str(gazetteer_store)])
    rows = json.loads(result.output)
    assert 1 <= len(rows) <= 2 and all(r["country_code"] == "US" for r in rows)
    result = runner.invoke(gazetteer_cli, ["lookup", "Dnipro", "--kind", "river", "--json",
                                           "--store", str(gazetteer_store)])
    assert [r["kind"] for r in json.loads(result.output)] == ["river"]


def test_lookup_text_output_and_no_match(runner, gazetteer_store):
    result = runner.invoke(gazetteer_cli, ["lookup", "Danube", "--store", str(gazetteer_store)])
    assert result.exit_code == 0 and "Danube\triver" in result.output
    result = runner.invoke(gazetteer_cli, ["lookup", "Qqqzzz Nowhere", "--store",
                                           str(gazetteer_store)])
    assert result.exit_code == 1 and "no place called" in result.output
    result = runner.invoke(gazetteer_cli, ["lookup", "Qqqzzz Nowhere", "--json", "--store",
                                           str(gazetteer_store)])
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_info(runner, gazetteer_store):
    result = runner.invoke(gazetteer_cli, ["info", "--json", "--store", str(gazetteer_store)])
    info = json.loads(result.output)
    assert info["kinds"]["country"] > 200
    assert any("GeoNames" in a for a in info["attribution"])
    result = runner.invoke(gazetteer_cli, ["info", "--store", str(gazetteer_store)])
    assert result.exit_code == 0 and "Made with Natural Earth" in result.output
    shapes = [ln for ln in result.output.splitlines() if ln.startswith("geometries by kind:")]
    assert len(shapes) == 1
    if info["geometries"]:  # built with the registry shapes
        assert "admin1" in shapes[0] and "river" in shapes[0] and "lines" in shapes[0]


def test_shapes_command_is_listed(runner):
    result = runner.invoke(gazetteer_cli, ["shapes", "--help"])
    assert result.exit_code == 0 and "npm" in result.output


def test_build_reports_up_to_date(runner, gazetteer_store):
    result = runner.invoke(gazetteer_cli, ["build", "--store", str(gazetteer_store)])
    assert result.exit_code == 0 and "up to date" in result.output


def test_add_then_lookup(runner, gazetteer_store, tmp_path):
    store = tmp_path / "store.sqlite"
    shutil.copyfile(gazetteer_store, store)
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("name,lat,lon,aliases\nForward Base Zed,47.1,36.2,FB Zed\n"
                        "Broken,abc,1,\n", encoding="utf-8")
    result = runner.invoke(gazetteer_cli, ["add", str(csv_file), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "1 new places" in result.output and "line 3" in result.output
    result = runner.invoke(gazetteer_cli, ["lookup", "FB Zed", "--json", "--store", str(store)])
    assert json.loads(result.output)[0]["name"] == "Forward Base Zed"
    result = runner.invoke(gazetteer_cli, ["add", str(csv_file), "--strict", "--store",
                                           str(store)])
    assert result.exit_code != 0
    assert "line 3" in result.output and "Traceback" not in result.output


def test_errors_are_one_line_without_traceback(runner, tmp_path):
    not_a_store = tmp_path / "junk.sqlite"
    not_a_store.write_bytes(b"this is not sqlite at all" * 100)
    result = runner.invoke(gazetteer_cli, ["info", "--store", str(not_a_store)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = runner.invoke(gazetteer_cli, ["add", str(tmp_path / "missing.csv")])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_every_command_and_option_has_help():
    ctx = click.Context(gazetteer_cli)
    for name, command in gazetteer_cli.commands.items():
        assert command.help, f"{name} has no help"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts} has no help"
