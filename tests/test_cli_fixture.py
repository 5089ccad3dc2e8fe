"""The shared ``cli`` fixture itself: a crash is never an expected exit code."""

from __future__ import annotations

import click
import pytest

from learning_path.cli import cli as learning_path
from tests.conftest import CLI, SMALL


def crash() -> None:
    raise RuntimeError("planted bug")


def test_an_exception_escapes_whatever_exit_code_is_expected(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = learning_path.commands["goals"]  # type: ignore[attr-defined]
    monkeypatch.setattr(command, "callback", lambda **_: crash())
    for expect in (0, 1, None):
        with pytest.raises(RuntimeError, match="planted bug"):
            cli("goals", "--curriculum", SMALL, expect=expect)


def test_a_clean_error_is_an_exit_code(cli: CLI) -> None:
    code, out, err = cli("goals", "--curriculum", SMALL / "missing", expect=2)
    assert (code, out) == (2, "")
    assert "does not exist" in err


def test_an_unexpected_exit_code_fails_with_what_the_command_wrote(cli: CLI) -> None:
    with pytest.raises(AssertionError, match=r"exited 2, not 0(.|\n)*does not exist"):
        cli("goals", "--curriculum", SMALL / "missing")
    assert cli("goals", "--curriculum", SMALL / "missing", expect=None).exit_code == 2


def test_a_printed_traceback_fails(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    command = learning_path.commands["goals"]  # type: ignore[attr-defined]
    monkeypatch.setattr(command, "callback", lambda **_: click.echo("Traceback (most recent"))
    with pytest.raises(AssertionError, match="printed a traceback"):
        cli("goals")


def test_with_options_adds_them_to_every_command(cli: CLI) -> None:
    on_small = cli.with_options("--curriculum", SMALL)
    ran = on_small("goals", "--format", "json")
    assert ran == cli("goals", "--format", "json", "--curriculum", SMALL)
    assert ran.stdout.startswith("[") and ran.stderr == ""
