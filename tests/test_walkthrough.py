"""The README's "A learner's first week": every command runs, in order, in a fresh
directory, and prints exactly what the README shows (``pytest --update-golden``
rewrites the outputs from the commands, never the commands)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from learning_path.cli import cli

# Runs the README's whole first week, command by command.
pytestmark = pytest.mark.slow

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = re.compile(
    r"(<!-- walkthrough:start -->\n```console\n)(.*?)(```\n<!-- walkthrough:end -->)", re.S
)


def commands(block: str) -> list[tuple[str, str]]:
    """(command line, expected output) pairs of a console block."""
    pairs: list[tuple[str, str]] = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append((line[2:].rstrip("\n"), ""))
        else:
            assert pairs, f"output before the first command: {line!r}"
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + line)
    return pairs


def test_walkthrough_runs_as_written(
    new_learner: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The week is the one the commands name (plans from Monday 2025-01-06, topics done
    # on the 9th): "today" is its Friday, so the README says the same on every day.
    monkeypatch.setenv("LEARNING_PATH_TODAY", "2025-01-10")
    text = README.read_text(encoding="utf-8")
    match = SECTION.search(text)
    assert match, "README.md lacks the walkthrough markers around a console block"
    home = new_learner.parent / "home"  # the per-user progress file lives below it
    fresh = ""
    pairs = commands(match.group(2))
    assert len(pairs) >= 5
    for command, expected in pairs:
        words = shlex.split(command)
        if words[0] == "sed":  # the learner ticks a box in their editor
            assert words[1] == "-i" and len(words) == 4, command
            pattern, _, replacement = words[2].removeprefix("s/").removesuffix("/").partition("/")
            edited = Path(words[3])
            text_before = edited.read_text(encoding="utf-8")
            edited.write_text(re.sub(pattern, replacement, text_before, count=1), encoding="utf-8")
            assert edited.read_text(encoding="utf-8") != text_before, command
            fresh += f"$ {command}\n"
            continue
        assert words[0] == "learning-path", command
        result = CliRunner().invoke(cli, words[1:], prog_name="learning-path", terminal_width=100)
        assert result.exit_code == 0, f"{command}\n{result.output}"
        fresh += f"$ {command}\n{result.output}"
        if not request.config.getoption("--update-golden"):
            assert result.output == expected, f"README output of '{command}' is stale"
    assert (home / ".local" / "share" / "learning-path" / "progress.yaml").is_file()
    if request.config.getoption("--update-golden"):
        README.write_text(text[: match.start(2)] + fresh + text[match.end(2) :], encoding="utf-8")
