"""Every command and every option is documented (sqlite-utils style)."""
from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from geomap.cli import cli

EXPECTED_COMMANDS = {"run", "geoparse", "extract", "map", "export", "gazetteer", "eval"}


def _walk(group: click.Group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _walk(command, prefix + (name,))


def test_every_contract_command_exists():
    assert EXPECTED_COMMANDS <= set(cli.commands)
    assert {"build", "add", "download", "shapes", "lookup", "info"} <= set(cli.commands["gazetteer"].commands)


@pytest.mark.parametrize("path,command", list(_walk(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_and_option_has_help(path, command):
    assert command.help and command.help.strip(), f"geomap {' '.join(path)} has no help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help and param.help.strip(), f"geomap {' '.join(path)} {param.opts[0]} has no help"
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.opts[-1] in result.output


def _readme_python_blocks() -> list[str]:
    import re
    from pathlib import Path

    readme = Path(__file__).resolve().parents[1] / "README.md"
    return re.findall(r"```python\n(.*?)```", readme.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("index", range(len(_readme_python_blocks())))
def test_readme_python_examples_run_as_written(index, tmp_path, monkeypatch, gazetteer_store):
    """README's Python examples run as written (in a folder holding the files they name); an
    optional package that is not installed, or map assets that cannot be fetched, skip."""
    import shutil
    from pathlib import Path

    from geomap.errors import AssetError

    repo = Path(__file__).resolve().parents[1]
    shutil.copytree(repo / "examples", tmp_path / "examples")
    shutil.copy(repo / "examples" / "articles.jsonl", tmp_path / "big.jsonl")
    (tmp_path / "archive").mkdir()
    shutil.copy(repo / "examples" / "articles.jsonl", tmp_path / "archive" / "part-1.jsonl")
    monkeypatch.chdir(tmp_path)
    code = _readme_python_blocks()[index]
    try:
        exec(compile(code, f"README.md python block {index + 1}", "exec"), {"__name__": "__main__"})
    except ImportError as exc:
        pytest.skip(f"optional package not installed: {exc.name or exc}")
    except AssetError as exc:
        pytest.skip(f"map assets unavailable offline: {exc}")
