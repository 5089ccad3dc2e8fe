"""The loader enforces docs/curriculum-format.md: one test per rule, each on the
exact message and its ``path:line:col``.

Every test runs in its own temporary directory (``cwd``), so locations read as
the user sees them: ``c.yaml:4:5: ...``.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from learning_path import load_curriculum, loader
from learning_path.errors import CurriculumError, Diagnostic, Location
from learning_path.loader import load
from learning_path.model import AnyOf, Resource

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, text: str) -> str:
    """Write dedented YAML to ``name`` (relative to the current directory)."""
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return name


def errors(path: str) -> list[str]:
    """Every diagnostic of loading ``path``, as ``path:line:col: message``."""
    with pytest.raises(CurriculumError) as info:
        load(path)
    return [str(d) for d in info.value.diagnostics]


def only_error(path: str) -> Diagnostic:
    with pytest.raises(CurriculumError) as info:
        load(path)
    assert len(info.value.diagnostics) == 1, info.value.diagnostics
    return info.value.diagnostics[0]


# --- version -------------------------------------------------------------------------------


def test_version_is_required(cwd: Path) -> None:
    write("c.yaml", "name: No version\n")
    assert errors("c.yaml") == ["c.yaml:1:1: the file is missing required key 'version'"]


@pytest.mark.parametrize(("value", "shown"), [("2", "2"), ("'1'", "'1'"), ("0", "0"), ("", "None")])
def test_unsupported_version(cwd: Path, value: str, shown: str) -> None:
    write("c.yaml", f"version: {value}\n")
    assert errors("c.yaml") == [
        f"c.yaml:1:{10 if value else 9}: unsupported version {shown}; this tool reads version 1"
    ]


def test_version_true_is_not_version_1(cwd: Path) -> None:
    # YAML's `true` compares equal to 1 in Python; it is still not version 1.
    write("c.yaml", "version: true\n")
    assert errors("c.yaml") == ["c.yaml:1:10: unsupported version True; this tool reads version 1"]


# --- required fields and values ------------------------------------------------------------


@pytest.mark.parametrize("missing", ["title", "summary", "hours"])
def test_topic_required_fields(cwd: Path, missing: str) -> None:
    fields = {"title": "T", "summary": "S", "hours": "1"}
    del fields[missing]
    body = "".join(f"    {k}: {v}\n" for k, v in fields.items())
    write("c.yaml", "version: 1\ntopics:\n  a:\n" + body)
    assert errors("c.yaml") == [f"c.yaml:4:5: topic 'a' is missing required key '{missing}'"]


def test_goal_required_fields(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        goals:
          g:
            description: no title
          h:
            title: H
        """,
    )
    assert errors("c.yaml") == [
        "c.yaml:4:5: goal 'g' is missing required key 'targets'",
        "c.yaml:4:5: goal 'g' is missing required key 'title'",
        "c.yaml:6:5: goal 'h' is missing required key 'targets'",
    ]


def test_goal_needs_a_target(cwd: Path) -> None:
    write("c.yaml", "version: 1\ngoals:\n  g:\n    title: G\n    targets: []\n")
    assert errors("c.yaml") == ["c.yaml:5:14: a goal needs at least one target topic"]


def test_resource_required_fields(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: 1
            resources:
              - {title: R, kind: book}
        """,
    )
    assert errors("c.yaml") == ["c.yaml:8:9: topic 'a' is missing required key 'url'"]


@pytest.mark.parametrize(("value", "shown"), [("0", "0"), ("-1", "-1"), ("-0.5", "-0.5")])
def test_topic_hours_must_be_positive(cwd: Path, value: str, shown: str) -> None:
    write(
        "c.yaml", f"version: 1\ntopics:\n  a:\n    title: T\n    summary: S\n    hours: {value}\n"
    )
    assert errors("c.yaml") == [f"c.yaml:6:12: hours: input should be greater than 0 (got {shown})"]


def test_resource_hours_must_be_positive(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: 1
            resources:
              - title: R
                url: https://example.org
                kind: book
                hours: 0
        """,
    )
    assert errors("c.yaml") == ["c.yaml:11:16: hours: input should be greater than 0 (got 0)"]


def test_hours_nan_is_refused(cwd: Path) -> None:
    write("c.yaml", "version: 1\ntopics:\n  a:\n    title: T\n    summary: S\n    hours: .nan\n")
    assert errors("c.yaml") == ["c.yaml:6:12: hours: must be a finite number (got nan)"]


@pytest.mark.parametrize("where", ["topic", "resource"])
def test_hours_infinity_is_refused(cwd: Path, where: str) -> None:
    # `.inf` hours pass `> 0`; a paced plan then crashes in math.ceil(inf).
    topic_hours, resource_hours = (".inf", "1") if where == "topic" else ("1", ".inf")
    write(
        "c.yaml",
        f"""
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: {topic_hours}
            resources:
              - title: R
                url: https://example.org
                kind: book
                hours: {resource_hours}
        """,
    )
    [diagnostic] = [only_error("c.yaml")]
    line, column = (6, 12) if where == "topic" else (11, 16)
    assert diagnostic.location == Location("c.yaml", line, column)
    assert diagnostic.message.startswith("hours: ")


def test_hours_yes_is_not_one_hour(cwd: Path) -> None:
    # YAML 1.1 reads `yes` as True; True must not silently become 1.0 hours.
    write("c.yaml", "version: 1\ntopics:\n  a:\n    title: T\n    summary: S\n    hours: yes\n")
    diagnostic = only_error("c.yaml")
    assert diagnostic.location == Location("c.yaml", 6, 12)
    assert diagnostic.message.startswith("hours: ")


def test_empty_title_is_refused(cwd: Path) -> None:
    write("c.yaml", "version: 1\ntopics:\n  a:\n    title: ''\n    summary: S\n    hours: 1\n")
    assert errors("c.yaml") == [
        "c.yaml:4:12: title: string should have at least 1 character (got '')"
    ]


# --- enums ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("beginer", " (did you mean 'beginner'?)"),
        ("advnced", " (did you mean 'advanced'?)"),
        ("expert", ""),
    ],
)
def test_level_enum(cwd: Path, value: str, hint: str) -> None:
    write(
        "c.yaml",
        "version: 1\ntopics:\n  a:\n    title: T\n    summary: S\n    hours: 1\n"
        f"    level: {value}\n",
    )
    assert errors("c.yaml") == [
        f"c.yaml:7:12: level must be one of beginner, intermediate or advanced, not '{value}'{hint}"
    ]


@pytest.mark.parametrize(
    ("value", "hint"),
    [("boook", " (did you mean 'book'?)"), ("vidoe", " (did you mean 'video'?)"), ("podcast", "")],
)
def test_resource_kind_enum(cwd: Path, value: str, hint: str) -> None:
    write(
        "c.yaml",
        f"""
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: 1
            resources:
              - {{title: R, url: "https://example.org", kind: {value}}}
        """,
    )
    assert errors("c.yaml") == [
        "c.yaml:8:54: kind must be one of book, course, video, article, docs, tutorial, paper, "
        f"dataset or exercise, not '{value}'{hint}"
    ]


# --- ids -----------------------------------------------------------------------------------

ID_FILE = """
version: 1
goals:
  {goal}:
    title: G
    targets: [{target}]
topics:
  {topic}:
    title: T
    summary: S
    hours: 1
    prerequisites:
      - {prereq}
      - any_of: [{member}, ok-too]
"""


@pytest.mark.parametrize(
    ("field", "location"),
    [
        ("goal", "3:3"),
        ("target", "5:15"),
        ("topic", "7:3"),
        ("prereq", "12:9"),
        ("member", "13:18"),
    ],
)
@pytest.mark.parametrize(
    ("bad", "hint"),
    [
        ("Linear_Algebra", "; try 'linear-algebra'"),
        ("a--b", "; try 'a-b'"),
        ("tail-", "; try 'tail'"),
        ("'--'", ""),
    ],
)
def test_ids_are_kebab_case(cwd: Path, field: str, location: str, bad: str, hint: str) -> None:
    values = dict.fromkeys(["goal", "target", "topic", "prereq", "member"], "ok")
    values[field] = bad
    write("c.yaml", ID_FILE.format(**values))
    shown = bad.strip("'")
    assert errors("c.yaml") == [
        f"c.yaml:{location}: '{shown}' is not a valid id: ids are lowercase kebab-case{hint}"
    ]


# --- unknown keys ----------------------------------------------------------------------------


def test_unknown_top_level_key(cwd: Path) -> None:
    write("c.yaml", "version: 1\ntopcs: {}\nauthor: me\n")
    assert errors("c.yaml") == [
        "c.yaml:2:1: unknown key 'topcs' (did you mean 'topics'?)",
        "c.yaml:3:1: unknown key 'author'",
    ]


def test_unknown_topic_key(cwd: Path) -> None:
    write(
        "c.yaml",
        "version: 1\ntopics:\n  a:\n    title: T\n    summary: S\n    hours: 1\n"
        "    levl: beginner\n    colour: red\n",
    )
    assert errors("c.yaml") == [
        "c.yaml:7:5: unknown key 'levl' (did you mean 'level'?)",
        "c.yaml:8:5: unknown key 'colour'",
    ]


def test_unknown_goal_key(cwd: Path) -> None:
    write("c.yaml", "version: 1\ngoals:\n  g:\n    title: G\n    targets: [a]\n    tagets: [b]\n")
    assert errors("c.yaml") == ["c.yaml:6:5: unknown key 'tagets' (did you mean 'targets'?)"]


def test_unknown_resource_key(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: 1
            resources:
              - title: R
                url: https://example.org
                kind: book
                fre: true
        """,
    )
    assert errors("c.yaml") == ["c.yaml:11:9: unknown key 'fre' (did you mean 'free'?)"]


def test_unknown_resource_key_is_not_matched_against_topic_fields(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: 1
            resources:
              - {title: R, url: "https://example.org", kind: book, sumary: x}
        """,
    )
    # A resource has no 'summary'; suggesting it would send the author astray.
    assert errors("c.yaml") == ["c.yaml:8:60: unknown key 'sumary'"]


def test_unknown_any_of_key(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: 1
            prerequisites:
              - anyof: [b, c]
        """,
    )
    assert errors("c.yaml") == [
        "c.yaml:8:9: topic 'a' is missing required key 'any_of'",
        "c.yaml:8:9: unknown key 'anyof' (did you mean 'any_of'?)",
    ]


def test_unknown_key_beside_any_of(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: 1
            prerequisites:
              - any_of: [b, c]
                because: either will do
        """,
    )
    assert errors("c.yaml") == ["c.yaml:9:9: unknown key 'because'"]


# --- repeated keys and ids defined twice ------------------------------------------------------


def test_repeated_key_at_top_level(cwd: Path) -> None:
    write("c.yaml", "version: 1\nname: A\nname: B\n")
    assert errors("c.yaml") == ["c.yaml:3:1: duplicate key 'name' (first defined at line 2:1)"]


def test_repeated_key_in_topic(cwd: Path) -> None:
    write(
        "c.yaml",
        "version: 1\ntopics:\n  a:\n    title: T\n    summary: S\n    hours: 1\n    hours: 2\n",
    )
    assert errors("c.yaml") == ["c.yaml:7:5: duplicate key 'hours' (first defined at line 6:5)"]


def test_repeated_key_in_flow_mapping(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: 1
            resources:
              - {title: R, url: "https://example.org", kind: book, kind: video}
        """,
    )
    assert errors("c.yaml") == ["c.yaml:8:60: duplicate key 'kind' (first defined at line 8:48)"]


def test_topic_defined_twice_in_one_file(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a: {title: T, summary: S, hours: 1}
          b: {title: T, summary: S, hours: 1}
          a: {title: T2, summary: S, hours: 2}
        """,
    )
    assert errors("c.yaml") == ["c.yaml:5:3: duplicate key 'a' (first defined at line 3:3)"]


def test_goal_defined_twice_in_one_file(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        goals:
          g: {title: G, targets: [a]}
          g: {title: G, targets: [a]}
        """,
    )
    assert errors("c.yaml") == ["c.yaml:4:3: duplicate key 'g' (first defined at line 3:3)"]


def test_topic_defined_in_two_files(cwd: Path) -> None:
    write("cur/1.yaml", "version: 1\ntopics:\n  a: {title: T, summary: S, hours: 1}\n")
    write(
        "cur/2.yaml",
        "version: 1\ntopics:\n  b: {title: T, summary: S, hours: 1}\n"
        "  a: {title: T, summary: S, hours: 1}\n",
    )
    assert errors("cur") == ["cur/2.yaml:4:3: topic 'a' is defined twice (also at cur/1.yaml:3:3)"]


def test_goal_defined_in_two_files(cwd: Path) -> None:
    write(
        "cur/1.yaml",
        "version: 1\ngoals:\n  g: {title: G, targets: [a]}\n"
        "topics:\n  a: {title: T, summary: S, hours: 1}\n",
    )
    write("cur/2.yaml", "version: 1\n\ngoals:\n  g: {title: G again, targets: [a]}\n")
    assert errors("cur") == ["cur/2.yaml:4:3: goal 'g' is defined twice (also at cur/1.yaml:3:3)"]


def test_duplicates_across_files_are_found_despite_schema_errors(cwd: Path) -> None:
    write(
        "cur/1.yaml",
        """
        version: 1
        topics:
          a: {title: T, summary: S, hours: 1}
          b: {title: T, summary: S, hours: 0}
        """,
    )
    write(
        "cur/2.yaml",
        """
        version: 1
        topics:
          a: {title: T, summary: S, hours: 1, levl: beginner}
          c: {title: T, summary: S, hours: 1}
        """,
    )
    write("cur/3.yaml", "version: 1\ntopics:\n  c: {title: T, summary: S, hours: 1}\n")
    assert errors("cur") == [
        "cur/1.yaml:4:36: hours: input should be greater than 0 (got 0)",
        "cur/2.yaml:3:3: topic 'a' is defined twice (also at cur/1.yaml:3:3)",
        "cur/2.yaml:3:39: unknown key 'levl' (did you mean 'level'?)",
        "cur/3.yaml:3:3: topic 'c' is defined twice (also at cur/2.yaml:4:3)",
    ]


def test_duplicates_across_files_are_found_despite_a_bad_id(cwd: Path) -> None:
    # One invalid id must not hide the file's valid topics and goals from the
    # cross-file checks.
    write(
        "cur/1.yaml",
        """
        version: 1
        goals:
          g: {title: G, targets: [a]}
          Bad_Goal: {title: G, targets: [a]}
        topics:
          a: {title: T, summary: S, hours: 1}
          Bad_Topic: {title: T, summary: S, hours: 1}
        """,
    )
    write(
        "cur/2.yaml",
        """
        version: 1
        goals:
          g: {title: G, targets: [a]}
        topics:
          a: {title: T, summary: S, hours: 1}
        """,
    )
    assert errors("cur") == [
        "cur/1.yaml:4:3: 'Bad_Goal' is not a valid id: ids are lowercase kebab-case; "
        "try 'bad-goal'",
        "cur/1.yaml:7:3: 'Bad_Topic' is not a valid id: ids are lowercase kebab-case; "
        "try 'bad-topic'",
        "cur/2.yaml:3:3: goal 'g' is defined twice (also at cur/1.yaml:3:3)",
        "cur/2.yaml:5:3: topic 'a' is defined twice (also at cur/1.yaml:6:3)",
    ]


# --- urls and any_of ---------------------------------------------------------------------------

URL_FILE = """
version: 1
topics:
  a:
    title: T
    summary: S
    hours: 1
    resources:
      - title: R
        kind: docs
        url: {url}
"""


@pytest.mark.parametrize(
    "url", ["http://example.org", "https://example.org/a?b=c#d", "https://127.0.0.1:8080/x"]
)
def test_http_urls_are_accepted(cwd: Path, url: str) -> None:
    write("c.yaml", URL_FILE.format(url=url))
    assert load("c.yaml").topics["a"].resources[0].url == url


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/x",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "mailto:a@b.org",
        "www.example.org",
        "https://",
        "//example.org",
        "https://exa mple.org",
    ],
)
def test_only_http_urls(cwd: Path, url: str) -> None:
    write("c.yaml", URL_FILE.format(url=f'"{url}"'))
    assert errors("c.yaml") == [f"c.yaml:10:14: '{url}' is not an http(s) URL"]


@pytest.mark.parametrize(("members", "shown"), [("[b]", "['b']"), ("[]", "[]")])
def test_any_of_needs_two_members(cwd: Path, members: str, shown: str) -> None:
    write(
        "c.yaml",
        f"version: 1\ntopics:\n  a:\n    title: T\n    summary: S\n    hours: 1\n"
        f"    prerequisites:\n      - any_of: {members}\n",
    )
    assert errors("c.yaml") == [
        f"c.yaml:8:17: an any_of group needs at least two topics (got {shown})"
    ]


# --- safe loading ------------------------------------------------------------------------------


def test_python_tags_are_refused_and_run_nothing(cwd: Path) -> None:
    marker = cwd / "pwned"
    write(
        "c.yaml",
        f"""
        version: 1
        name: !!python/object/apply:os.system ["touch {marker}"]
        """,
    )
    assert errors("c.yaml") == [
        "c.yaml:2:7: the tag !!python/object/apply:os.system is not allowed: "
        "a curriculum holds plain data only"
    ]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("value", "tag", "column"),
    [
        ("!!python/name:os.system ''", "!!python/name:os.system", 7),
        ("!!python/tuple [a, b]", "!!python/tuple", 7),
        ("!!binary aGVsbG8=", "!!binary", 7),
        ("!custom thing", "!custom", 7),
        ("{title: !!set {a, b}}", "!!set", 15),
    ],
)
def test_other_tags_are_refused(cwd: Path, value: str, tag: str, column: int) -> None:
    write("c.yaml", f"version: 1\nname: {value}\n")
    assert errors("c.yaml") == [
        f"c.yaml:2:{column}: the tag {tag} is not allowed: a curriculum holds plain data only"
    ]


def test_small_anchors_and_aliases_are_fine(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: 1
            resources:
              - &book {title: R, url: "https://example.org", kind: book, free: true}
          b:
            title: T
            summary: S
            hours: 1
            resources: [*book]
        """,
    )
    curriculum = load("c.yaml")
    assert curriculum.topics["b"].resources == curriculum.topics["a"].resources


def test_a_key_must_be_a_string(cwd: Path) -> None:
    write("c.yaml", "version: 1\n? [a, b]\n: 1\n")
    assert errors("c.yaml") == ["c.yaml:2:3: a key must be a plain string"]


def run_validate(cwd: Path, name: str, timeout: float = 10) -> tuple[int, list[str], float, float]:
    """``python -m learning_path validate NAME`` in a child process.

    Returns (exit code, stderr lines, seconds, peak RSS in MB). The child gets a
    2 GiB address-space cap so that a runaway cannot take the machine down.
    """
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(PROJECT), os.environ.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        ),
    }
    err_path = cwd / f".{name}.stderr"
    with open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "learning_path", "validate", name],
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            preexec_fn=limit,
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            seconds = time.monotonic() - start
            if pid:
                break
            if seconds > timeout:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                pytest.fail(
                    f"validate {name} still running after {timeout} s (killed at "
                    f"{usage.ru_maxrss / 1024:.0f} MB)"
                )
            time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return proc.returncode, err_path.read_text(errors="replace").splitlines(), seconds, peak_mb


def assert_refused_cleanly(cwd: Path, name: str, pattern: str) -> None:
    code, lines, seconds, peak_mb = run_validate(cwd, name)
    assert code == 1, (code, lines[-5:])
    assert len(lines) == 2 and lines[1] == "1 error found", lines[-5:]
    assert re.fullmatch(pattern, lines[0]), lines[0]
    assert seconds < 10, seconds
    assert peak_mb < 400, peak_mb


@pytest.mark.system
def test_billion_laughs_is_refused(cwd: Path) -> None:
    lines = ["version: 1", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    lines.append("name: *a9")
    Path("bomb.yaml").write_text("\n".join(lines) + "\n")
    assert_refused_cleanly(
        cwd,
        "bomb.yaml",
        r"bomb\.yaml:\d+:\d+: aliases expand this document past [\d,]+ values; "
        r"anchors and aliases may only repeat small parts",
    )


@pytest.mark.system
def test_random_bytes_are_refused(cwd: Path) -> None:
    raw = random.Random(20240601).randbytes(200_000)
    Path("noise.yaml").write_bytes(raw)
    with pytest.raises(UnicodeDecodeError) as bad:
        raw.decode("utf-8")
    line = raw.count(b"\n", 0, bad.value.start) + 1
    column = bad.value.start - (raw.rfind(b"\n", 0, bad.value.start) + 1) + 1
    assert_refused_cleanly(
        cwd,
        "noise.yaml",
        re.escape(f"noise.yaml:{line}:{column}: not UTF-8 text (is this a YAML file?)"),
    )


@pytest.mark.system
def test_a_30_mb_string_is_refused(cwd: Path) -> None:
    Path("big.yaml").write_text('version: 1\nname: "' + "x" * 30_000_000 + '"\n')
    limit = f"{loader.MAX_FILE_BYTES / 2**20:.0f}"
    assert_refused_cleanly(
        cwd, "big.yaml", re.escape(f"big.yaml: file is 28.6 MiB; the limit is {limit} MiB")
    )


@pytest.mark.system
def test_a_long_string_under_the_file_limit_is_refused(cwd: Path) -> None:
    size = min(20_000_000, loader.MAX_FILE_BYTES - 100)
    Path("long.yaml").write_text('version: 1\nname: "' + "x" * size + '"\n')
    assert_refused_cleanly(
        cwd,
        "long.yaml",
        re.escape(
            f"long.yaml:2:7: a text of {size:,} characters is longer than the limit of "
            f"{loader.MAX_SCALAR_CHARS:,}"
        ),
    )


@pytest.mark.system
def test_100k_deep_brackets_are_refused(cwd: Path) -> None:
    Path("deep.yaml").write_text("version: 1\nname: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert_refused_cleanly(
        cwd,
        "deep.yaml",
        re.escape(
            f"deep.yaml:2:{7 + loader.MAX_FLOW_DEPTH}: brackets nest more than "
            f"{loader.MAX_FLOW_DEPTH} levels deep"
        ),
    )


def test_moderately_deep_brackets_are_refused(cwd: Path) -> None:
    write("c.yaml", "version: 1\nname: " + "[" * 500 + "]" * 500 + "\n")
    [message] = errors("c.yaml")
    assert message.endswith(f": nested more than {loader.MAX_DEPTH} levels deep")


@pytest.mark.system
def test_100k_deep_block_sequences_are_refused(cwd: Path) -> None:
    # `- - - ... x` nests block sequences without a single bracket.
    Path("dashes.yaml").write_text("version: 1\nname:\n" + "- " * 100_000 + "x\n")
    assert_refused_cleanly(cwd, "dashes.yaml", r"dashes\.yaml(:\d+:\d+)?: .+")


@pytest.mark.system
@pytest.mark.parametrize("kind", ["values", "aliases"])
def test_a_huge_document_just_under_the_size_limit_is_refused_in_bounds(
    cwd: Path, kind: str
) -> None:
    size = loader.MAX_FILE_BYTES - 1000
    if kind == "values":
        text = "version: 1\nname: [" + "x, " * (size // 3) + "x]\n"
    else:
        head = "version: 1\na: &a [" + ", ".join(["x"] * 10_000) + "]\nname: [*a"
        text = head + ", *a" * ((size - len(head)) // 4) + "]\n"
    Path("huge.yaml").write_text(text)
    assert_refused_cleanly(cwd, "huge.yaml", r"huge\.yaml(:\d+:\d+)?: .+")


# --- YAML syntax, empty files, wrong roots -----------------------------------------------------


def test_syntax_error_is_located(cwd: Path) -> None:
    write("c.yaml", "version: 1\ntopics:\n  a: {title: T\n  b: 1\n")
    assert errors("c.yaml") == [
        "c.yaml:4:4: YAML syntax error: did not find expected ',' or '}' "
        "(while parsing a flow mapping)"
    ]


def test_bad_indentation_is_located(cwd: Path) -> None:
    write("c.yaml", "version: 1\ntopics:\n  a:\n    title: T\n   summary: S\n")
    assert errors("c.yaml") == [
        "c.yaml:5:4: YAML syntax error: did not find expected key (while parsing a block mapping)"
    ]


def test_two_documents_are_refused(cwd: Path) -> None:
    write("c.yaml", "version: 1\n---\nversion: 1\n")
    assert errors("c.yaml") == [
        "c.yaml:2:1: YAML syntax error: but found another document "
        "(expected a single document in the stream)"
    ]


def test_control_character_is_located_on_one_line(cwd: Path) -> None:
    Path("c.yaml").write_bytes(b"version: 1\nname: a\x07b\n")
    diagnostic = only_error("c.yaml")
    assert diagnostic.location == Location("c.yaml", 2, 8)
    assert "#x0007" in diagnostic.message
    assert "\n" not in diagnostic.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(cwd: Path, text: str) -> None:
    Path("c.yaml").write_text(text)
    assert errors("c.yaml") == ["c.yaml: file is empty; a curriculum file starts with 'version: 1'"]


@pytest.mark.parametrize("text", ["- version: 1\n", "just words\n", "\n42\n"])
def test_root_must_be_a_mapping(cwd: Path, text: str) -> None:
    Path("c.yaml").write_text(text)
    line = 2 if text.startswith("\n") else 1
    assert errors("c.yaml") == [
        f"c.yaml:{line}:1: expected a mapping of keys (version, topics, goals, ...)"
    ]


def test_missing_path(cwd: Path) -> None:
    assert errors("nope.yaml") == ["nope.yaml: no such file or directory"]


def test_directory_without_yaml_files(cwd: Path) -> None:
    write("cur/notes.txt", "version: 1\n")
    assert errors("cur") == ["cur: no .yaml or .yml files in this directory"]


# --- directories -------------------------------------------------------------------------------


def test_directory_files_sorted_by_name_with_subdirectories(cwd: Path) -> None:
    write("cur/c.yaml", "version: 1\nname: Third\ntopics:\n  c: {title: C, summary: S, hours: 1}\n")
    write(
        "cur/a/z.yml",
        "version: 1\nname: First\ntopics:\n  z: {title: Z, summary: S, hours: 1}\n",
    )
    write("cur/b.yml", "version: 1\ntopics:\n  b: {title: B, summary: S, hours: 1}\n")
    write("cur/a/notes.txt", "not yaml at all: [")
    write("cur/README.md", "# not a curriculum")
    curriculum = load("cur")
    assert curriculum.sources == ["cur/a/z.yml", "cur/b.yml", "cur/c.yaml"]
    assert list(curriculum.topics) == ["z", "b", "c"]
    assert curriculum.name == "First"
    assert curriculum.locate("topic", "c") == Location("cur/c.yaml", 4, 3)


def test_hidden_files_and_directories_are_not_read(cwd: Path) -> None:
    # An editor's or a tool's copies (.backup/, .git/, .#file.yaml) inside a
    # curriculum directory are no part of it: reading them would define every topic
    # twice.
    topics = "version: 1\ntopics:\n  a: {title: A, summary: S, hours: 1}\n"
    write("cur/topics.yaml", topics)
    write("cur/.backup/topics.yaml", topics)
    write("cur/sub/.git/topics.yml", topics)
    write("cur/.topics.yaml", topics)
    write("cur/sub/b.yaml", "version: 1\ntopics:\n  b: {title: B, summary: S, hours: 1}\n")
    curriculum = load("cur")
    assert curriculum.sources == ["cur/sub/b.yaml", "cur/topics.yaml"]
    assert list(curriculum.topics) == ["b", "a"]


def test_a_curriculum_directory_inside_a_hidden_one_is_read(cwd: Path) -> None:
    # Only names below the curriculum directory count: ~/.config/... is fine.
    write(".config/cur/topics.yaml", "version: 1\ntopics:\n  a: {title: A, summary: S, hours: 1}\n")
    assert list(load(".config/cur").topics) == ["a"]
    assert list(load_curriculum(str(cwd / ".config" / "cur")).topics) == ["a"]


def test_directory_is_one_curriculum(cwd: Path) -> None:
    write("cur/1-goals.yaml", "version: 1\ngoals:\n  g: {title: G, targets: [b]}\n")
    write(
        "cur/2-topics.yaml",
        "version: 1\ntopics:\n  a: {title: A, summary: S, hours: 1}\n"
        "  b: {title: B, summary: S, hours: 2, prerequisites: [a]}\n",
    )
    curriculum = load_curriculum("cur")
    assert list(curriculum.goals) == ["g"]
    assert curriculum.topics["b"].prerequisites == ["a"]
    assert curriculum.locate("target", "g", "0") == Location("cur/1-goals.yaml", 3, 27)
    assert curriculum.locate("prereq", "b", "0") == Location("cur/2-topics.yaml", 4, 55)


# --- all at once, sorted ------------------------------------------------------------------------


def test_all_problems_are_reported_at_once(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: 0
            level: expert
            resources:
              - {title: R, url: "ftp://example.org", kind: book}
        """,
    )
    assert errors("c.yaml") == [
        "c.yaml:6:12: hours: input should be greater than 0 (got 0)",
        "c.yaml:7:12: level must be one of beginner, intermediate or advanced, not 'expert'",
        "c.yaml:9:25: 'ftp://example.org' is not an http(s) URL",
    ]


def test_diagnostics_sorted_by_file_then_line(cwd: Path) -> None:
    # Found in another order: repeated keys while reading, field errors in the
    # model's field order (hours before level), cross-file duplicates last.
    write(
        "cur/a.yaml",
        """
        version: 1
        topics:
          x:
            level: expert
            title: T
            summary: S
            hours: 0
          y:
            title: T
            summary: S
            hours: 1
            hours: 2
        """,
    )
    write(
        "cur/b.yaml",
        "version: 1\nversion: 1\ntopics:\n  y: {title: T, summary: S, hours: 1}\n",
    )
    with pytest.raises(CurriculumError) as info:
        load("cur")
    diagnostics = info.value.diagnostics
    assert [str(d) for d in diagnostics] == [
        "cur/a.yaml:4:12: level must be one of beginner, intermediate or advanced, not 'expert'",
        "cur/a.yaml:7:12: hours: input should be greater than 0 (got 0)",
        "cur/a.yaml:12:5: duplicate key 'hours' (first defined at line 11:5)",
        "cur/b.yaml:2:1: duplicate key 'version' (first defined at line 1:1)",
        "cur/b.yaml:4:3: topic 'y' is defined twice (also at cur/a.yaml:8:3)",
    ]
    assert str(info.value) == "\n".join(str(d) for d in diagnostics)


@pytest.mark.system
def test_cli_prints_every_diagnostic_and_exits_1(cwd: Path) -> None:
    write("c.yaml", "version: 2\ntopcs: {}\n")
    code, lines, _, _ = run_validate(cwd, "c.yaml")
    assert code == 1
    assert lines == [
        "c.yaml:1:10: unsupported version 2; this tool reads version 1",
        "c.yaml:2:1: unknown key 'topcs' (did you mean 'topics'?)",
        "2 errors found",
    ]


# --- valid input ------------------------------------------------------------------------------


def test_valid_file_loads_with_the_right_data(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        name: Machine learning
        description: >
          From first principles
          to production.
        goals:
          nlp:
            title: Natural language processing
            description: Read and write text.
            targets: [linear-algebra, matlab-basics]
        topics:
          python-basics: {title: Python, summary: Programs., hours: 2.5}
          numpy: {title: NumPy, summary: Arrays., hours: 3}
          matlab-basics: {title: MATLAB, summary: Matrices., hours: 1}
          linear-algebra:
            title: Linear algebra essentials
            summary: Vectors, matrices, dot products, eigenvectors.
            hours: 8
            level: beginner
            area: foundations
            tags: [math]
            prerequisites:
              - python-basics
              - any_of: [numpy, matlab-basics]
            resources:
              - title: Mathematics for Machine Learning
                url: https://mml-book.github.io/
                kind: book
                free: yes
                hours: 6
              - {title: Course, url: "http://example.org", kind: course, free: no}
            projects:
              - Implement PCA with NumPy only.
        """,
    )
    curriculum = load_curriculum("c.yaml")
    assert curriculum.name == "Machine learning"
    assert curriculum.description == "From first principles to production.\n"
    assert curriculum.sources == ["c.yaml"]
    assert list(curriculum.topics) == ["python-basics", "numpy", "matlab-basics", "linear-algebra"]
    goal = curriculum.goals["nlp"]
    assert (goal.title, goal.description) == ("Natural language processing", "Read and write text.")
    assert goal.targets == ["linear-algebra", "matlab-basics"]

    topic = curriculum.topics["linear-algebra"]
    assert topic.title == "Linear algebra essentials"
    assert topic.summary == "Vectors, matrices, dot products, eigenvectors."
    assert topic.hours == 8.0 and type(topic.hours) is float
    assert topic.level == "beginner"
    assert topic.area == "foundations"
    assert topic.tags == ["math"]
    assert topic.prerequisites == ["python-basics", AnyOf(any_of=["numpy", "matlab-basics"])]
    assert type(topic.prerequisites[0]) is str
    assert isinstance(topic.prerequisites[1], AnyOf)
    assert topic.resources == [
        Resource(
            title="Mathematics for Machine Learning",
            url="https://mml-book.github.io/",
            kind="book",
            free=True,
            hours=6.0,
        ),
        Resource(title="Course", url="http://example.org", kind="course", free=False),
    ]
    assert topic.resources[0].free is True and type(topic.resources[0].hours) is float
    assert topic.projects == ["Implement PCA with NumPy only."]
    assert curriculum.topics["python-basics"].hours == 2.5

    assert curriculum.locate("topic", "linear-algebra") == Location("c.yaml", 15, 3)
    assert curriculum.locate("goal", "nlp") == Location("c.yaml", 7, 3)
    assert curriculum.locate("prereq", "linear-algebra", "1") == Location("c.yaml", 24, 9)
    assert curriculum.locate("target", "nlp", "1") == Location("c.yaml", 10, 31)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", True), ("on", True), ("no", False), ("off", False), ("true", True)],
)
def test_yaml_11_booleans_for_free(cwd: Path, value: str, expected: bool) -> None:
    write(
        "c.yaml",
        "version: 1\ntopics:\n  a:\n    title: T\n    summary: S\n    hours: 8\n"
        f"    resources:\n      - {{title: R, url: 'https://x.org', kind: book, free: {value}}}\n",
    )
    topic = load("c.yaml").topics["a"]
    assert topic.resources[0].free is expected
    assert topic.hours == 8.0 and isinstance(topic.hours, float)


def test_date_like_id_stays_a_string(cwd: Path) -> None:
    write(
        "c.yaml",
        "version: 1\ntopics:\n  2024-01-01: {title: T, summary: S, hours: 1}\n"
        "  b: {title: T, summary: S, hours: 1, prerequisites: [2024-01-01]}\n",
    )
    assert load_curriculum("c.yaml").topics["b"].prerequisites == ["2024-01-01"]


def test_utf8_bom_is_accepted(cwd: Path) -> None:
    Path("c.yaml").write_bytes("\ufeffversion: 1\nname: Café\n".encode())
    assert load("c.yaml").name == "Café"


def test_yaml_11_words_stay_text_where_text_is_expected(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a: {title: On, summary: 1984, hours: 2, tags: [no, yes], resources: [
               {title: R, url: "HTTPS://example.org/", kind: docs, free: yes}]}
        """,
    )
    topic = load("c.yaml").topics["a"]
    assert (topic.title, topic.summary, topic.tags) == ("On", "1984", ["no", "yes"])
    assert topic.resources[0].free is True


def test_a_file_with_only_a_document_marker_is_empty(cwd: Path) -> None:
    write("c.yaml", "---\n")
    assert errors("c.yaml") == ["c.yaml: file is empty; a curriculum file starts with 'version: 1'"]


def test_too_many_values_are_refused_before_parsing(cwd: Path) -> None:
    Path("c.yaml").write_text("version: 1\nname: [" + "1," * 3_100_000 + "1]\n")
    assert errors("c.yaml") == [
        "c.yaml: file holds about 3,100,005 values; the limit is 3,000,000 "
        "(split it into several files)"
    ]


def test_booleans_and_numbers_name_the_bad_value(cwd: Path) -> None:
    write(
        "c.yaml",
        """
        version: 1
        topics:
          a:
            title: T
            summary: S
            hours: lots
            resources: [{title: R, url: "https://example.org/", kind: docs, free: maybe}]
        """,
    )
    assert errors("c.yaml") == [
        "c.yaml:6:12: hours: expected a number, not 'lots'",
        "c.yaml:7:75: free: expected true or false, not 'maybe'",
    ]


def test_a_tab_in_the_indentation_says_tab(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("version: 1\ntopics:\n  numpy:\n\ttitle: N\n", encoding="utf-8")
    with pytest.raises(CurriculumError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}:4:1: YAML syntax error: a tab in the indentation; YAML indents with spaces only"
    )
