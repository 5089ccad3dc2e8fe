"""What users get: the README's install command in a fresh venv, the wheel used outside
the source tree, and the README's commands kept in step with CI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import venv
from pathlib import Path

import pytest

from tests.conftest import REQUIRE_SYSTEM_TOOLS, system_program

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    """The set-up commands: the lines of the README's first ``sh`` block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no ```sh block with the set-up commands"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_ci_runs_the_readme_test_command() -> None:
    install, test = readme_commands()
    assert "pytest" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines(), ".ci/run must run the README's test command as written"
    assert "learning-path plan" in install


def test_ci_requires_browser_and_graphviz_and_runs_the_linters_after_the_tests() -> None:
    _, test = readme_commands()
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "export LEARNING_PATH_REQUIRE_SYSTEM_TOOLS=1" in lines
    assert lines.index("export LEARNING_PATH_REQUIRE_SYSTEM_TOOLS=1") < lines.index(test)
    linters = ["ruff check .", "ruff format --check .", "mypy"]
    assert all(lines.index(command) > lines.index(test) for command in linters)


def test_a_missing_browser_or_graphviz_skips_unless_ci_requires_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # On a fresh machine without chromium or dot the README's `pytest` still passes:
    # those tests skip and say how to enable them; CI sets the variable to fail.
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv(REQUIRE_SYSTEM_TOOLS, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install -y graphviz"):
        system_program("dot", "graphviz")
    monkeypatch.setenv(REQUIRE_SYSTEM_TOOLS, "0")
    with pytest.raises(pytest.skip.Exception, match=r"apt-get install -y chromium"):
        system_program("chromium", "chromium")
    monkeypatch.setenv(REQUIRE_SYSTEM_TOOLS, "1")
    with pytest.raises(pytest.fail.Exception, match=rf"{REQUIRE_SYSTEM_TOOLS} is set"):
        system_program("chromium", "chromium")
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert system_program("dot", "graphviz") == "/usr/bin/dot"


@pytest.mark.system
@pytest.mark.slow
def test_readme_install_command_in_fresh_venv(tmp_path: Path) -> None:
    """Copy the project, run the README's first command in a new venv, then use the
    installed tool from elsewhere with the source copy deleted."""
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "__pycache__",
            "*.egg-info",
            "build",
            "dist",
            ".*_cache",
            "plan.md",
            "study-plan.md",
        ),
    )
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    env = {
        **os.environ,
        "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(env_dir),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    env.pop("PYTHONPATH", None)
    install, _ = readme_commands()
    done = subprocess.run(
        install,
        shell=True,
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    written = source / "plan.md"
    assert written.read_text(encoding="utf-8").startswith("# Study plan: ")

    shutil.rmtree(source)  # the installed wheel must carry its own curriculum and templates
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    plan = subprocess.run(
        [str(bindir / "learning-path"), "plan", "--goal", "nlp"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert plan.returncode == 0, plan.stderr
    assert plan.stdout.startswith("# Study plan: ")
    assert plan.stdout.count("- [ ] **") >= 10
    module = subprocess.run(
        [str(bindir / "python"), "-m", "learning_path", "validate"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert module.returncode == 0, module.stderr
    assert module.stdout.startswith("ok: ")
