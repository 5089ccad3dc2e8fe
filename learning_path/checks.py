"""Warnings about a curriculum that loads but could be better (``learning-path validate``).

Each check returns located :class:`Diagnostic` objects of severity ``warning``:

- a prerequisite implied by other paths: a plain edge ``a -> c`` (``c`` lists
  ``a``) where ``c`` also requires ``a`` through its other plain prerequisites
  (``any_of`` groups do not count: they may resolve to another member); a
  prerequisite listed twice in one topic is reported too;
- an ``after`` edge that says nothing: the topic requires that topic anyway
  (directly or through its plain prerequisites), or lists it twice;
- a topic no goal reaches: in no goal's plan, even when every ``any_of`` group
  may take any member (skipped when the curriculum has no goals);
- a topic without a free resource (or without any resource);
- a resource URL listed twice in one topic, or listed elsewhere under another
  title (one URL is one resource; the same URL and title in several topics is
  fine, e.g. a book that covers several of them);
- a goal whose plan from scratch (no known topics, no preferences) has more
  than ``max_goal_topics`` topics.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from .errors import Diagnostic, Location
from .graph import build_graph
from .model import AnyOf, Curriculum
from .planner import plan_topics

MAX_GOAL_TOPICS = 90
"""Default size above which a goal's plan is worth a warning."""


def check(curriculum: Curriculum, *, max_goal_topics: int = MAX_GOAL_TOPICS) -> list[Diagnostic]:
    """Every warning about ``curriculum``, sorted by location."""
    build_graph(curriculum)
    found = [
        *_redundant_prerequisites(curriculum),
        *_redundant_after(curriculum),
        *_unreached_topics(curriculum),
        *_without_free_resource(curriculum),
        *_repeated_urls(curriculum),
        *_large_goals(curriculum, max_goal_topics),
    ]
    return sorted(set(found))


def summary(curriculum: Curriculum) -> str:
    """The line ``validate`` ends with: what was read, e.g. ``ok: 3 topics, 1 goal, 2
    prerequisite links in 1 file``."""
    from .text import plural

    links = sum(len(t.prerequisites) for t in curriculum.topics.values())
    listed = ", ".join(
        (
            plural(len(curriculum.topics), "topic"),
            plural(len(curriculum.goals), "goal"),
            plural(links, "prerequisite link"),
        )
    )
    return f"ok: {listed} in {plural(len(curriculum.sources), 'file')}"


def _warning(location: Location, message: str) -> Diagnostic:
    return Diagnostic(location, message, severity="warning")


CLOSURE_BYTES = 128 * 2**20
"""Memory the transitive closure may take at once (every topic's requirements as a
bitset of the topics: n² bits, 1.2 GB for 100,000 topics); a larger curriculum is
checked a slice of topics at a time."""


def _requirements(
    curriculum: Curriculum,
) -> Iterator[tuple[dict[str, list[str]], dict[str, int], dict[str, int]]]:
    """Plain prerequisites per topic and, for each slice of the topics, a bit per topic
    of the slice and, as a bitset, the topics of the slice that each topic requires
    through plain prerequisites."""
    topics = curriculum.topics
    plain = {
        topic_id: [p for p in topic.prerequisites if isinstance(p, str)]
        for topic_id, topic in topics.items()
    }
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(topics)
    graph.add_edges_from((p, t) for t, prereqs in plain.items() for p in prereqs)
    order = list(nx.topological_sort(graph))
    ids = list(topics)
    size = max(64, CLOSURE_BYTES * 8 // max(1, len(ids)))
    for start in range(0, len(ids), size):
        bit = {topic_id: 1 << i for i, topic_id in enumerate(ids[start : start + size])}
        requires: dict[str, int] = {}
        for topic_id in order:
            below = 0
            for prereq in plain[topic_id]:
                below |= requires[prereq] | bit.get(prereq, 0)
            requires[topic_id] = below
        yield plain, bit, requires


def _redundant_after(curriculum: Curriculum) -> Iterator[Diagnostic]:
    if not any(topic.after for topic in curriculum.topics.values()):
        return
    for _, bit, requires in _requirements(curriculum):
        for topic_id, topic in curriculum.topics.items():
            seen: dict[str, int] = {}
            for index, other in enumerate(topic.after):
                if other not in bit:  # another slice's: checked there
                    continue
                where = curriculum.locate("after", topic_id, str(index))
                if other in seen:
                    earlier = curriculum.locate("after", topic_id, str(seen[other]))
                    yield _warning(where, f"'{other}' is listed twice in after (also at {earlier})")
                    continue
                seen[other] = index
                if requires[topic_id] & bit[other]:
                    yield _warning(
                        where,
                        f"after '{other}' says nothing: '{topic_id}' requires '{other}' "
                        "already, so it comes later anyway; remove it from after",
                    )


def _redundant_prerequisites(curriculum: Curriculum) -> Iterator[Diagnostic]:
    topics = curriculum.topics
    for plain, bit, requires in _requirements(curriculum):
        for topic_id, topic in topics.items():
            first: dict[str, int] = {}
            for index, item in enumerate(topic.prerequisites):
                if not isinstance(item, str):
                    continue
                if item not in bit:  # another slice's: checked there
                    continue
                if item in first:
                    earlier = curriculum.locate("prereq", topic_id, str(first[item]))
                    yield _warning(
                        curriculum.locate("prereq", topic_id, str(index)),
                        f"prerequisite '{item}' is listed twice (also at {earlier})",
                    )
                    continue
                first[item] = index
                through = next(
                    (p for p in plain[topic_id] if p != item and requires[p] & bit[item]), None
                )
                if through is not None:
                    yield _warning(
                        curriculum.locate("prereq", topic_id, str(index)),
                        f"prerequisite '{item}' is implied: '{topic_id}' also requires "
                        f"'{through}', which requires '{item}'",
                    )


def _unreached_topics(curriculum: Curriculum) -> Iterator[Diagnostic]:
    if not curriculum.goals:
        return
    topics = curriculum.topics
    reached: set[str] = set()
    stack = [t for goal in curriculum.goals.values() for t in goal.targets]
    while stack:
        topic_id = stack.pop()
        if topic_id in reached:
            continue
        reached.add(topic_id)
        for item in topics[topic_id].prerequisites:
            stack.extend(item.any_of if isinstance(item, AnyOf) else [item])
    for topic_id in topics:
        if topic_id not in reached:
            yield _warning(
                curriculum.locate("topic", topic_id),
                f"no goal reaches topic '{topic_id}', not even through an any_of group; "
                "add it to a goal's targets or remove it",
            )


def _without_free_resource(curriculum: Curriculum) -> Iterator[Diagnostic]:
    for topic_id, topic in curriculum.topics.items():
        if any(resource.free for resource in topic.resources):
            continue
        key = ("field", topic_id, "resources")
        where = curriculum.locate(*key if curriculum.has_location(*key) else ("topic", topic_id))
        what = "no free resource" if topic.resources else "no resources"
        yield _warning(where, f"topic '{topic_id}' has {what}")


def _repeated_urls(curriculum: Curriculum) -> Iterator[Diagnostic]:
    seen: dict[str, tuple[str, str, int]] = {}
    for topic_id, topic in curriculum.topics.items():
        for index, resource in enumerate(topic.resources):
            if resource.url not in seen:
                seen[resource.url] = (topic_id, resource.title, index)
                continue
            first_topic, title, first_index = seen[resource.url]
            where = curriculum.locate("resource", topic_id, str(index))
            first = curriculum.locate("resource", first_topic, str(first_index))
            if first_topic == topic_id:
                yield _warning(
                    where, f"{resource.url} is listed twice in topic '{topic_id}' (also at {first})"
                )
            elif title != resource.title:
                yield _warning(
                    where,
                    f"{resource.url} is also listed at {first} as '{title}'; give one URL "
                    "one title",
                )


def _large_goals(curriculum: Curriculum, limit: int) -> Iterator[Diagnostic]:
    for goal_id in curriculum.goals:
        size = len(plan_topics(curriculum, goals=[goal_id]))
        if size > limit:
            yield _warning(
                curriculum.locate("goal", goal_id),
                f"goal '{goal_id}' needs {size} topics from scratch, more than {limit} "
                "(--max-goal-topics); consider splitting it",
            )
