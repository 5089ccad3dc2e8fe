"""The learner's progress file: goals, pace, preferences, known and done topics.

A small YAML file that people may read and edit: ``--progress PATH`` or
``LEARNING_PATH_PROGRESS`` names it; else ``learning-path-progress.yaml`` in the
current directory if there is one; else ``progress.yaml`` in the per-user data
directory (:func:`user_path`)::

    version: 1
    goals:
    - nlp
    hours_per_week: 6
    prefer: []
    free_only: false
    known:
    - python-basics
    done:
      numpy: 2025-01-08
    hours:            # optional: real hours spent on done topics
      numpy: 5
    reviews:          # optional: spaced-review history, day and recall
      numpy:
      - 2025-01-10 good
    sessions:         # optional: when the learner studies (calendar, today)
      days: [mon, wed, sat]
      at: '19:00'
      session: 2h
      tz: Europe/Paris

Reading it checks every value and reports the first problem as
``file:line:col: message`` (:class:`ProgressError`, exit 1); a file that fails to
read is never written over. Ids the curriculum does not have are kept in the file
but ignored, with a warning (:func:`stale_ids`). Writes are atomic.
"""

from __future__ import annotations

import contextlib
import math
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Location, ProgressError
from .files import ReadError, read_capped, write_atomic

if TYPE_CHECKING:
    from .model import Curriculum
    from .sessions import Settings

DEFAULT_PATH = "learning-path-progress.yaml"
VERSION = 1
MAX_BYTES = 1024 * 1024
"""A progress file lists a few hundred ids at most; larger files are refused."""

_HEADER = (
    "# learning-path progress: your goals, pace and preferences, what you knew before\n"
    "# (known) and what you have learned since (done, with the date).\n"
    "# `learning-path done/undo/assess/next/status` keep it up to date; hand edits are fine.\n"
)
_KEYS = (
    "version",
    "goals",
    "hours_per_week",
    "prefer",
    "free_only",
    "known",
    "done",
    "hours",
    "reviews",
    "sessions",
)
RATINGS = ("again", "hard", "good", "easy")
"""How well a topic was recalled at a review (FSRS's four ratings)."""
MAX_TOPIC_HOURS = 10000.0
_SESSION_KEYS = ("days", "at", "session", "tz", "calendar_id")


@dataclass
class Progress:
    """What the tool remembers about one learner."""

    goals: list[str] = field(default_factory=list)
    hours_per_week: float | None = None
    prefer: list[str] = field(default_factory=list)
    free_only: bool = False
    known: list[str] = field(default_factory=list)
    """Topics known before starting (and, implicitly, everything they require)."""
    done: dict[str, date | None] = field(default_factory=dict)
    """Topics learned since, with the day they were marked done (None if not recorded)."""
    hours: dict[str, float] = field(default_factory=dict)
    """Real hours spent on done topics (``done TOPIC --hours H``)."""
    reviews: dict[str, list[tuple[date, str]]] = field(default_factory=dict)
    """Spaced-review history per topic: (day, rating from :data:`RATINGS`), oldest first."""
    sessions: Settings | None = None
    """When the learner studies: days, time, session length, zone (``calendar``)."""
    locations: dict[tuple[str, str], Location] = field(default_factory=dict, compare=False)
    """Where each id was read: ("goals" | "prefer" | "known" | "done", id) -> location."""

    def to_yaml(self) -> str:
        """The file's text: a comment header, then the values in a fixed order."""
        data: dict[str, Any] = {"version": VERSION, "goals": list(self.goals)}
        if self.hours_per_week is not None:
            number = self.hours_per_week
            data["hours_per_week"] = int(number) if number == int(number) else number
        data.update(
            prefer=list(self.prefer),
            free_only=self.free_only,
            known=list(self.known),
            done=dict(self.done),
        )
        if self.hours:
            data["hours"] = {t: _number(h) for t, h in self.hours.items()}
        if self.reviews:
            data["reviews"] = {
                t: [f"{day.isoformat()} {rating}" for day, rating in history]
                for t, history in self.reviews.items()
            }
        if self.sessions is not None:
            data["sessions"] = _sessions_data(self.sessions)
        body = yaml.dump(
            data, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True
        )
        return _HEADER + body

    def usable(self, curriculum: Curriculum) -> Progress:
        """A copy in ``curriculum``'s ids: an old id a topic ``replaces`` counts for the
        topic(s) that replace it (a done date too, unless the new id has its own), and
        ids it lacks are left out (see :func:`stale_ids`)."""
        goals, topics = curriculum.goals, curriculum.topics
        current = curriculum.current_ids
        done = {t: d for t, d in self.done.items() if t in topics}
        for old, day in self.done.items():
            if old not in topics:
                for new in current([old]):
                    if new in topics:
                        done.setdefault(new, day)
        return replace(
            self,
            goals=[g for g in self.goals if g in goals],
            prefer=[t for t in current(self.prefer) if t in topics],
            known=[t for t in current(self.known) if t in topics],
            done=done,
            hours=_renamed_hours(self.hours, curriculum),
            reviews=_renamed_reviews(self.reviews, curriculum),
        )


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _sessions_data(settings: Settings) -> dict[str, Any]:
    from .sessions import format_duration

    data: dict[str, Any] = {
        "days": list(settings.days),
        "at": settings.at,
        "session": format_duration(settings.session),
    }
    if settings.tz is not None:
        data["tz"] = settings.tz
    if settings.calendar_id is not None:
        data["calendar_id"] = settings.calendar_id
    return data


def _renamed_hours(hours: dict[str, float], curriculum: Curriculum) -> dict[str, float]:
    """Logged hours in ``curriculum``'s ids: an old id's hours go to the topics that
    replace it, shared by their estimates (a split topic's time is kept, not counted
    twice); a topic's own entry wins."""
    topics = curriculum.topics
    result = {t: h for t, h in hours.items() if t in topics}
    for old, logged in hours.items():
        parts = [p for p in curriculum.current_ids([old]) if p in topics and p != old]
        if old in topics or not parts:
            continue
        total = sum(topics[p].hours for p in parts)
        for part in parts:
            result.setdefault(part, round(logged * topics[part].hours / total, 2))
    return result


def _renamed_reviews(
    reviews: dict[str, list[tuple[date, str]]], curriculum: Curriculum
) -> dict[str, list[tuple[date, str]]]:
    """Review histories in ``curriculum``'s ids: an old id's history counts for each
    topic that replaces it; a topic's own history wins."""
    topics = curriculum.topics
    result = {t: r for t, r in reviews.items() if t in topics}
    for old, history in reviews.items():
        if old not in topics:
            for part in curriculum.current_ids([old]):
                if part in topics:
                    result.setdefault(part, history)
    return result


class _Dumper(yaml.SafeDumper):
    """Safe YAML without anchors: two topics done the same day both show the date."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def parse_date(text: str) -> date:
    """``text`` as a YYYY-MM-DD date; ``ValueError`` saying what is wrong otherwise."""
    value = text.strip()
    if len(value) == 10 and value[4] == value[7] == "-":
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value)
    raise ValueError(f"'{text}' is not a date like 2025-01-06 (YYYY-MM-DD)")


def user_path() -> Path:
    """The learner's own progress file, in the per-user data directory (XDG on Linux,
    Application Support on macOS, AppData on Windows)."""
    from platformdirs import user_data_path

    return user_data_path("learning-path", appauthor=False) / "progress.yaml"


def shown(path: Path) -> str:
    """``path`` as a person would write it: relative to the working directory when below
    it, else from the home directory (``~/...``) when below that, else as it is."""
    for base, prefix in ((Path.cwd(), ""), (Path.home(), "~/")):
        try:
            return prefix + str(path.resolve().relative_to(base.resolve()))
        except (ValueError, OSError, RuntimeError):
            continue
    return str(path)


def resolve_path(path: Path | None) -> Path:
    """``path`` when given; else ``learning-path-progress.yaml`` in the current directory
    when there is one (files from before the per-user default keep working); else the
    per-user file (:func:`user_path`), the same from any directory."""
    if path is not None:
        return path
    local = Path(DEFAULT_PATH)
    return local if local.exists() else user_path()


def load(path: Path) -> Progress:
    """The progress recorded in ``path``; an empty :class:`Progress` if it does not exist."""
    if not path.exists():
        return Progress()
    if path.is_dir():
        raise ProgressError(f"{path}: is a directory, not a progress file")
    if _is_null_device(path):  # --progress /dev/null: remember nothing
        return Progress()
    try:
        raw = read_capped(path, MAX_BYTES)
    except ReadError as exc:
        hint = "" if exc.cause == "os" else "; not a progress file"
        raise ProgressError(f"{path}: {exc.message}{hint}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProgressError(f"{path}: not UTF-8 text (byte {exc.start + 1})") from None
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(str(path), mark.line + 1, mark.column + 1) if mark else Location(str(path))
        raise ProgressError(f"{where}: not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise ProgressError(f"{path}: not valid YAML: {exc}") from None
    return _Reader(str(path)).progress(root)


def _compose(text: str) -> Node | None:
    """The node tree, composed by libyaml where available (100,000 ids in well under a
    second, against seconds in Python); a file it refuses is composed again in Python,
    whose messages say more."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        with contextlib.suppress(yaml.YAMLError):
            return yaml.compose(text, Loader=fast)
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _is_null_device(path: Path) -> bool:
    """Whether ``path`` is the null device (``/dev/null``, or a node of it elsewhere)."""
    try:
        found, null = os.stat(path), os.stat(os.devnull)
    except OSError:
        return False
    return stat.S_ISCHR(found.st_mode) and found.st_rdev == null.st_rdev


def save(path: Path, progress: Progress) -> None:
    """Write ``progress`` to ``path`` atomically (the old file stays whole on failure);
    the per-user data directory is made when it does not exist yet."""
    if path == user_path():
        path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, progress.to_yaml())


def stale_ids(progress: Progress, curriculum: Curriculum) -> list[str]:
    """One warning per goal or topic id in ``progress`` that ``curriculum`` lacks (an
    old id that a topic ``replaces`` is not one: see :func:`renamed_ids`)."""
    warnings = []
    renamed = curriculum.replaced()
    kinds = (("goals", progress.goals), ("prefer", progress.prefer), ("known", progress.known))
    for key, ids in (*kinds, ("done", list(progress.done))):
        valid = curriculum.goals if key == "goals" else curriculum.topics
        kind = "goal" if key == "goals" else "topic"
        for ident in ids:
            if ident not in valid and (kind == "goal" or ident not in renamed):
                where = progress.locations.get((key, ident), "progress file")
                warnings.append(
                    f"{where}: {kind} '{ident}' ({key}) is not in the curriculum; ignored"
                )
    return warnings


def renamed_ids(progress: Progress, curriculum: Curriculum) -> list[tuple[str, str]]:
    """(where, old id) for each id in ``progress`` that a topic of ``curriculum`` replaces."""
    renamed = curriculum.replaced()
    found = []
    for key, ids in (
        ("prefer", progress.prefer),
        ("known", progress.known),
        ("done", progress.done),
    ):
        for ident in ids:
            if ident in renamed and ident not in curriculum.topics:
                found.append((str(progress.locations.get((key, ident), "progress file")), ident))
    return found


class _Reader:
    """Checks a composed YAML node tree and turns it into a :class:`Progress`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.seen: set[int] = set()

    def fail(self, node: Node, message: str) -> ProgressError:
        mark = node.start_mark
        return ProgressError(f"{self.path}:{mark.line + 1}:{mark.column + 1}: {message}")

    def visit(self, node: Node) -> None:
        if id(node) in self.seen:
            raise self.fail(node, "anchors and aliases are not allowed in a progress file")
        self.seen.add(id(node))

    def progress(self, root: Node | None) -> Progress:
        result = Progress()
        if root is None:  # an empty file: nothing recorded yet
            return result
        self.visit(root)
        if not isinstance(root, MappingNode):
            raise self.fail(root, "a progress file is a mapping of keys (version, goals, ...)")
        keys: dict[str, Node] = {}
        for key_node, value in root.value:
            self.visit(key_node)
            if not isinstance(key_node, ScalarNode) or key_node.tag != _tag("str"):
                raise self.fail(key_node, "a key must be a plain word")
            key = key_node.value
            if key in keys:
                first = keys[key].start_mark
                raise self.fail(
                    key_node,
                    f"duplicate key '{key}' (first at line {first.line + 1}:{first.column + 1})",
                )
            if key not in _KEYS:
                from .text import did_you_mean

                raise self.fail(
                    key_node,
                    f"unknown key '{key}'{did_you_mean(key, _KEYS)}; keys: " + ", ".join(_KEYS),
                )
            keys[key] = key_node
            self.visit(value)
            self.value(result, key, value)
        return result

    def value(self, result: Progress, key: str, node: Node) -> None:
        if key == "version":
            if not _is(node, "int") or node.value.strip() != str(VERSION):
                raise self.fail(node, f"unsupported version; this tool reads version {VERSION}")
        elif key == "hours_per_week":
            result.hours_per_week = self.hours(node)
        elif key == "free_only":
            if not _is(node, "bool"):
                raise self.fail(node, "free_only must be true or false")
            result.free_only = node.value.lower() in ("true", "yes", "on", "y")
        elif key == "done":
            result.done = self.done(node, result.locations)
        elif key == "hours":
            result.hours = self.spent(node, result.locations)
        elif key == "reviews":
            result.reviews = self.reviews(node, result.locations)
        elif key == "sessions":
            result.sessions = self.sessions(node)
        else:
            ids = self.ids(node, key, result.locations)
            setattr(result, key, ids)

    def hours(self, node: Node) -> float | None:
        """The pace: a number the planner takes (see ``planner.check_pace``), or nothing."""
        from .request import PACE_RANGE, pace_problem

        if _is(node, "null"):
            return None
        number = math.nan
        if _is(node, "int") or _is(node, "float"):
            from .yamlread import MAX_NUMBER_CHARS, number_problem

            problem = number_problem(node.value)
            if problem is not None and len(node.value) <= MAX_NUMBER_CHARS:
                raise self.fail(node, f"hours_per_week: {problem}")
            with contextlib.suppress(ValueError, OverflowError):  # ints too long for a float
                number = float(yaml.safe_load(node.value))
        if pace_problem(number):
            raise self.fail(node, f"hours_per_week must be {PACE_RANGE}")
        return number

    def ids(self, node: Node, key: str, locations: dict[tuple[str, str], Location]) -> list[str]:
        if _is(node, "null"):
            return []
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"{key} must be a list of ids, e.g. [{_example(key)}]")
        result: dict[str, None] = {}  # ordered, and a linear check for repeats
        for item in node.value:
            self.visit(item)
            ident = self.ident(item, key)
            if ident not in result:
                result[ident] = None
                locations[(key, ident)] = self.where(item)
        return list(result)

    def done(
        self, node: Node, locations: dict[tuple[str, str], Location]
    ) -> dict[str, date | None]:
        if _is(node, "null"):
            return {}
        if not isinstance(node, MappingNode):
            raise self.fail(node, "done must map topic ids to dates, e.g. {numpy: 2025-01-08}")
        result: dict[str, date | None] = {}
        for key_node, value in node.value:
            self.visit(key_node)
            self.visit(value)
            ident = self.ident(key_node, "done")
            if ident in result:
                raise self.fail(key_node, f"'{ident}' is listed twice under done")
            result[ident] = self.day(value)
            locations[("done", ident)] = self.where(key_node)
        return result

    def topic_map(
        self, node: Node, key: str, example: str, locations: dict[tuple[str, str], Location]
    ) -> list[tuple[str, Node]]:
        """(topic id, value node) pairs of a mapping keyed by topic ids, ids checked."""
        if _is(node, "null"):
            return []
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{key} must map topic ids to {example}")
        pairs: list[tuple[str, Node]] = []
        for key_node, value in node.value:
            self.visit(key_node)
            self.visit(value)
            ident = self.ident(key_node, key)
            if any(ident == seen for seen, _ in pairs):
                raise self.fail(key_node, f"'{ident}' is listed twice under {key}")
            pairs.append((ident, value))
            locations[(key, ident)] = self.where(key_node)
        return pairs

    def spent(self, node: Node, locations: dict[tuple[str, str], Location]) -> dict[str, float]:
        """``hours``: real hours spent per topic, more than 0 and at most 10000."""
        result: dict[str, float] = {}
        for ident, value in self.topic_map(node, "hours", "hours, e.g. {numpy: 5}", locations):
            number = math.nan
            if _is(value, "int") or _is(value, "float"):
                with contextlib.suppress(ValueError, OverflowError):
                    number = float(yaml.safe_load(value.value))
            if not 0 < number <= MAX_TOPIC_HOURS:
                raise self.fail(
                    value, f"hours spent must be a number above 0 and at most {MAX_TOPIC_HOURS:g}"
                )
            result[ident] = number
        return result

    def reviews(
        self, node: Node, locations: dict[tuple[str, str], Location]
    ) -> dict[str, list[tuple[date, str]]]:
        """``reviews``: per topic, a list of ``YYYY-MM-DD rating`` entries, oldest first."""
        result: dict[str, list[tuple[date, str]]] = {}
        example = "lists of reviews, e.g. {numpy: [2025-01-10 good]}"
        for ident, value in self.topic_map(node, "reviews", example, locations):
            if not isinstance(value, SequenceNode):
                raise self.fail(
                    value, f"reviews of '{ident}' must be a list, e.g. [2025-01-10 good]"
                )
            history: list[tuple[date, str]] = []
            for item in value.value:
                self.visit(item)
                words = item.value.split() if isinstance(item, ScalarNode) else []
                day = None
                if len(words) == 2:
                    with contextlib.suppress(ValueError):
                        day = parse_date(words[0])
                if day is None or words[1] not in RATINGS:
                    raise self.fail(
                        item,
                        "a review is a date and a rating, e.g. '2025-01-10 good' (ratings: "
                        + ", ".join(RATINGS)
                        + ")",
                    )
                if history and day < history[-1][0]:
                    raise self.fail(item, "reviews must be listed oldest first")
                history.append((day, words[1]))
            result[ident] = history
        return result

    def sessions(self, node: Node) -> Settings | None:
        """``sessions``: days, at, session (required), tz and calendar_id (optional)."""
        from .sessions import Settings, check_zone, parse_days, parse_duration, parse_time

        if _is(node, "null"):
            return None
        if not isinstance(node, MappingNode):
            raise self.fail(node, "sessions must be a mapping: days, at, session (and tz)")
        values: dict[str, Any] = {}
        for key_node, value in node.value:
            self.visit(key_node)
            self.visit(value)
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key not in _SESSION_KEYS:
                raise self.fail(key_node, "sessions keys: " + ", ".join(_SESSION_KEYS))
            if key in values:
                raise self.fail(key_node, f"duplicate key '{key}' in sessions")
            if key == "days" and isinstance(value, SequenceNode):
                words = []
                for item in value.value:
                    self.visit(item)
                    if not isinstance(item, ScalarNode) or "," in item.value:
                        raise self.fail(item, "days must be a list of day names, e.g. [mon, wed]")
                    words.append(item.value)
                text = ",".join(words)
            elif isinstance(value, ScalarNode) and not _is(value, "null"):
                text = value.value
            else:
                raise self.fail(value, f"sessions '{key}' needs a value")
            parsers: dict[str, Callable[[str], Any]] = {
                "days": parse_days,
                "at": parse_time,
                "session": parse_duration,
                "tz": check_zone,
                "calendar_id": str,
            }
            parse = parsers[key]
            try:
                values[key] = parse(text)
            except ValueError as exc:
                raise self.fail(value, str(exc)) from None
        missing = [k for k in ("days", "at", "session") if k not in values]
        if missing:
            raise self.fail(node, "sessions lacks " + " and ".join(missing))
        return Settings(**values)

    def ident(self, node: Node, key: str) -> str:
        if not isinstance(node, ScalarNode) or not _is(node, "str") or not node.value.strip():
            raise self.fail(node, f"expected a {'goal' if key == 'goals' else 'topic'} id here")
        return str(node.value.strip())

    def day(self, node: Node) -> date | None:
        if _is(node, "null"):
            return None
        if isinstance(node, ScalarNode):
            with contextlib.suppress(ValueError):
                day = parse_date(node.value)
                if day > date.today():
                    raise self.fail(
                        node,
                        f"{day.isoformat()} is in the future (today is "
                        f"{date.today().isoformat()}); give the day you finished it",
                    )
                return day
        raise self.fail(node, "expected a date as YYYY-MM-DD (or nothing)")

    def where(self, node: Node) -> Location:
        return Location(self.path, node.start_mark.line + 1, node.start_mark.column + 1)


def _tag(name: str) -> str:
    return "tag:yaml.org,2002:" + name


def _is(node: Node, kind: str) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _tag(kind)


def _example(key: str) -> str:
    return "nlp" if key == "goals" else "numpy"


def merge_ids(old: Iterable[str], new: Iterable[str]) -> list[str]:
    """``old`` then the ids of ``new`` it lacks, each once, in order."""
    return list(dict.fromkeys([*old, *new]))


def with_stale(new: Iterable[str], old: Iterable[str], valid: Iterable[str]) -> list[str]:
    """``new``, plus the ids of ``old`` not in ``valid``: ids another curriculum may
    know are kept in the file rather than silently dropped."""
    valid_ids = set(valid)
    return merge_ids(new, [o for o in old if o not in valid_ids])


def mark_done(
    progress: Progress, ids: Iterable[str], day: date, curriculum: Curriculum
) -> tuple[Progress, list[str]]:
    """``progress`` with ``ids`` done on ``day``, and one line of news per id."""
    done = dict(progress.done)
    news = []
    for ident in ids:
        title = curriculum.topics[ident].title
        if ident in done:
            when = done[ident]
            kept = (
                f"; kept that date, not {day.isoformat()} (undo it first to change it)"
                if when is not None and when != day
                else ""
            )
            news.append(f"{ident} ({title}) was already done{f' on {when}' if when else ''}{kept}")
        else:
            done[ident] = day
            news.append(f"done: {ident} ({title}) on {day.isoformat()}")
    return replace(progress, done=done), news


def mark_known(
    progress: Progress, ids: Iterable[str], curriculum: Curriculum
) -> tuple[Progress, list[str]]:
    """``progress`` with ``ids`` known from before, and one line of news per id."""
    known = list(progress.known)
    news = []
    for ident in ids:
        title = curriculum.topics[ident].title
        if ident in known:
            news.append(f"{ident} ({title}) was already known")
        else:
            known.append(ident)
            news.append(f"known: {ident} ({title})")
    return replace(progress, known=known), news


def unmark(
    progress: Progress, ids: Iterable[str], renamed: dict[str, list[str]] | None = None
) -> tuple[Progress, list[str]]:
    """``progress`` with ``ids`` neither done nor known, and one line of news per id.

    ``renamed`` (old id -> the topics that replace it): an old id recorded in the file
    that stands for an id to undo is removed too, and the other topics it stands for
    (the rest of a split) are recorded under their own ids, so they stay as they were.
    """
    done = dict(progress.done)
    known = list(progress.known)
    news = []
    for ident in ids:
        was = []
        if ident in done:
            when = done.pop(ident)
            was.append(f"done{f' on {when}' if when else ''}")
        if ident in known:
            known.remove(ident)
            was.append("known")
        for old, parts in (renamed or {}).items():
            if ident not in parts or old == ident:
                continue
            rest = [p for p in parts if p != ident]
            if old in done:
                when = done.pop(old)
                for part in rest:
                    done.setdefault(part, when)
                was.append(f"done as '{old}'{f' on {when}' if when else ''}")
            if old in known:
                known.remove(old)
                known.extend(p for p in rest if p not in known)
                was.append(f"known as '{old}'")
        news.append(
            f"undone: {ident} (was {' and '.join(was)})"
            if was
            else f"{ident} was not marked done or known"
        )
    return replace(progress, done=done, known=known), news


def log_hours(progress: Progress, topic_id: str, hours: float) -> tuple[Progress, str]:
    """``progress`` with ``hours`` as the real time ``topic_id`` took, and a line of news."""
    spent = {**progress.hours, topic_id: hours}
    number = _number(hours)
    return replace(progress, hours=spent), f"logged: {topic_id} took {number} h"
