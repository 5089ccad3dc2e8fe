"""Custom templates: --templates DIR overrides, --template FILE, the sandbox, and errors
reported as template-file:line: message (exit 1, no traceback, no output file)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path

import jinja2
import pytest

from learning_path import load_curriculum
from learning_path.planner import Plan, make_plan
from learning_path.render import _DictFirst, _environment, context, render
from tests.conftest import CLI, Ran

PLAN = ("plan", "--goal", "classify")


@pytest.fixture
def plan(cli: CLI, small: Path) -> Callable[..., Ran]:
    """``plan --goal classify`` on the fixture curriculum, with the options given."""
    return functools.partial(cli.with_options("--curriculum", small), *PLAN)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_template_sees_the_json_data_plus_by_id_and_graph(small: Path) -> None:
    plan = make_plan(load_curriculum(small), goals=["classify"], known=["python"])
    data = context(plan)
    json_data = plan.to_dict()
    needs = {step["id"]: step.pop("needs") for step in data["steps"]}
    assert {key: data[key] for key in json_data} == json_data
    assert data["graph"] is None
    assert data["by_id"]["numpy"] == data["steps"][0]
    # ``needs``: the prerequisites in the plan (python is known, so not there), in order
    assert needs == {
        step["id"]: [p for p in step["prerequisites"] if p in data["by_id"]]
        for step in json_data["steps"]
    }
    assert needs["numpy"] == [] and needs["neural-networks"] == ["linear-algebra", "pytorch"]


def test_template_file_renders_one_file(plan: Callable[..., Ran], tmp_path: Path) -> None:
    template = write(
        tmp_path / "hours.txt",
        "{% for s in steps %}{{ s.position }},{{ s.id }},{{ s.hours | hours }}\n{% endfor %}"
        "{{ by_id['numpy'].title }}; total {{ total_hours | hours }}\n",
    )
    code, out, err = plan("--template", str(template))
    assert code == 0 and err.startswith("remembered in "), err
    assert out == (
        "1,python,10\n2,numpy,4\n3,pytorch,12\n4,linear-algebra,8\n"
        "5,neural-networks,10.5\n6,text-classifier,6\nNumPy; total 50.5\n"
    )


def test_templates_dir_replaces_bundled_template(plan: Callable[..., Ran], tmp_path: Path) -> None:
    write(tmp_path / "mine" / "plan.md.j2", "{{ steps | length }} steps for {{ goals[0] }}\n")
    code, out, _ = plan("--templates", str(tmp_path / "mine"))
    assert (code, out) == (0, "6 steps for classify\n")


def test_override_one_block_of_the_bundled_template(
    plan: Callable[..., Ran], tmp_path: Path
) -> None:
    write(
        tmp_path / "mine" / "plan.md.j2",
        '{% extends "default:plan.md.j2" %}\n'
        "{% block footer %}\nMentor: Ada. {{ steps | length }} topics.\n{% endblock %}\n",
    )
    _, bundled, _ = plan()
    code, out, _ = plan("--templates", str(tmp_path / "mine"))
    assert code == 0
    head, _, footer = bundled.rpartition("---\n")
    assert footer.startswith("\n*Tick a box")
    assert out == head + "Mentor: Ada. 6 topics.\n"


def test_override_the_scoped_step_block(plan: Callable[..., Ran], tmp_path: Path) -> None:
    write(
        tmp_path / "steps.md.j2",
        '{% extends "default:plan.md.j2" %}\n'
        "{% block header %}{% endblock %}{% block summary %}{% endblock %}"
        "{% block footer %}{% endblock %}\n"
        "{% block step %}\n{{ step.position }}) {{ step.title | md }}\n{% endblock %}\n",
    )
    code, out, _ = plan("--template", str(tmp_path / "steps.md.j2"))
    assert code == 0
    assert out == (
        "## Steps\n\n1) Python basics\n2) NumPy\n3) PyTorch\n4) Linear algebra\n"
        "5) Neural networks\n6) Project: text classifier \\<v1\\>\n"
    )


def test_html_template_override_keeps_autoescape(plan: Callable[..., Ran], tmp_path: Path) -> None:
    write(
        tmp_path / "mine" / "plan.html.j2",
        '{% extends "default:plan.html.j2" %}\n'
        "{% block footer %}<footer>{{ by_id['text-classifier'].title }}</footer>{% endblock %}\n",
    )
    code, out, _ = plan("--templates", str(tmp_path / "mine"), "--format", "html")
    assert code == 0
    assert "<footer>Project: text classifier &lt;v1&gt;</footer>" in out


SANDBOX_ESCAPES = [
    ("''.__class__.__mro__", "access to attribute '__class__' of 'str' object is unsafe."),
    ("steps.__class__.__base__", "access to attribute '__class__' of 'list' object is unsafe."),
    ("steps[0].__class__", "access to attribute '__class__' of 'dict' object is unsafe."),
    ("cycler.__init__.__globals__", "access to attribute '__init__' of 'type' object is unsafe."),
    ("lipsum.__globals__", "access to attribute '__globals__' of 'function' object is unsafe."),
    ("'{0.__class__}'.format(1)", "access to attribute '__class__' of 'int' object is unsafe."),
    ("'x' | attr('__class__')", "access to attribute '__class__' of 'str' object is unsafe."),
    (
        "by_id.items.__self__",
        "access to attribute '__self__' of 'builtin_function_or_method' object is unsafe.",
    ),
    ("self.__dict__", "access to attribute '__dict__' of 'TemplateReference' object is unsafe."),
    # Resource exhaustion, not only escapes:
    ("'x' * 10**10", "a value of 10,000,000,000 items is too large"),
    ("[0] * 10**9", "a value of 1,000,000,000 items is too large"),
    ("2 ** 100000000", "a number that large is not allowed"),
]


def test_sandbox_still_allows_reasonable_arithmetic(
    plan: Callable[..., Ran], tmp_path: Path
) -> None:
    template = write(tmp_path / "ok.md", "{{ 'ab' * 3 }} {{ 2 ** 10 }} {{ steps | length * 2 }}\n")
    code, out, _ = plan("--template", str(template))
    assert (code, out) == (0, "ababab 1024 12\n")


@pytest.mark.parametrize(("expression", "message"), SANDBOX_ESCAPES)
def test_sandbox_refuses_python_internals(
    plan: Callable[..., Ran], tmp_path: Path, expression: str, message: str
) -> None:
    template = write(tmp_path / "evil.md", "fine\n\n{{ " + expression + " }}\n")
    output = tmp_path / "plan.md"
    code, out, err = plan("--template", str(template), "-o", str(output), expect=1)
    assert (code, out) == (1, "")
    assert err == f"error: {template}:3: not allowed in a template: {message}\n"
    assert not output.exists()


@pytest.mark.parametrize("where", ["--template", "--templates"])
@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("{{ stepz }}", 3, "'stepz' is undefined"),
        ("{{ steps[0].titel }}", 3, "'dict object' has no attribute 'titel'"),
        ("{% if %}", 3, "Expected an expression, got 'end of statement block'"),
        ("{{ steps | nosuch }}", 3, "No filter named 'nosuch'."),
        (
            "{{ ''.__class__ }}",
            3,
            "not allowed in a template: access to attribute '__class__' of 'str' object is unsafe.",
        ),
        ("{{ 1 / 0 }}", 3, "division by zero"),
        (
            "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
            3,
            "too deeply nested (a macro or include that calls itself?)",
        ),
    ],
)
def test_error_in_a_user_template_names_its_file_and_line(
    plan: Callable[..., Ran],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    body: str,
    line: int,
    message: str,
) -> None:
    """The same errors, in a --template FILE and in an overriding --templates DIR template
    (inside a block), point at the user's own file as given on the command line."""
    monkeypatch.chdir(tmp_path)
    output = tmp_path / "plan.md"
    output.write_text("old plan\n")
    if where == "--template":
        path = write(tmp_path / "my.md.j2", "{# mine #}\n\n" + body + "\n")
        shown = "my.md.j2"
    else:
        path = write(
            tmp_path / "mine" / "plan.md.j2",
            '{% extends "default:plan.md.j2" %}\n{% block summary %}\n'
            + body
            + "\n{% endblock %}\n",
        )
        shown = "mine/plan.md.j2"
    arg = shown if where == "--template" else "mine"
    code, out, err = plan(where, arg, "-o", str(output), expect=1)
    assert (code, out) == (1, "")
    assert err == f"error: {shown}:{line}: {message}\n"
    assert output.read_text() == "old plan\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["plan.md", path.relative_to(tmp_path).parts[0]]
    )


def test_error_in_an_included_user_file_names_that_file(
    plan: Callable[..., Ran], tmp_path: Path
) -> None:
    write(tmp_path / "parts" / "row.j2", "{{ step.title }}\n{{ step.nope }}\n")
    template = write(
        tmp_path / "parts" / "main.j2",
        "{% for step in steps %}\n{% include 'row.j2' %}\n{% endfor %}\n",
    )
    code, _, err = plan("--template", str(template), expect=1)
    assert code == 1
    assert (
        err == f"error: {tmp_path / 'parts' / 'row.j2'}:2: 'dict object' has no attribute 'nope'\n"
    )


def test_missing_template_and_bad_options(plan: Callable[..., Ran], tmp_path: Path) -> None:
    write(tmp_path / "mine" / "plan.md.j2", '{% extends "default:nope.md.j2" %}\n')
    code, _, err = plan("--templates", str(tmp_path / "mine"), expect=1)
    assert (code, err) == (1, "error: template not found: default:nope.md.j2\n")
    code, _, err = plan("--template", str(tmp_path / "absent.j2"), expect=2)
    assert code == 2 and "does not exist" in err
    code, _, err = plan("--templates", str(tmp_path / "mine" / "plan.md.j2"), expect=2)
    assert code == 2 and "is a file" in err


def _set_url(plan: Plan, url: str) -> None:
    """The first resource's URL, unchecked (as a plan built in code may have it)."""
    plan.steps[0].resources[0] = dataclasses.replace(plan.steps[0].resources[0], url=url)


def test_safe_url_keeps_only_http_links(small: Path) -> None:
    plan = make_plan(load_curriculum(small), targets=["python"])
    _set_url(plan, "javascript:alert(1)")
    plan.steps[0].resources.append(
        dataclasses.replace(plan.steps[0].resources[0], url="HTTPS://x.example/a b")
    )
    markdown = render(plan, "markdown")
    assert "](#)" in markdown and "](HTTPS://x.example/a%20b)" in markdown
    html = render(plan, "html")
    assert '<a href="#">' in html and "javascript" not in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript://%0aalert(1)",
        "JavaScript://example.com/%0Aalert(document.cookie)",
        "data://text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/file",
        "file:///etc/passwd",
        "vbscript://x",
        "//evil.example/https://",
        "xhttps://example.com/",
        " javascript://https://example.com/",
    ],
)
def test_safe_url_refuses_every_other_scheme(small: Path, url: str) -> None:
    # A plan built in code (not loaded, so not validated) with a hostile URL: no
    # rendered link may point at anything but http(s).
    plan = make_plan(load_curriculum(small), targets=["python"])
    _set_url(plan, url)
    markdown = render(plan, "markdown")
    assert "[The Python Tutorial](#)" in markdown
    assert url not in markdown
    html = render(plan, "html")
    assert '<a href="#">The Python Tutorial</a>' in html


@pytest.mark.parametrize("url", ["http://example.com/", "HTTPS://Example.com/a?b=c#d"])
def test_safe_url_keeps_http_and_https_in_any_case(small: Path, url: str) -> None:
    plan = make_plan(load_curriculum(small), targets=["python"])
    _set_url(plan, url)
    assert f"[The Python Tutorial]({url})" in render(plan, "markdown")
    assert f'<a href="{url}">The Python Tutorial</a>' in render(plan, "html")


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("mine.html", True),
        ("mine.htm", True),
        ("mine.html.j2", True),
        ("mine.htm.j2", True),
        ("mine.md.j2", False),
        ("mine.txt", False),
    ],
)
def test_user_templates_escape_html_by_their_name(
    plan: Callable[..., Ran], tmp_path: Path, name: str, escaped: bool
) -> None:
    # The fixture's project title holds "<v1>": an HTML template must not let it
    # become markup; a Markdown or text one prints it as written.
    template = write(tmp_path / name, "{% for s in steps %}{{ s.title }}\n{% endfor %}")
    code, out, _ = plan("--template", str(template))
    assert code == 0
    title = "Project: text classifier &lt;v1&gt;" if escaped else "Project: text classifier <v1>"
    assert title in out.splitlines()


def test_markdown_links_keep_parentheses_and_spaces_inside_the_url(small: Path) -> None:
    plan = make_plan(load_curriculum(small), targets=["python"])
    _set_url(plan, "https://en.wikipedia.org/wiki/Tree_(graph theory)")
    assert (
        "[The Python Tutorial](https://en.wikipedia.org/wiki/Tree_%28graph%20theory%29)"
        in render(plan, "markdown")
    )


def test_json_is_indented_and_keeps_non_ascii_text(small: Path) -> None:
    plan = make_plan(load_curriculum(small), targets=["python"])
    plan.steps[0].title = "Python für Anfänger · 入门"
    text = render(plan, "json")
    assert text.startswith('{\n  "format_version": 1,\n  "curriculum": "Tiny ML",\n')
    assert '"title": "Python für Anfänger · 入门"' in text
    assert text.endswith("}\n")


EVERY_FIELD = (
    "{% for step in steps %}{{ step.position }}|{{ step.id }}|{{ step.title }}|{{ step.summary }}"
    "|{{ step.hours }}|{{ step.level }}|{{ step.area }}|{{ step.prerequisites | join(',') }}"
    "|{{ step.projects | join(',') }}|{{ step.needs | join(',') }}"
    "|{{ step.start_week }}|{{ step.end_week }}"
    "|{{ step.start_date }}|{{ step.end_date }}|{{ step.done }}"
    "|{{ step.keys() | sort | join(',') }}|{{ step.get('title') }}|{{ step['id'] }}"
    "|{{ step.items() | list | length }}"
    "{% for r in step.resources %}"
    "|{{ r.title }} {{ r.url }} {{ r.kind }} {{ r.free }} {{ r.hours }}"
    "{% endfor %}{{ '\\n' }}{% endfor %}"
    "{{ by_id.numpy.title }}|{{ by_id['numpy'].position }}|{{ by_id.get('numpy').id }}"
    "|{{ by_id | length }}|{{ week_dates[1] | join(' to ') }}|{{ graph }}|{{ activity }}"
    "|{{ goal_titles.classify }}|{{ total_hours }}|{{ weeks }}|{{ hours_per_week }}\n"
)


def _every_field(plan: Plan) -> str:
    """What EVERY_FIELD renders, worked out in Python from the plan's JSON data."""
    data = plan.to_dict()
    lines = []
    for step in data["steps"]:
        fields = [step[k] for k in ("position", "id", "title", "summary", "hours", "level", "area")]
        needs = [p for p in step["prerequisites"] if any(s["id"] == p for s in data["steps"])]
        fields += [",".join(step["prerequisites"]), ",".join(step["projects"]), ",".join(needs)]
        fields += [step[k] for k in ("start_week", "end_week", "start_date", "end_date")]
        keys = ",".join(sorted([*step, "needs"]))
        fields += [step["done"], keys, step["title"], step["id"], len(step) + 1]
        line = "|".join(str(f) for f in fields)
        for r in step["resources"]:
            line += f"|{r['title']} {r['url']} {r['kind']} {r['free']} {r['hours']}"
        lines.append(line + "\n")
    numpy = next(s for s in data["steps"] if s["id"] == "numpy")
    first = plan.week_dates()[1]
    tail = [numpy["title"], numpy["position"], "numpy", len(data["steps"])]
    tail += [f"{first[0]} to {first[1]}", None, None, data["goal_titles"]["classify"]]
    tail += [data["total_hours"], data["weeks"], data["hours_per_week"]]
    return "".join(lines) + "|".join(str(f) for f in tail) + "\n"


def test_a_template_reads_every_field_and_dict_method(small: Path, tmp_path: Path) -> None:
    """Every name the README lists, and a step's dict methods, in a user template (the
    sandbox) and through the bundled templates' environment: the same text."""
    plan = make_plan(
        load_curriculum(small),
        goals=["classify"],
        known=["python"],
        hours_per_week=5,
        start=date(2025, 1, 6),
    )
    expected = _every_field(plan)
    assert "|linear-algebra,pytorch|" in expected
    template = write(tmp_path / "fields.txt", EVERY_FIELD)
    assert render(plan, template_file=template) == expected
    trusted = _environment(None, None)
    assert type(trusted) is _DictFirst
    assert trusted.from_string(EVERY_FIELD).render(context(plan)) == expected


@pytest.mark.parametrize("attribute", ["title", "items", "get", "keys", "missing", "__class__"])
@pytest.mark.parametrize("value", [{"title": "T", "items": 1, "get": 2}, ["title"], "text", None])
def test_dict_first_looks_up_what_jinja_looks_up(value: object, attribute: str) -> None:
    """A key of a plain dict at once, but never in place of one of dict's own attributes
    (``step.items`` is the method, even with an ``items`` key): Jinja's own answer."""
    ours = _DictFirst().getattr(value, attribute)
    jinjas = jinja2.Environment().getattr(value, attribute)
    if isinstance(jinjas, jinja2.Undefined):
        assert isinstance(ours, jinja2.Undefined)
    else:
        assert ours == jinjas
