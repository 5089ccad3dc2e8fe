"""Merging layers into one curriculum: a base, then each overlay's ``remove``, new
topics, goals and ``patch`` in turn, with old ids (``replaces``) read as the topics
that replace them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .errors import Context, Diagnostic, Location
from .fileformat import CurriculumFile, TopicPatch
from .locations import FileIndex, Locations
from .model import AnyOf, Curriculum, Topic
from .text import did_you_mean
from .yamlread import ParsedFile


class Merger:
    """Builds one curriculum from a base and the layers applied on it.

    Within one overlay file, ``remove`` applies first (so a topic can be removed
    and defined anew), then new topics, then goals, then ``patch``.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.curriculum = Curriculum()
        self.locations = Locations()
        self.broken: set[str] = set()
        self.broken_at: dict[str, Location] = {}
        """Where each topic left out for its errors is written (to catch ids written twice)."""
        """Topics written in a file but dropped for errors already reported:
        patching or removing them raises no second error."""

    def add_layer(self, files: list[ParsedFile], overlay: bool) -> None:
        """Merge one ``--curriculum`` (or ``extends``) layer: a file or a directory's files."""
        earlier_topics = set(self.curriculum.topics) if overlay else set()
        earlier_goals = set(self.curriculum.goals) if overlay else set()
        for file in files:
            model = file.model
            assert model is not None
            here = file.index
            dropped = _dropped(file, model)
            for topic_id in sorted(dropped):
                self._note_broken(topic_id, here[("topic", topic_id)], earlier_topics)
            self.broken |= dropped
            if overlay:
                self._take_header(model, replace=True)
                self._remove(model.remove, here)
            else:
                self._take_header(model, replace=False)
                for section in ("patch", "remove"):
                    if getattr(model, section):
                        self.ctx.error(
                            here[("section", section)],
                            f"'{section}' is only allowed in an overlay (a file with "
                            "'extends', or a later --curriculum)",
                        )
            for topic_id, topic in model.topics.items():
                self._add_topic(topic_id, topic.plain(), here, earlier=topic_id in earlier_topics)
            for goal_id, goal in model.goals.items():
                replaces = goal_id in earlier_goals
                if goal_id in self.curriculum.goals and not replaces:
                    self.ctx.error(
                        here[("goal", goal_id)],
                        f"goal '{goal_id}' is defined twice (also at "
                        f"{self.locations.get(('goal', goal_id))})",
                    )
                    continue
                earlier_goals.discard(goal_id)
                self.curriculum.goals[goal_id] = goal.plain()
                self.locations.goals[goal_id] = here
            for topic_id, patch in model.patch.items():
                self._patch(topic_id, patch, here)
            self.curriculum.sources.append(file.path)
            if file.source is not None:
                self.curriculum.add_source_path(file.source)

    def _note_broken(self, topic_id: str, where: Location, earlier: set[str]) -> None:
        """Remember a topic that failed validation; one defined twice is still reported."""
        first = self.broken_at.get(topic_id)
        if first is None and topic_id in self.curriculum.topics and topic_id not in earlier:
            first = self.locations.get(("topic", topic_id))
        if first is not None:
            self.ctx.error(where, f"topic '{topic_id}' is defined twice (also at {first})")
        else:
            self.broken_at[topic_id] = where

    def _take_header(self, model: CurriculumFile, replace: bool) -> None:
        if model.name is not None and (replace or self.curriculum.name is None):
            self.curriculum.name = model.name
        if model.description is not None and (replace or self.curriculum.description is None):
            self.curriculum.description = model.description
        if model.sequence is not None:
            self.curriculum.sequence = model.sequence

    def _add_topic(self, topic_id: str, topic: Topic, here: FileIndex, earlier: bool) -> None:
        if topic_id in self.broken_at and not earlier:
            self.ctx.error(
                here[("topic", topic_id)],
                f"topic '{topic_id}' is defined twice (also at {self.broken_at[topic_id]})",
            )
            return
        if topic_id in self.curriculum.topics:
            hint = "; use 'patch' to change it" if earlier else ""
            self.ctx.error(
                here[("topic", topic_id)],
                f"topic '{topic_id}' is defined twice (also at "
                f"{self.locations.get(('topic', topic_id))}){hint}",
            )
            return
        self.curriculum.topics[topic_id] = topic
        self.locations.topics[topic_id] = here
        self.locations.patches.pop(topic_id, None)

    def _renamed(self, topic_id: str, where: Location) -> list[str]:
        """The topics that replace ``topic_id`` (an old id), with a note; else []."""
        if topic_id in self.curriculum.topics:
            return []
        parts = self.curriculum.replaced().get(topic_id, [])
        if parts:
            now = " and ".join(f"'{p}'" for p in parts)
            self.curriculum.notes.append(
                Diagnostic(where, f"'{topic_id}' is now {now}; read as such", severity="note")
            )
        return parts

    def _remove(self, remove: list[str], here: FileIndex) -> None:
        for index, named in enumerate(remove):
            where = here[("remove", str(index))]
            for topic_id in self._renamed(named, where) or [named]:
                self._remove_one(topic_id, where)

    def _remove_one(self, topic_id: str, where: Location) -> None:
        if topic_id in self.curriculum.topics:
            del self.curriculum.topics[topic_id]
            self.locations.eager[("removed", topic_id)] = where
            return
        removed = self.locations.get(("removed", topic_id))
        if removed is not None:
            self.ctx.error(where, f"topic '{topic_id}' is already removed at {removed}")
        elif topic_id not in self.broken:
            self.ctx.error(
                where,
                f"cannot remove unknown topic '{topic_id}'"
                f"{did_you_mean(topic_id, self._choices())}",
            )

    def _choices(self) -> list[str]:
        """Ids a did-you-mean may suggest: topics, and old ids topics replace."""
        return [*self.curriculum.topics, *self.curriculum.replaced()]

    def _patch(self, named: str, patch: TopicPatch, here: FileIndex) -> None:
        where = here[("patch", named)]
        for topic_id in self._renamed(named, where) or [named]:
            self._patch_one(topic_id, patch, here, where)

    def _patch_one(
        self, topic_id: str, patch: TopicPatch, here: FileIndex, where: Location
    ) -> None:
        topic = self.curriculum.topics.get(topic_id)
        if topic is None:
            if topic_id in self.broken:
                return
            removed = self.locations.get(("removed", topic_id))
            why = (
                f"; it is removed at {removed}"
                if removed is not None
                else did_you_mean(topic_id, self._choices())
            )
            self.ctx.error(where, f"cannot patch unknown topic '{topic_id}'{why}")
            return
        changes = patch.changes()
        self.curriculum.topics[topic_id] = replace(topic, **changes)
        self.locations.patches.setdefault(topic_id, []).append((here, frozenset(changes)))

    def result(self) -> Curriculum:
        self.curriculum.keep_locations(self.locations)
        self._rename_references()
        return self.curriculum

    def _rename_references(self) -> None:
        """Read old ids in prerequisites, ``after``, goal targets and resource frameworks
        as the topics that replace them (a split id as all of its parts), with a note."""
        curriculum = self.curriculum
        renamed = curriculum.replaced()
        if not renamed:
            return
        topics = curriculum.topics

        def old(ident: str) -> bool:
            return ident in renamed and ident not in topics

        def note(key: tuple[str, ...], ident: str) -> None:
            now = " and ".join(f"'{p}'" for p in renamed[ident])
            curriculum.notes.append(
                Diagnostic(curriculum.locate(*key), f"'{ident}' is now {now}; read as such", "note")
            )

        for topic_id, topic in list(topics.items()):
            update: dict[str, Any] = {}
            items: list[Any] = []
            extra: list[str] = []
            for index, item in enumerate(topic.prerequisites):
                key = ("prereq", topic_id, str(index))
                if isinstance(item, AnyOf):
                    if any(old(m) for m in item.any_of):
                        for member in filter(old, item.any_of):
                            note(key, member)
                        item = AnyOf(curriculum.current_ids(item.any_of))
                elif old(item):
                    note(key, item)
                    first, *rest = renamed[item]
                    item, extra = first, [*extra, *rest]
                items.append(item)
            if extra or items != topic.prerequisites:
                update["prerequisites"] = [*items, *(e for e in extra if e not in items)]
            if any(old(a) for a in topic.after):
                for index, other in enumerate(topic.after):
                    if old(other):
                        note(("after", topic_id, str(index)), other)
                update["after"] = curriculum.current_ids(topic.after)
            if any(r.framework is not None and old(r.framework) for r in topic.resources):
                resources = []
                for index, r in enumerate(topic.resources):
                    if r.framework is not None and old(r.framework):
                        note(("resource", topic_id, str(index)), r.framework)
                        r = replace(r, framework=renamed[r.framework][0])
                    resources.append(r)
                update["resources"] = resources
            if update:
                topics[topic_id] = replace(topic, **update)
        for goal_id, goal in list(curriculum.goals.items()):
            if any(old(t) for t in goal.targets):
                for index, target in enumerate(goal.targets):
                    if old(target):
                        note(("target", goal_id, str(index)), target)
                curriculum.goals[goal_id] = replace(
                    goal, targets=curriculum.current_ids(goal.targets)
                )


def _dropped(file: ParsedFile, model: CurriculumFile) -> set[str]:
    """Topics of ``file`` left out of ``model`` because they failed validation."""
    entries = file.data.get("topics")
    if not isinstance(entries, dict):
        return set()
    return {key for key in entries if key not in model.topics}
