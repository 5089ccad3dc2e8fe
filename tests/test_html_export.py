"""``plan --format html``: the exact page on the fixture curriculum, self-contained and
escaped, then opened in a real headless Chromium: no console errors, every step shown,
a ticked box survives a reload, print styles apply, and a screenshot is kept.

Chromium is driven over ``--remote-debugging-pipe`` (the DevTools protocol as
NUL-terminated JSON on file descriptors 3 and 4), so the test needs no Python
package beyond the standard library; it does need Debian's ``chromium``: without it
those tests skip, saying how to install it, unless LEARNING_PATH_REQUIRE_SYSTEM_TOOLS
is set (.ci/run installs Chromium and sets it), when they fail.
"""

from __future__ import annotations

import base64
import fcntl
import html
import json
import os
import re
import select
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CLI, system_program

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
]
DATED = ("--goal", "deploy", "--hours-per-week", "8", "--start", "2025-01-06")
PACED = (*DATED, "--known", "python", "--format", "html")


def html_plan(cli: CLI, curriculum: Path, *args: str) -> str:
    code, out, err = cli("plan", "--curriculum", str(curriculum), *args)
    assert code == 0, err
    assert all(line.startswith("remembered in ") for line in err.splitlines()), err
    return out


def test_html_matches_golden(cli: CLI, small: Path, golden) -> None:  # type: ignore[no-untyped-def]
    golden("deploy-paced.html", html_plan(cli, small, *PACED))


def test_html_is_self_contained(cli: CLI, small: Path) -> None:
    page = html_plan(cli, small, "--goal", "deploy", "--format", "html")
    assert page.startswith("<!DOCTYPE html>\n")
    for outside in ("src=", "<link", "@import", "url(", "<iframe", "<object", "<img"):
        assert outside not in page
    assert page.count("<script>") == 1 and page.count("<style>") == 1
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(re.match(r"https?://|#step-[a-z0-9-]+$", h) for h in hrefs)
    assert "@media print" in page


def test_html_groups_steps_by_week_only_with_a_pace(cli: CLI, small: Path, tmp_path: Path) -> None:
    paced = html_plan(cli, small, *PACED)
    headings = re.findall(r"<h2>([^<]*)</h2>", paced)
    assert [h.split(" · ")[0] for h in headings] == [f"Week {n}" for n in range(1, 7)]
    assert '<p class="note">Keep going with step 2, PyTorch.</p>' in paced
    fresh = ("--progress", str(tmp_path / "fresh.yaml"))  # the pace above is remembered
    unpaced = html_plan(cli, small, "--goal", "deploy", "--format", "html", *fresh)
    assert re.findall(r"<h2>([^<]*)</h2>", unpaced) == ["Steps"]


def mark_done(cli: CLI, curriculum: Path, progress: Path, *topics: str) -> None:
    """Record ``topics`` as done in the progress file, as a learner would."""
    where = ("--curriculum", str(curriculum), "--progress", str(progress))
    code, _, err = cli("done", *topics, "--on", "2025-01-05", *where)
    assert (code, err) == (0, "")


def test_html_ticks_done_topics_and_counts_remaining_hours(
    cli: CLI, small: Path, tmp_path: Path
) -> None:
    progress = tmp_path / "progress.yaml"
    mark_done(cli, small, progress, "python", "torchserve")
    page = html_plan(
        cli, small, *DATED, "--free-only", "--progress", str(progress), "--format", "html"
    )
    page = re.sub(r'<figure class="activity">.*?</figure>\n', "", page, flags=re.S)  # tested apart
    assert (
        '<p class="about">Curriculum: Tiny ML. Goals: <code>deploy</code>.'
        " Free resources only.</p>\n"
        "</header>\n"
        '<p class="summary">7 topics, 2 done · 39.5 of 52.5 hours to go'
        " · about 5 weeks at 8 h/week · 2025-01-06 to 2025-02-09</p>\n"
        '<p class="progress" id="progress" hidden></p>\n'
        # a done topic before the first week: listed, but under no heading (as in Markdown)
        '<section class="steps">\n'
        '<ul class="steps">\n'
        '<li class="step done" id="step-python">\n'
        '<div class="head">\n'
        '<input type="checkbox" id="check-python" data-topic="python" checked>\n'
    ) in page
    assert re.findall(r'<li class="([^"]*)" id="step-([^"]*)">', page) == [
        ("step done", "python"),
        ("step", "numpy"),
        ("step", "pytorch"),
        ("step", "linear-algebra"),
        ("step", "neural-networks"),
        ("step done", "torchserve"),
        ("step", "serving"),
    ]
    assert re.findall(r'data-topic="([^"]*)" checked>', page) == ["python", "torchserve"]
    assert re.findall(r"<h2>([^<]*)</h2>", page) == [
        "Week 1 · 2025-01-06 to 2025-01-12",
        "Week 2 · 2025-01-13 to 2025-01-19",
        "Week 3 · 2025-01-20 to 2025-01-26",
        "Week 4 · 2025-01-27 to 2025-02-02",
        "Week 5 · 2025-02-03 to 2025-02-09",
    ]
    assert re.findall(r'<p class="note">([^<]*)</p>', page) == ["Keep going with step 3, PyTorch."]


def test_html_weeks_run_on_after_the_last_topic(cli: CLI, small: Path) -> None:
    """Serving models (5 h) starts in week 6 and runs into week 7: week 7 gets a heading."""
    page = html_plan(cli, small, *DATED, "--format", "html")
    assert '<p class="summary">7 topics · 52.5 hours · about 7 weeks at 8 h/week' in page
    assert re.findall(r"<h2>([^<]*)</h2>", page) == [
        f"Week {n} · {first} to {last}"
        for n, (first, last) in enumerate(
            [
                ("2025-01-06", "2025-01-12"),
                ("2025-01-13", "2025-01-19"),
                ("2025-01-20", "2025-01-26"),
                ("2025-01-27", "2025-02-02"),
                ("2025-02-03", "2025-02-09"),
                ("2025-02-10", "2025-02-16"),
                ("2025-02-17", "2025-02-23"),
            ],
            start=1,
        )
    ]
    assert (
        "</li>\n</ul>\n</section>\n"
        '<section class="week" id="week-7">\n'
        "<h2>Week 7 · 2025-02-17 to 2025-02-23</h2>\n"
        '<p class="note">Keep going with step 7, Serving models.</p>\n'
        "</section>\n<footer>\n"
    ) in page
    assert re.findall(r'<p class="note">([^<]*)</p>', page) == [
        "Keep going with step 3, PyTorch.",
        "Keep going with step 7, Serving models.",
    ]


@pytest.mark.parametrize(
    "done, args",
    [
        ((), DATED),
        ((), ("--goal", "deploy", "--known", "python", "--prefer", "tensorflow")),
        (("python", "torchserve"), (*DATED, "--free-only")),
        (("numpy", "linear-algebra"), ("--goal", "classify", "--known", "python")),
        (
            ("numpy", "pytorch", "linear-algebra", "neural-networks", "torchserve", "serving"),
            ("--goal", "deploy", "--known", "python", "--hours-per-week", "8"),
        ),
    ],
    ids=["dated", "unpaced", "done-dated", "done-unpaced", "all-done"],
)
def test_html_says_what_the_markdown_says(
    cli: CLI, small: Path, tmp_path: Path, done: tuple[str, ...], args: tuple[str, ...]
) -> None:
    """Header, summary, headings, notes and ticks agree with the Markdown plan."""
    progress = tmp_path / "progress.yaml"
    if done:
        mark_done(cli, small, progress, *done)
    common = (*args, "--progress", str(progress))
    markdown = html_plan(cli, small, *common)
    page = html_plan(cli, small, *common, "--format", "html")
    page = html.unescape(re.sub(r"</?code>", "`", page))
    about = re.search(r"^\*(Curriculum: .*)\*$", markdown, re.MULTILINE)
    summary = re.search(r"^\*\*(.*)\*\*$", markdown, re.MULTILINE)
    assert about and summary
    assert re.findall(r'<p class="about">(.*)</p>', page) == [about[1]]
    assert re.findall(r'<p class="summary">(.*)</p>', page) == [summary[1]]
    assert re.findall(r"<h2>(.*)</h2>", page) == re.findall(r"^## (.*)$", markdown, re.MULTILINE)
    assert re.findall(r'<p class="note">(.*)</p>', page) == re.findall(
        r"^\*(Keep going .*)\*$", markdown, re.MULTILINE
    )
    assert re.findall(r'data-topic="(.*)" checked>', page) == list(done)
    assert len(re.findall(r"^- \[x\] ", markdown, re.MULTILINE)) == len(done)


def _markdown_steps(markdown: str) -> list[dict[str, Any]]:
    """Each step of a Markdown plan, field by field."""
    steps = []
    for block in re.split(r"^(?=- \[[ x]\] \*\*)", markdown, flags=re.MULTILINE)[1:]:
        block = block.split("\n## ")[0].split("\n---\n")[0]
        head = re.match(
            r"- \[([ x])\] \*\*(\d+)\. (.*?)\*\* · (.*?)(?: <!-- topic: \S+ -->)?\n", block
        )
        assert head, block
        lines = [line.strip() for line in block.splitlines()[1:] if line.strip()]
        steps.append(
            {
                "done": head[1] == "x",
                "title": f"{head[2]}. {head[3]}",
                "meta": head[4],
                "summary": lines[0],
                "needs": next((x[len("Needs: ") :] for x in lines if x.startswith("Needs: ")), ""),
                "projects": next(
                    (x[len("Practise: ") :] for x in lines if x.startswith("Practise: ")), ""
                ),
                "resources": [
                    re.sub(r"^- \[(.*)\]\((.*)\) (· .*)$", r"\1|\2|\3", x)
                    for x in lines
                    if x.startswith("- [")
                ],
            }
        )
    return steps


def _html_steps(page: str) -> list[dict[str, Any]]:
    """Each step of an HTML plan, field by field, as the Markdown writes it."""
    steps = []
    for block in re.findall(r'<li class="step[^"]*" id="step-[^"]*">(.*?)\n</li>\n', page, re.S):
        text = html.unescape(block)
        needs = re.search(r'<p class="needs">Needs: (.*?)</p>', text)
        projects = re.search(r'<p class="projects">Practise: (.*?)</p>', text)
        steps.append(
            {
                "done": " checked>" in block,
                "title": re.search(r'<label class="title"[^>]*>(.*?)</label>', text)[1],  # type: ignore[index]
                "meta": re.search(r'</label>\n<span class="meta">(.*?)</span>', text)[1],  # type: ignore[index]
                "summary": re.search(r'<p class="summary-text">(.*?)</p>', text, re.S)[1],  # type: ignore[index]
                "needs": re.sub(r"<[^>]+>", "", needs[1]) if needs else "",
                "projects": projects[1] if projects else "",
                "resources": [
                    f"{title}|{url}|{meta}"
                    for url, title, meta in re.findall(
                        r'<li><a href="(.*?)">(.*?)</a> <span class="meta">(· .*?)</span></li>',
                        text,
                    )
                ],
            }
        )
    return steps


BUNDLED_DATED = ("--hours-per-week", "6", "--start", "2025-01-06")


@pytest.mark.parametrize(
    "args",
    [
        ("--goal", "foundations", *BUNDLED_DATED),
        ("--goal", "nlp", "--known", "numpy"),
        ("--goal", "production", "--free-only", *BUNDLED_DATED),
    ],
    ids=["dated", "known", "free-only"],
)
def test_html_and_markdown_show_the_same_fields_for_every_step(
    cli: CLI, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Title, hours, level, area, weeks, summary, needs, projects and every resource
    (title, link, kind, free or paid, hours) agree, step by step (bundled curriculum)."""
    progress = tmp_path / "progress.yaml"
    code, _, err = cli("done", "python-basics", "--progress", str(progress))
    assert code == 0, err
    common = ("plan", *args, "--progress", str(progress))
    code, text, _ = cli(*common)
    markdown = _markdown_steps(text)
    code, text, _ = cli(*common, "--format", "html")
    page = _html_steps(text)
    assert len(markdown) == len(page) > 3
    assert any(step["projects"] for step in markdown)
    assert any(step["needs"] for step in markdown)
    for ours, theirs in zip(markdown, page, strict=True):
        # Markdown escapes its punctuation with a backslash wherever curriculum text
        # appears (an underscore in a summary, a star in a title); HTML does not.
        ours["summary"] = _md_text(" ".join(ours["summary"].split()))
        theirs["summary"] = " ".join(theirs["summary"].split())
        ours["resources"] = [_md_text(html.unescape(r)) for r in ours["resources"]]
        ours["projects"] = _md_text(ours["projects"])
        assert ours == theirs


def _md_text(text: str) -> str:
    """``text`` as Markdown shows it: each backslash escape read as its character."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def test_md_text_reads_escapes_only() -> None:
    assert _md_text(r"make\_pipeline \*2\* C:\dir a\\b") == r"make_pipeline *2* C:\dir a\b"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A curriculum whose every text tries to be HTML."""
    (tmp_path / "c.yaml").write_text(
        "version: 1\nname: '</title><script>alert(\"name\")</script>'\n"
        "goals:\n  g:\n    title: '<img src=x onerror=alert(1)>'\n    targets: [b]\n"
        "topics:\n"
        "  a:\n    title: '<script>alert(1)</script>'\n"
        "    summary: 'Fish & \"chips\" <i>x</i>'\n    hours: 2\n    area: '<b>area</b>'\n"
        "    projects: ['<u>p</u>']\n"
        "    resources:\n"
        "      - {title: '<a href=\"javascript:alert(2)\">r</a>', "
        "url: 'https://example.org/?q=\"><script>alert(3)</script>', kind: docs}\n"
        "  b:\n    title: \"B' onmouseover='alert(4)\"\n    summary: s\n    hours: 1\n"
        "    prerequisites: [a]\n",
        encoding="utf-8",
    )
    return tmp_path


def test_html_escapes_every_curriculum_text(cli: CLI, hostile: Path) -> None:
    page = html_plan(cli, hostile, "--goal", "g", "--format", "html")
    assert page.count("<script") == 1 and "<img" not in page and "<b>" not in page
    assert "<i>" not in page and "<u>" not in page and 'href="javascript' not in page
    assert "&lt;a href=&#34;javascript:alert(2)&#34;&gt;r&lt;/a&gt;</a>" in page
    assert (
        '<label class="title" for="check-a">1. &lt;script&gt;alert(1)&lt;/script&gt;</label>'
        in page
    )
    assert "Fish &amp; &#34;chips&#34; &lt;i&gt;x&lt;/i&gt;" in page
    assert (
        '<a href="https://example.org/?q=&#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;">' in page
    )
    assert "2. B&#39; onmouseover=&#39;alert(4)" in page
    assert 'data-curriculum="&lt;/title&gt;&lt;script&gt;alert(&#34;name&#34;)' in page


class Chromium:
    """Just enough of the DevTools protocol over a pipe to load, click, reload, screenshot."""

    def __init__(self, profile: Path, log: Path) -> None:
        binary = shutil.which("chromium")
        assert binary, "Chromium is not installed: apt-get install -y chromium"
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Move the browser's ends above 3 and 4, so that placing them there cannot clobber.
        read_end = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
        write_end = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)

        def place_pipe_ends() -> None:  # in the child, before exec
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        with log.open("wb") as stderr:
            self.process = subprocess.Popen(
                [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                preexec_fn=place_pipe_ends,
                close_fds=False,  # Python's own descriptors are close-on-exec anyway
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
        os.close(read_end)
        os.close(write_end)
        self._buffer = b""
        self._last_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._last_id += 1
        message: dict[str, Any] = {"id": self._last_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 30
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._last_id:
                assert "error" not in reply, f"{method}: {reply['error']}"
                return reply["result"]  # type: ignore[no-any-return]
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        deadline = time.monotonic() + 30
        while True:
            for index, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(index)
            self.events.append(self._receive(deadline))

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            assert left > 0 and select.select([self._from_browser], [], [], left)[0], "timeout"
            chunk = os.read(self._from_browser, 1 << 20)
            assert chunk, "Chromium closed the DevTools pipe"
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]

    def close(self) -> None:
        try:
            self.send("Browser.close")
            self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            os.close(self._to_browser)
            os.close(self._from_browser)


class Tab:
    """One page of the browser, with its console errors collected."""

    def __init__(self, browser: Chromium) -> None:
        self.browser = browser
        target = browser.send("Target.createTarget", url="about:blank")["targetId"]
        self.session: str = browser.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=1000,
            height=800,
            deviceScaleFactor=1,
            mobile=False,
        )

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, self.session, **params)

    def load(
        self, url: str, *, reload: bool = False, expect: tuple[str, Any] | None = None
    ) -> None:
        """Open ``url`` (or reload it) and wait for the load event.

        With ``expect`` (an expression and its value), load again until the page
        shows it: the page writes localStorage to its renderer at once and the
        browser keeps it a moment later, so a load right after a click may still
        read the old value; a person reloading a second later never would.
        """
        deadline = time.monotonic() + 15
        while True:
            if reload:
                self.send("Page.reload")
            else:
                self.send("Page.navigate", url=url)
            self.browser.wait_for("Page.loadEventFired", self.session)
            if expect is None or self.until(*expect, timeout=0.5) == expect[1]:
                return
            if time.monotonic() > deadline:
                return
            reload = True

    def until(self, expression: str, expected: Any, timeout: float = 10.0) -> Any:
        """The value of ``expression`` once it equals ``expected`` (or the last one seen).

        A click or a reload settles in the browser a moment after the protocol
        answers (storage is written asynchronously), so state is polled, not read once.
        """
        deadline = time.monotonic() + timeout
        value = self.eval(expression)
        while value != expected and time.monotonic() < deadline:
            time.sleep(0.05)
            value = self.eval(expression)
        return value

    def eval(self, expression: str) -> Any:
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in reply, reply["exceptionDetails"]
        return reply["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click at the element's centre."""
        x, y = self.eval(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions, failed loads and dialogs of this tab."""
        found = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                found.append(str(params["exceptionDetails"]))
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
                found.append(str(params["args"]))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"]["text"])
            elif method == "Page.javascriptDialogOpening":
                found.append(f"dialog: {params['message']}")
        return found

    def screenshot(self, path: Path) -> None:
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(shot["data"]))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    system_program("chromium", "chromium")
    home = tmp_path_factory.mktemp("chromium")
    chromium = Chromium(home / "profile", home / "stderr.log")
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.mark.browser
def test_html_plan_in_a_real_browser(
    cli: CLI,
    small: Path,
    tmp_path: Path,
    browser: Chromium,
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = tmp_path / "plan.html"
    code, _, _ = cli("plan", "--curriculum", str(small), *PACED, "-o", str(page))
    assert code == 0
    tab = Tab(browser)
    tab.load(page.as_uri())
    assert tab.problems() == []
    assert tab.until("document.title", "Study plan: Ship a model") == "Study plan: Ship a model"
    shown = tab.eval(
        "[...document.querySelectorAll('li.step')].filter(e => e.offsetHeight > 0)"
        ".map(e => e.querySelector('label').innerText)"
    )
    assert shown == [
        "1. NumPy",
        "2. PyTorch",
        "3. Linear algebra",
        "4. Neural networks",
        "5. TorchServe",
        "6. Serving models",
    ]
    assert (
        tab.until("document.getElementById('progress').innerText", "0 of 6 done") == "0 of 6 done"
    )

    tab.click("#check-pytorch")
    assert tab.until("document.getElementById('check-pytorch').checked", True) is True
    time.sleep(1)  # as a person would: the browser stores the tick a moment after the click
    pytorch = "document.getElementById('check-pytorch').checked"
    tab.load(page.as_uri(), reload=True, expect=(pytorch, True))
    assert tab.until(pytorch, True) is True
    assert tab.until("document.getElementById('check-numpy').checked", False) is False
    assert (
        tab.until("document.getElementById('step-pytorch').className", "step done") == "step done"
    )
    assert (
        tab.until("document.getElementById('progress').innerText", "1 of 6 done") == "1 of 6 done"
    )
    assert (
        tab.until("JSON.stringify(localStorage)", '{"learning-path:Tiny ML:pytorch":"1"}')
        == '{"learning-path:Tiny ML:pytorch":"1"}'
    )
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-plan.png"
    tab.screenshot(shot)

    tab.click("#check-pytorch")  # unticking is remembered too
    time.sleep(1)  # the browser stores it a moment after the click
    tab.load(page.as_uri(), reload=True, expect=(pytorch, False))
    assert tab.until("document.getElementById('check-pytorch').checked", False) is False
    assert (
        tab.until("document.getElementById('progress').innerText", "0 of 6 done") == "0 of 6 done"
    )

    tab.send("Emulation.setEmulatedMedia", media="print")
    assert (
        tab.until("getComputedStyle(document.getElementById('progress')).display", "none") == "none"
    )
    link_after = tab.eval(
        "getComputedStyle(document.querySelector('ul.resources a'), '::after').content"
    )
    assert link_after == '" <" attr(href) ">"' or "https://numpy.org/" in link_after
    assert tab.problems() == []
    tab.send("Emulation.setEmulatedMedia", media="")

    # Topics marked done in the progress file start ticked, unless this browser was
    # told otherwise: nothing is stored for numpy, pytorch was unticked above.
    progress = tmp_path / "progress.yaml"
    mark_done(cli, small, progress, "numpy", "pytorch")
    done_page = tmp_path / "plan-done.html"
    code, _, _ = cli(
        "plan",
        "--curriculum",
        str(small),
        *PACED,
        "--progress",
        str(progress),
        "-o",
        str(done_page),
    )
    assert code == 0
    tab.load(done_page.as_uri(), expect=(pytorch, False))
    assert tab.until("document.getElementById('check-numpy').checked", True) is True
    assert tab.until("document.getElementById('step-numpy').className", "step done") == "step done"
    assert tab.until("document.getElementById('check-pytorch').checked", False) is False
    assert tab.until("document.getElementById('step-pytorch').className", "step") == "step"
    assert (
        tab.until("document.getElementById('progress').innerText", "1 of 6 done") == "1 of 6 done"
    )
    tab.click("#check-numpy")  # unticking a topic done in the file is remembered too
    time.sleep(1)  # the browser stores it a moment after the click
    numpy = "document.getElementById('check-numpy').checked"
    tab.load(done_page.as_uri(), reload=True, expect=(numpy, False))
    assert tab.until("document.getElementById('check-numpy').checked", False) is False
    assert tab.until("localStorage.getItem('learning-path:Tiny ML:numpy')", "0") == "0"
    assert tab.problems() == []
    with capsys.disabled():
        print(f"\nscreenshot of the HTML plan: {shot}")


@pytest.mark.browser
def test_hostile_curriculum_stays_text_in_the_browser(
    cli: CLI, hostile: Path, tmp_path: Path, browser: Chromium
) -> None:
    page = tmp_path / "plan.html"
    code, _, _ = cli(
        "plan",
        "--curriculum",
        str(hostile),
        "--goal",
        "g",
        "--format",
        "html",
        "-o",
        str(page),
    )
    assert code == 0
    tab = Tab(browser)
    tab.load(page.as_uri())
    assert tab.problems() == []  # no alert() dialog, no error
    assert tab.eval("document.scripts.length") == 1
    assert tab.eval("document.querySelectorAll('img, b, i, u').length") == 0
    assert tab.eval("document.querySelector('label').innerText") == ("1. <script>alert(1)</script>")
    assert (
        tab.until("document.title", "Study plan: <img src=x onerror=alert(1)>")
        == "Study plan: <img src=x onerror=alert(1)>"
    )
    tab.click("#check-a")
    time.sleep(1)  # the browser stores it a moment after the click
    tab.load(
        page.as_uri(), reload=True, expect=("document.getElementById('check-a').checked", True)
    )
    assert tab.until("document.getElementById('check-a').checked", True) is True
    key = json.dumps('learning-path:</title><script>alert("name")</script>:a')
    assert tab.eval(f"localStorage.getItem({key})") == "1"


def test_html_plan_pictures_the_last_weeks_of_study(cli: CLI, tmp_path: Path) -> None:
    """The HTML plan shows the activity heatmap of `status` as a picture: twelve weeks
    to the last day studied, a square a day, darker for more hours; none without history."""
    progress = ("--progress", str(tmp_path / "p.yaml"))
    args = ("plan", "--goal", "nlp", "--format", "html", "--start", "2025-01-06", *progress)
    code, page, _ = cli(*args, "--hours-per-week", "6")
    assert code == 0 and '<figure class="activity">' not in page
    for topic, day, hours in (
        ("what-is-machine-learning", "2025-01-06", "5"),
        ("learning-paradigms", "2025-01-08", "1"),
    ):
        code, _, err = cli("done", topic, "--on", day, "--hours", hours, *progress)
        assert code == 0, err
    code, page, _ = cli(*args)
    cells = re.findall(r'<rect [^>]*class="level-(\d)"><title>([\d-]+): ([\d.]+) h</title>', page)
    assert len(cells) == 11 * 7 + 3  # eleven whole weeks, then Monday to Wednesday
    assert cells[-3] == ("3", "2025-01-06", "5") and cells[-1] == ("1", "2025-01-08", "1")
    assert {level for level, _, _ in cells[:-3]} == {"0"}
    assert "Activity, 12 weeks to 2025-01-08" in page
    assert cli(*args)[1] == page  # the same progress, the same picture, any day
