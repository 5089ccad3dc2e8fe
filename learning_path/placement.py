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
    The posterior over learners given answers is the model conditioned on
    "every topic concluded known comes before the cut and every topic
    concluded unknown after it". It is estimated with a pool of weighted study
    orders (importance sampling), each contributing *all* of its consistent
    cuts:

    * An order is drawn by Kahn's algorithm that never takes a topic concluded
      unknown until every topic concluded known is placed; its importance weight
      is the product, over those constrained steps, of
      ``#allowed available / #available``, which is exactly the probability
      that the unconstrained process would have made the same choice. After the
      last known topic the process runs freely and stops at the first topic
      concluded unknown: the consistent cuts are the positions in between.
    * Orders are resampled in proportion to their weights (systematic
      resampling); the pool is then a set of equally weighted (order, cut)
      samples, stored transposed as one Python ``int`` bitset per undecided
      topic (bit ``j`` set when sample ``j`` knows the topic).
    * Each answer filters the pool with one AND (samples stay exact posterior
      samples under filtering); when too few consistent samples remain the
      pool is drawn afresh under all the answers so far.

    The random generator is seeded from a hash of the DAG, so the same answers
    always produce the same questions.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, Protocol

import networkx as nx

if TYPE_CHECKING:
    from .model import Curriculum

Strategy = Literal["entropy", "maxmin"]
"""How :class:`PlacementEngine` chooses its questions."""

STRATEGIES: tuple[Strategy, ...] = ("entropy", "maxmin")

_UNDECIDED, _KNOWN, _UNKNOWN = 0, 1, 2

_CHAINS = 64
"""Study orders drawn at each refresh of the sample pool."""
_MIN_POOL = 16
_MAX_POOL = 128
"""The pool is refreshed when its consistent samples fall below a quarter of
its size when drawn, clamped to ``[_MIN_POOL, _MAX_POOL]``."""

# One drawn study order: (log importance weight, [(position, undecided topic)], lo, hi);
# the consistent cuts are lo..hi inclusive.
_Chain = tuple[float, list[tuple[int, int]], int, int]


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
        self._succs = [sorted(index[s] for s in dag.successors(t)) for t in ids]
        self._indegree = [dag.in_degree(t) for t in ids]
        self._ancestors, self._descendants = _closures(dag, index)
        self._status = [_UNDECIDED] * len(ids)
        self._undecided = (1 << len(ids)) - 1
        self._asked = 0
        self._pending: int | None = None
        if seed is None:
            text = "\n".join(ids) + "\n" + "\n".join(f"{u} {v}" for u, v in sorted(dag.edges))
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
        self._rng = random.Random(seed)
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
        for i in _bits(decided):
            self._status[i] = status
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
        return {t for t, s in zip(self._ids, self._status) if s == status}

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
        drawn = [self._draw_chain() for _ in range(_CHAINS)]
        top = max(chain[0] for chain in drawn)
        weights = [math.exp(chain[0] - top) for chain in drawn]
        samples = dict.fromkeys(_bits(self._undecided), 0)
        offset = 0
        for _, placed, lo, hi in _systematic_resample(drawn, weights, self._rng.random()):
            for position, v in placed:
                start = max(lo, position + 1)
                samples[v] |= ((1 << (hi - start + 1)) - 1) << (offset + start - lo)
            offset += hi - lo + 1
        self._samples = samples
        self._consistent = (1 << offset) - 1
        self._refresh_below = min(_MAX_POOL, max(_MIN_POOL, offset // 4))

    def _draw_chain(self) -> _Chain:
        """One study order consistent with the answers, with its log importance weight."""
        rnd = self._rng.random
        status = self._status
        succs = self._succs
        indegree = self._indegree[:]
        allowed = [v for v, d in enumerate(indegree) if d == 0 and status[v] != _UNKNOWN]
        blocked = sum(1 for v, d in enumerate(indegree) if d == 0 and status[v] == _UNKNOWN)
        known_left = status.count(_KNOWN)
        placed: list[tuple[int, int]] = []
        position = lo = 0
        log_weight = 0.0
        while True:
            size = len(allowed)
            if known_left:
                if blocked:
                    log_weight += math.log(size / (size + blocked))
                j = int(rnd() * size)
            else:
                j = int(rnd() * (size + blocked))
                if j >= size:
                    break
            last = allowed.pop()
            if j < size - 1:
                v, allowed[j] = allowed[j], last
            else:
                v = last
            if status[v] == _KNOWN:
                known_left -= 1
                if not known_left:
                    lo = position + 1
            else:
                placed.append((position, v))
            position += 1
            for s in succs[v]:
                indegree[s] -= 1
                if not indegree[s]:
                    if status[s] == _UNKNOWN:
                        blocked += 1
                    else:
                        allowed.append(s)
        return log_weight, placed, lo, position


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


def _bits(mask: int) -> list[int]:
    """Indices of the set bits of ``mask``, ascending."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _closures(dag: nx.DiGraph[str], index: dict[str, int]) -> tuple[list[int], list[int]]:
    """Bitsets of every topic's ancestors (what it requires) and descendants."""
    n = len(index)
    order = [index[t] for t in nx.topological_sort(dag)]
    preds = [[index[p] for p in dag.predecessors(t)] for t in sorted(index, key=index.__getitem__)]
    ancestors = [0] * n
    descendants = [0] * n
    for v in order:
        for p in preds[v]:
            ancestors[v] |= ancestors[p] | 1 << p
    for v in reversed(order):
        for p in preds[v]:
            descendants[p] |= descendants[v] | 1 << v
    return ancestors, descendants


def _systematic_resample(chains: list[_Chain], weights: list[float], u: float) -> list[_Chain]:
    """As many chains as given, each repeated in proportion to its weight.

    Systematic resampling: one uniform ``u`` in [0, 1) places ``len(chains)``
    evenly spaced pointers on the cumulative weights.
    """
    count = len(chains)
    step = sum(weights) / count
    pointer = u * step
    chosen: list[_Chain] = []
    cumulative = 0.0
    for chain, weight in zip(chains, weights):
        cumulative += weight
        while pointer < cumulative and len(chosen) < count:
            chosen.append(chain)
            pointer += step
    while len(chosen) < count:  # floating-point shortfall at the very end
        chosen.append(chains[-1])
    return chosen
