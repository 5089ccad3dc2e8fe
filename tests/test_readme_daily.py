"""The README's "Day by day" session: every command runs, in order, in a fresh
directory, and prints exactly what the README shows (``pytest --update-golden``
rewrites the outputs from the commands, never the commands). ``export VAR=value``
lines set the environment of the commands after them."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from test_walkthrough import commands

from learning_path.cli import cli

# Runs the README's whole daily session, command by command.
pytestmark = pytest.mark.slow

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = re.compile(r"(<!-- daily:start -->\n```console\n)(.*?)(```\n<!-- daily:end -->)", re.S)


def test_daily_session_runs_as_written(new_learner: Path, request: pytest.FixtureRequest) -> None:
    text = README.read_text(encoding="utf-8")
    match = SECTION.search(text)
    assert match, "README.md lacks the daily markers around a console block"
    env: dict[str, str] = {}
    fresh = ""
    for command, expected in commands(match.group(2)):
        words = shlex.split(command)
        fresh += f"$ {command}\n"
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            env[name] = value
            assert not expected, command
            continue
        assert words[0] == "learning-path", command
        result = CliRunner().invoke(
            cli, words[1:], prog_name="learning-path", terminal_width=100, env=env
        )
        assert result.exit_code == 0, f"{command}\n{result.output}"
        fresh += result.output
        if not request.config.getoption("--update-golden"):
            assert result.output == expected, f"README output of '{command}' is stale"
    calendar = icalendar.Calendar.from_ical((new_learner / "learning-path.ics").read_bytes())
    assert any(str(e.get("status")) == "CANCELLED" for e in calendar.walk("VEVENT"))
    if request.config.getoption("--update-golden"):
        README.write_text(text[: match.start(2)] + fresh + text[match.end(2) :], encoding="utf-8")
