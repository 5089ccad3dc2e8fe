"""The README's generated sections match what the tool prints.

``pytest --update-golden`` rewrites them; otherwise a difference fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from learning_path import load_curriculum
from learning_path.cli import cli
from learning_path.planner import make_plan
from learning_path.text import hours as _hours
from tests.conftest import CLI

README = Path(__file__).resolve().parent.parent / "README.md"


def _invoke(*args: str) -> str:
    return CLI()(*args).stdout


def _section(name: str) -> str:
    if name == "cli":
        parts = ["```text\n$ learning-path --help\n" + _invoke("--help") + "```\n"]
        for command in sorted(cli.commands):  # type: ignore[attr-defined]
            parts.append(
                f"```text\n$ learning-path {command} --help\n"
                + _invoke(command, "--help")
                + "```\n"
            )
        return "\n".join(parts)
    if name == "goals":
        curriculum = load_curriculum()
        lines = [
            "| goal | what you will be able to do | topics | hours |",
            "| --- | --- | ---: | ---: |",
        ]
        for goal_id, goal in curriculum.goals.items():
            plan = make_plan(curriculum, goals=[goal_id])
            lines.append(
                f"| `{goal_id}` | **{goal.title}**. {' '.join((goal.description or '').split())} "
                f"| {len(plan.steps)} | {_hours(plan.total_hours)} |"
            )
        return "\n".join(lines) + "\n"
    if name == "example":
        text = _invoke(
            "plan",
            "--goal",
            "nlp",
            "--known",
            "python-basics",
            "--hours-per-week",
            "6",
            "--start",
            "2025-01-06",
        )
        head = "\n".join(text.splitlines()[:24])
        return f"```markdown\n{head}\n...\n```\n"
    raise AssertionError(name)


@pytest.mark.parametrize("name", ["cli", "goals", "example"])
def test_readme_section_is_current(name: str, request: pytest.FixtureRequest) -> None:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)
    match = pattern.search(text)
    assert match, f"README.md lacks the {name} markers"
    fresh = _section(name)
    if request.config.getoption("--update-golden"):
        README.write_text(text[: match.start(2)] + fresh + text[match.end(2) :], encoding="utf-8")
        return
    assert match.group(2) == fresh, f"README section '{name}' is stale: pytest --update-golden"
