"""Adaptive placement: find what a learner already knows with few yes/no questions.

``learning-path assess`` asks "Do you already know <topic>?" about topics of a
goal's plan. Answers propagate along prerequisites: knowing a topic implies
knowing everything it requires (transitively), not knowing it implies not
knowing anything that requires it. Placement ends when every topic of the plan
is decided, so :meth:`PlacementEngine.known` is then exactly the learner's
known set, whatever strategy chose the questions.

Learner model
    A learner's known set is the prefix of a random study order: a random
    topological order of the plan DAG (built like Kahn's algorithm, taking a
    uniformly random available topic at each step) cut at a uniformly random
    point ``c`` in ``0..n``. Every prerequisite-closed set has positive
    probability, so answers are never impossible under the model.

Strategies
    ``"entropy"`` (the default) asks the undecided topic whose answer is least
    predictable under that model given the answers so far: the one whose
    probability of "yes" is closest to 1/2, which is the question whose answer
    carries the most information. Ties go to the higher max-min score, then to
    the smaller id.

    ``"maxmin"`` is the published baseline: ask the undecided topic maximising
    ``min(#undecided topics it requires, #undecided topics that require it)``,
    ties to the smaller id.

Estimating the probabilities (entropy strategy)
    The posterior over learners given the answers is the model conditioned on
    "every topic concluded known lies before the cut and every topic concluded
    unknown after it". It is estimated by Monte Carlo:

    * Clocks. A uniformly random available topic at each step is what you get
      by giving each topic an Exp(1) duration, starting it when its last
      prerequisite finishes, and studying topics in order of finish time
      (competing exponential clocks are memoryless, so the next to finish
      among the available ones is uniform). A learner is consistent with the
      answers when ``theta``, the last finish among known topics, comes before
      the first finish among unknown ones, and the cut falls between.
    * Worlds. Unknown topics are closed upwards, so the clocks of all other
      topics are not constrained at all: a bank of prior draws of them (the
      "worlds") is made once. Under the answers, a world is weighted by the
      probability that every minimal unknown topic finishes after ``theta``,
      ``exp(-sum of (theta - its start))`` over those started before
      ``theta``; those topics' finish times are then redrawn given that
      (``theta`` + Exp(1)). A world's consistent cuts are the positions from
      just after ``theta`` to just before the first unknown topic, all equally
      likely: undecided topics finishing before ``theta`` are known in all of
      them, those finishing in between are known in the later ones.
    * Pool. Worlds are resampled in proportion to their weights (systematic
      resampling) and their cuts stored as equally weighted samples,
      transposed: one Python ``int`` per undecided topic, bit ``j`` set when
      sample ``j`` knows the topic. A probability is then one AND and one
      popcount; an answer filters the pool with one AND (filtered samples are
      still exact posterior samples); when few consistent samples remain, a
      fresh pool is drawn from the worlds under all the answers so far.
    * Fallback. Many answers can leave almost all the weight on a few worlds
      (effective number below ``_MIN_ESS``); fresh pools then come from random
      orders of the undecided topics alone, every cut allowed: an
      approximation of the posterior that cannot degenerate.

    The random generator is seeded from a hash of the DAG, so the same answers
    always produce the same questions.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, Protocol

import networkx as nx

if TYPE_CHECKING:
    from .model import Curriculum

Strategy = Literal["entropy", "maxmin"]
"""How :class:`PlacementEngine` chooses its questions."""

STRATEGIES: tuple[Strategy, ...] = ("entropy", "maxmin")

_UNDECIDED, _KNOWN, _UNKNOWN = 0, 1, 2

_WORLDS = 256
"""Prior draws of the topics' finish times, made once per placement."""
_POOL_DRAWS = 64
"""Worlds drawn (by weight, with repetition) whose consistent cuts make up a fresh pool."""
_MIN_ESS = 4.0
"""Below this effective number of weighted worlds, fresh pools come from orders of the
undecided topics alone instead (see :meth:`PlacementEngine._undecided_draws`)."""
_MIN_POOL = 16
_MAX_POOL = 128
"""The pool is refreshed when its consistent samples fall below a quarter of
its size when drawn, clamped to ``[_MIN_POOL, _MAX_POOL]``."""

_Draw = tuple[list[int], list[int], int]
"""A draw for the pool: the undecided topics known in all its consistent cuts, those
that cuts split (in study order), and how many copies of it the pool holds."""


class PlacementEngine:
    """Adaptive yes/no placement over a prerequisite DAG (edge ``u -> v``: u is required by v).

    Topics may be answered in any order, not only the one asked; answering a
    topic that is not in the DAG or is already decided raises ``ValueError``.
    """

    def __init__(
        self, dag: nx.DiGraph[str], *, strategy: Strategy = "entropy", seed: int | None = None
    ) -> None:
        """Prepare a placement over ``dag``; ``seed`` defaults to a hash of the DAG."""
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r}; choose one of {STRATEGIES}")
        if not nx.is_directed_acyclic_graph(dag):
            raise ValueError("the prerequisite graph has a cycle")
        ids = sorted(dag.nodes)
        index = {topic: i for i, topic in enumerate(ids)}
        self._ids = ids
        self._index = index
        self._strategy: Strategy = strategy
        self._preds = [sorted(index[p] for p in dag.predecessors(t)) for t in ids]
        self._topo = [index[t] for t in nx.lexicographical_topological_sort(dag)]
        self._ancestors, self._descendants = _closures(self._topo, self._preds)
        self._status = [_UNDECIDED] * len(ids)
        self._undecided = (1 << len(ids)) - 1
        self._asked = 0
        self._pending: int | None = None
        if seed is None:
            text = "\n".join(ids) + "\n" + "\n".join(f"{u} {v}" for u, v in sorted(dag.edges))
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
        self._rng = random.Random(seed)
        self._start: list[list[float]] = []
        self._finish: list[list[float]] = []
        self._thetas: list[float] = []
        self._samples: dict[int, int] = {}
        self._consistent = 0
        self._refresh_below = 1  # an empty pool: draw one at the first question

    @property
    def strategy(self) -> Strategy:
        """The question-choosing strategy."""
        return self._strategy

    @property
    def total(self) -> int:
        """Number of topics in the DAG."""
        return len(self._ids)

    @property
    def asked(self) -> int:
        """Number of answers given so far."""
        return self._asked

    def next_question(self) -> str | None:
        """The topic to ask about next, or None when every topic is decided.

        Asking again before answering returns the same topic.
        """
        if not self._undecided:
            return None
        if self._pending is None:
            if self._strategy == "maxmin":
                self._pending = self._maxmin_choice()
            else:
                self._pending = self._entropy_choice()
        return self._ids[self._pending]

    def answer(self, topic: str, knows: bool) -> None:
        """Record whether the learner knows ``topic`` and propagate it along prerequisites."""
        v = self._index.get(topic)
        if v is None:
            raise ValueError(f"'{topic}' is not a topic of this placement")
        if self._status[v] != _UNDECIDED:
            raise ValueError(f"'{topic}' is already decided")
        self._asked += 1
        self._pending = None
        if knows:
            decided, status = (self._ancestors[v] | 1 << v) & self._undecided, _KNOWN
        else:
            decided, status = (self._descendants[v] | 1 << v) & self._undecided, _UNKNOWN
        self._undecided &= ~decided
        newly = _bits(decided)
        for i in newly:
            self._status[i] = status
        if knows and self._finish:
            self._thetas = list(map(max, self._thetas, *(self._finish[i] for i in newly)))
        samples = self._samples.get(v)
        if samples is not None:
            self._consistent &= samples if knows else ~samples

    def known(self) -> set[str]:
        """Topics concluded known so far."""
        return self._with_status(_KNOWN)

    def unknown(self) -> set[str]:
        """Topics concluded unknown so far."""
        return self._with_status(_UNKNOWN)

    def undecided(self) -> set[str]:
        """Topics not decided yet."""
        return self._with_status(_UNDECIDED)

    def decided(self) -> set[str]:
        """Topics concluded known or unknown so far."""
        return self.known() | self.unknown()

    def _with_status(self, status: int) -> set[str]:
        return {t for t, s in zip(self._ids, self._status, strict=True) if s == status}

    def _maxmin_score(self, v: int) -> int:
        """min(#undecided topics v requires, #undecided topics requiring v)."""
        undecided = self._undecided
        return min(
            (self._ancestors[v] & undecided).bit_count(),
            (self._descendants[v] & undecided).bit_count(),
        )

    def _maxmin_choice(self) -> int:
        best, best_score = -1, -1
        for v in _bits(self._undecided):
            score = self._maxmin_score(v)
            if score > best_score:
                best, best_score = v, score
        return best

    def _entropy_choice(self) -> int:
        if self._consistent.bit_count() < self._refresh_below:
            self._refresh()
        for _ in range(2):
            consistent = self._consistent
            total = consistent.bit_count()
            gaps = [
                (abs(2 * (self._samples[v] & consistent).bit_count() - total), v)
                for v in _bits(self._undecided)
            ]
            best_gap = min(gaps)[0]
            if best_gap < total:
                tied = [v for gap, v in gaps if gap == best_gap]
                return min(tied, key=lambda v: (-self._maxmin_score(v), v))
            # The pool agrees on every undecided topic: it is too thin to tell.
            self._refresh()
        return self._maxmin_choice()

    def _refresh(self) -> None:
        """Draw a new pool of samples consistent with every answer so far."""
        undecided = _bits(self._undecided)
        draws = self._world_draws(undecided) or self._undecided_draws(undecided)
        samples = dict.fromkeys(undecided, 0)
        offset = 0
        for before, between, copies in draws:
            # The draw's consistent cuts: before the first of `between`, ..., after the
            # last; `copies` identical blocks of them, made at once by multiplication.
            cuts = len(between) + 1
            repeat = sum(1 << (k * cuts) for k in range(copies)) << offset
            every = ((1 << cuts) - 1) * repeat
            for u in before:
                samples[u] |= every
            for rank, u in enumerate(between, start=1):
                samples[u] |= (((1 << (cuts - rank)) - 1) << rank) * repeat
            offset += cuts * copies
        self._samples = samples
        self._consistent = (1 << offset) - 1
        self._refresh_below = min(_MAX_POOL, max(_MIN_POOL, offset // 4))

    def _world_draws(self, undecided: list[int]) -> list[_Draw]:
        """Draws from the worlds weighted by the answers; none if the weights are too uneven."""
        if not self._finish:
            self._start, self._finish = _draw_worlds(self._topo, self._preds, _WORLDS, self._rng)
            known = [self._finish[v] for v, s in enumerate(self._status) if s == _KNOWN]
            zeros = [0.0] * _WORLDS
            self._thetas = list(map(max, zeros, *known)) if known else zeros
        status, preds, thetas, finish = self._status, self._preds, self._thetas, self._finish
        # Minimal unknown topics: their prerequisites are all known or undecided.
        released = [
            b
            for b in range(len(status))
            if status[b] == _UNKNOWN and all(status[p] != _UNKNOWN for p in preds[b])
        ]
        penalties = [0.0] * _WORLDS
        for b in released:
            penalties = [
                p + t - s if t > s else p
                for p, t, s in zip(penalties, thetas, self._start[b], strict=True)
            ]
        lowest = min(penalties)
        weights = [math.exp(lowest - p) for p in penalties]
        if sum(weights) ** 2 < _MIN_ESS * sum(w * w for w in weights):
            return []
        rnd = self._rng.random
        draws: list[_Draw] = []
        for w, copies in sorted(Counter(_systematic_resample(weights, _POOL_DRAWS, rnd())).items()):
            theta = thetas[w]
            first = math.inf
            for b in released:
                ring = finish[b][w]
                if ring <= theta:  # redraw it given that it rings after theta
                    ring = theta - math.log(1.0 - rnd())
                first = min(first, ring)
            before = [u for u in undecided if finish[u][w] < theta]
            between = sorted(
                (u for u in undecided if theta <= finish[u][w] < first),
                key=lambda u: finish[u][w],
            )
            draws.append((before, between, copies))
        return draws

    def _undecided_draws(self, undecided: list[int]) -> list[_Draw]:
        """Random orders of the undecided topics alone, every cut allowed.

        The fallback when the answers leave too few worlds with weight: the
        undecided topics treated as a curriculum of their own. Only an
        approximation of the posterior, but never a degenerate one.
        """
        rnd = self._rng.random
        inside = [v for v in self._topo if self._status[v] == _UNDECIDED]
        preds = [[p for p in self._preds[v] if self._status[p] == _UNDECIDED] for v in inside]
        draws: list[_Draw] = []
        for _ in range(_POOL_DRAWS):
            clock: dict[int, float] = {}
            for v, needs in zip(inside, preds, strict=True):
                clock[v] = max((clock[p] for p in needs), default=0.0) - math.log(1.0 - rnd())
            draws.append(([], sorted(undecided, key=clock.__getitem__), 1))
        return draws


class Placement:
    """Placement over the newcomer plan of some goals and/or target topics.

    The plan is what :func:`learning_path.planner.make_plan` selects for the
    same arguments; ``known`` topics (and what they require) are therefore not
    asked about. :meth:`known` and :meth:`unknown` cover plan topics only.
    """

    def __init__(
        self,
        curriculum: Curriculum,
        goals: Iterable[str] = (),
        targets: Iterable[str] = (),
        known: Iterable[str] = (),
        prefer: Iterable[str] = (),
        *,
        strategy: Strategy = "entropy",
    ) -> None:
        """Plan for ``goals``/``targets`` and prepare to ask about the plan's topics."""
        from .planner import make_plan

        plan = make_plan(curriculum, goals=goals, targets=targets, known=known, prefer=prefer)
        self.plan = plan
        """The plan whose topics are asked about."""
        self.engine = PlacementEngine(plan_dag(plan.steps), strategy=strategy)
        """The engine doing the work, over the plan's DAG."""

    @property
    def total(self) -> int:
        """Number of topics in the plan."""
        return self.engine.total

    @property
    def asked(self) -> int:
        """Number of questions answered so far."""
        return self.engine.asked

    def next_question(self) -> str | None:
        """The topic id to ask about next, or None when placement is complete."""
        return self.engine.next_question()

    def answer(self, topic: str, knows: bool) -> None:
        """Record an answer; ``ValueError`` for a topic not in the plan or already decided."""
        self.engine.answer(topic, knows)

    def known(self) -> set[str]:
        """Plan topics concluded known."""
        return self.engine.known()

    def unknown(self) -> set[str]:
        """Plan topics concluded unknown."""
        return self.engine.unknown()

    def decided(self) -> set[str]:
        """Plan topics concluded known or unknown."""
        return self.engine.decided()


class _PlanStep(Protocol):
    """What :func:`plan_dag` reads of a plan step."""

    id: str
    prerequisites: list[str]


def plan_dag(steps: Iterable[_PlanStep]) -> nx.DiGraph[str]:
    """The prerequisite DAG of plan steps, keeping only prerequisites inside the plan."""
    steps = list(steps)
    dag: nx.DiGraph[str] = nx.DiGraph()
    dag.add_nodes_from(step.id for step in steps)
    for step in steps:
        dag.add_edges_from((p, step.id) for p in step.prerequisites if p in dag)
    return dag


def random_study_order(dag: nx.DiGraph[str], rng: random.Random) -> list[str]:
    """A random topological order of ``dag``: the study orders of the learner model.

    Kahn's algorithm taking a uniformly random available topic at each step.
    """
    waiting = {t: dag.in_degree(t) for t in dag}
    available = sorted(t for t, d in waiting.items() if d == 0)
    order: list[str] = []
    while available:
        topic = available.pop(rng.randrange(len(available)))
        order.append(topic)
        for s in sorted(dag.successors(topic)):
            waiting[s] -= 1
            if not waiting[s]:
                available.append(s)
    return order


def _bits(mask: int) -> list[int]:
    """Indices of the set bits of ``mask``, ascending."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _closures(topo: list[int], preds: list[list[int]]) -> tuple[list[int], list[int]]:
    """Bitsets of every topic's ancestors (what it requires) and descendants."""
    ancestors = [0] * len(topo)
    descendants = [0] * len(topo)
    for v in topo:
        for p in preds[v]:
            ancestors[v] |= ancestors[p] | 1 << p
    for v in reversed(topo):
        for p in preds[v]:
            descendants[p] |= descendants[v] | 1 << v
    return ancestors, descendants


def _systematic_resample(weights: list[float], count: int, u: float) -> list[int]:
    """``count`` indices into ``weights``, each repeated in proportion to its weight.

    Systematic resampling: one uniform ``u`` in [0, 1) places ``count`` evenly
    spaced pointers on the cumulative weights.
    """
    step = sum(weights) / count
    pointer = u * step
    chosen: list[int] = []
    cumulative = 0.0
    for index, weight in enumerate(weights):
        cumulative += weight
        while pointer < cumulative and len(chosen) < count:
            chosen.append(index)
            pointer += step
    chosen.extend([len(weights) - 1] * (count - len(chosen)))  # rounding shortfall
    return chosen


def _draw_worlds(
    topo: list[int], preds: list[list[int]], count: int, rng: random.Random
) -> tuple[list[list[float]], list[list[float]]]:
    """Start and finish times of every topic in ``count`` independent prior draws.

    Indexed ``[topic][world]``. A topic starts when its last prerequisite
    finishes and takes an Exp(1) time.
    """
    zeros = [0.0] * count
    start = [zeros] * len(topo)
    finish = [zeros] * len(topo)
    for v in topo:
        needs = [finish[p] for p in preds[v]]
        begin = list(map(max, *needs)) if len(needs) > 1 else needs[0] if needs else zeros
        start[v] = begin
        finish[v] = [b - math.log(1.0 - rng.random()) for b in begin]
    return start, finish
