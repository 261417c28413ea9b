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
    assert {"build", "add", "download", "lookup", "info"} <= set(cli.commands["gazetteer"].commands)


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
