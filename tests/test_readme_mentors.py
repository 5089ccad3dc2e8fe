"""The README's overlay and analytics examples are real output of the tool.

Like tests/test_readme.py, each section between ``<!-- name:start -->`` and
``<!-- name:end -->`` is compared with what the commands print now, and
rewritten with ``pytest --update-golden``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CLI

PROJECT = Path(__file__).resolve().parent.parent
README = PROJECT / "README.md"
OVERLAY = PROJECT / "tests" / "fixtures" / "overlay" / "reading-group.yaml"


def _invoke(*args: str) -> str:
    return CLI()(*args).stdout


def _section(name: str) -> str:
    if name == "overlay-example":
        text = OVERLAY.read_text(encoding="utf-8")
        diff = _invoke("diff", "default", str(OVERLAY))
        return (
            f"`reading-group.yaml`:\n\n```yaml\n{text}```\n\n"
            f"```console\n$ learning-path diff default reading-group.yaml\n{diff}```\n"
        )
    if name == "stats-example":
        return f"```console\n$ learning-path stats --top 8\n{_invoke('stats', '--top', '8')}```\n"
    raise AssertionError(name)


@pytest.mark.parametrize("name", ["overlay-example", "stats-example"])
def test_readme_example_is_current(name: str, request: pytest.FixtureRequest) -> None:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)
    match = pattern.search(text)
    assert match, f"README.md lacks the {name} markers"
    fresh = _section(name)
    if request.config.getoption("--update-golden"):
        README.write_text(text[: match.start(2)] + fresh + text[match.end(2) :], encoding="utf-8")
        return
    assert match.group(2) == fresh, f"README section '{name}' is stale: pytest --update-golden"


def test_the_overlay_example_is_clean() -> None:
    """The README's overlay passes ``validate --strict``: an example to copy."""
    assert _invoke("validate", "--strict", str(OVERLAY)).startswith("ok: ")
