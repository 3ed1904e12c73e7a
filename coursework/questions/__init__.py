"""Seeded question specs for the coursework: parameters, expected answers and scoring.

The assignment masters in ``notebooks/assignments/`` are public, so a fixed set of numbers
would be answered by the public solution. Each assignment therefore has a *spec* here
(``coursework/questions/<name with _>.py``, one :class:`AssignmentSpec` called ``SPEC``) that

* draws every question's parameters from a seed (:meth:`AssignmentSpec.draw`), from
  physically sensible ranges of round values;
* computes the expected answers with fluxlib (or sympy) at those values
  (:meth:`Question.expected`);
* scores a student's exported answers against them (:meth:`Question.score`).

The builder (:mod:`coursework.assign`) renders the master at the drawn values and the grader's
judge scores with the same spec, so one file says what each question asks for and how it is
marked. Usage::

    from coursework.questions import load
    spec = load("ch1-principles")
    params = spec.draw(seed)
    for q in spec.questions:              # the autograded questions, in order
        q.score(answers, params)          # in [0, q.points]
    spec.manual                           # the questions an instructor marks by hand

Seeds: :data:`PUBLIC_SEED` is the seed of the public masters (their parameter cells hold its
values). A course picks its own seed; :meth:`AssignmentSpec.seed_for` turns a course seed and
a student id into a per-student seed (sha256, stable across machines and Python versions).
Draws use :class:`random.Random` seeded from sha256 of (seed, assignment, parameter), so each
parameter is independent of the others and adding a parameter changes no other draw.
"""

from __future__ import annotations

import hashlib
import importlib
import math
import numbers
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: the seed of the public masters: their parameter cells hold the values drawn from it.
PUBLIC_SEED = 0

NAMES = ("ch1-principles", "ch2-steady", "ch3-redistribution")


def steps(lo: float, hi: float, step: float) -> tuple[float, ...]:
    """Round values ``lo, lo + step, ..., hi`` (inclusive), free of binary noise."""
    n = int(round((hi - lo) / step))
    digits = max(0, -math.floor(math.log10(step)) + 3)
    return tuple(round(lo + i * step, digits) for i in range(n + 1))


@dataclass(frozen=True)
class Param:
    """One drawn parameter: a ``name`` (a Python identifier, the notebook variable), the
    round ``values`` it is drawn from (uniformly), its ``unit`` and a short ``text``."""

    name: str
    values: tuple[Any, ...]
    unit: str = ""
    text: str = ""

    def fmt(self, value: Any) -> str:
        """The value as the student copy prints it (no trailing zeros, no binary noise)."""
        return fmt(value)


def fmt(value: Any) -> str:
    """A drawn value as text: integers plainly, floats with up to 4 significant figures."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):.4g}"
    return str(value)


@dataclass(frozen=True)
class Constraint:
    """Parameters ``names`` are redrawn together until ``ok(params)`` holds (``why`` says why)."""

    names: tuple[str, ...]
    ok: Callable[[Mapping[str, Any]], bool]
    why: str = ""


@dataclass(frozen=True)
class Part:
    """One graded variable of a question.

    ``kind``: ``"number"`` (a real number, compared with ``rtol``/``atol``), ``"array"`` (an
    array of the expected shape, every element compared likewise; a list counts as the array)
    or ``"sympy"`` (an expression compared by value at random positive values of its symbols,
    matched by *name*, so assumptions on a student's symbols do not matter; ``extra`` lists
    symbol names allowed in an answer that cancel out of the expected expression).
    ``points``: what this variable is worth.
    """

    variable: str
    points: float
    kind: str = "number"
    rtol: float = 1e-6
    atol: float = 0.0
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """An autograded question: ``name`` (otter's, e.g. ``"q1"``), its graded ``parts`` and
    ``compute(params) -> {variable: expected value}``."""

    name: str
    parts: tuple[Part, ...]
    compute: Callable[[Mapping[str, Any]], dict[str, Any]]

    @property
    def points(self) -> float:
        return float(sum(p.points for p in self.parts))

    @property
    def variables(self) -> tuple[str, ...]:
        """The names the student notebook defines for this question."""
        return tuple(p.variable for p in self.parts)

    def expected(self, params: Mapping[str, Any]) -> dict[str, object]:
        """Expected answers at ``params``: float, list (arrays) or sympy expression."""
        raw = self.compute(params)
        out: dict[str, object] = {}
        for part in self.parts:
            v = raw[part.variable]
            if part.kind == "number":
                out[part.variable] = float(v)
            elif part.kind == "array":
                out[part.variable] = np.asarray(v, dtype=float).tolist()
            else:
                out[part.variable] = v
        return out

    def score(self, answers: Mapping[str, object | None], params: Mapping[str, Any]) -> float:
        """Points earned by ``answers`` (variable -> parsed value, ``None`` if missing).

        Each part earns its points when the answer matches the expected value, else 0. Never
        raises on odd input: a wrong type, shape or a non-finite number scores 0 for that part.
        """
        expected = self.expected(params)
        total = 0.0
        for part in self.parts:
            try:
                answer = answers.get(part.variable) if isinstance(answers, Mapping) else None
                if answer is not None and _matches(part, answer, expected[part.variable]):
                    total += part.points
            except Exception:  # noqa: BLE001 - hostile or odd input scores 0, never crashes
                pass
        return float(min(max(total, 0.0), self.points))


@dataclass(frozen=True)
class ManualQuestion:
    """A question an instructor reads and marks (no autograded value)."""

    name: str
    points: float


@dataclass(frozen=True)
class AssignmentSpec:
    """One assignment: its drawn ``params``, autograded ``questions`` and ``manual`` ones.

    ``derived(params)`` gives extra values for the notebook text (e.g. a model answer's
    numbers), rendered by the builder like parameters.
    """

    name: str
    params: tuple[Param, ...]
    questions: list[Question]
    manual: tuple[ManualQuestion, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    derived: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None
    _by_name: dict[str, Param] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_name.update({p.name: p for p in self.params})
        if len(self._by_name) != len(self.params):
            raise ValueError(f"{self.name}: duplicate parameter names")
        for c in self.constraints:
            unknown = set(c.names) - set(self._by_name)
            if unknown:
                raise ValueError(f"{self.name}: constraint on unknown parameters {sorted(unknown)}")

    def question(self, name: str) -> Question:
        for q in self.questions:
            if q.name == name:
                return q
        raise KeyError(f"{self.name} has no autograded question {name!r}")

    def _pick(self, seed: int, name: str, attempt: int) -> Any:
        digest = hashlib.sha256(f"flux|{self.name}|{int(seed)}|{name}|{attempt}".encode()).digest()
        values = self._by_name[name].values
        return values[random.Random(int.from_bytes(digest[:8], "big")).randrange(len(values))]

    def draw(self, seed: int) -> dict[str, Any]:
        """The parameters drawn from ``seed`` (deterministic; plain int and float values)."""
        seed = int(seed)
        params = {p.name: self._pick(seed, p.name, 0) for p in self.params}
        for c in self.constraints:
            attempt = 0
            while not c.ok(params):
                attempt += 1
                if attempt > 10_000:
                    raise RuntimeError(f"{self.name}: cannot satisfy {c.why or c.names}")
                params.update({n: self._pick(seed, n, attempt) for n in c.names})
        return params

    def seed_for(self, course_seed: int, student_id: str | None) -> int:
        """The seed of one student's variant (``course_seed`` itself when ``student_id`` is None).

        A stable hash (sha256) of the course seed and the stripped id, 63 bits. The same id
        gives the same variant in every assignment; the draws still differ between
        assignments because each spec mixes its name into the draw.
        """
        if student_id is None:
            return int(course_seed)
        digest = hashlib.sha256(
            f"flux-student|{int(course_seed)}|{str(student_id).strip()}".encode()
        ).digest()
        return int.from_bytes(digest[:8], "big") >> 1

    def values(self, params: Mapping[str, Any]) -> dict[str, str]:
        """Every value the notebook text may name, formatted: parameters and derived values."""
        out = {name: fmt(v) for name, v in params.items()}
        if self.derived is not None:
            out.update({name: fmt(v) for name, v in self.derived(params).items()})
        return out

    @property
    def points(self) -> float:
        """Autograded points of the whole assignment."""
        return float(sum(q.points for q in self.questions))


def load(name: str) -> AssignmentSpec:
    """The spec of assignment ``name`` (e.g. ``"ch1-principles"``)."""
    if name not in NAMES:
        raise KeyError(f"unknown assignment {name!r}; have {list(NAMES)}")
    module = importlib.import_module(f"coursework.questions.{name.replace('-', '_')}")
    spec: AssignmentSpec = module.SPEC
    return spec


# --------------------------------------------------------------------------- matching answers
def _real(value: object) -> float | None:
    """A finite real number from a plain answer, or None (bools, strings, arrays are not)."""
    if isinstance(value, (bool, np.bool_, str, bytes)):
        return None
    if isinstance(value, np.ndarray):
        if value.shape != () or value.dtype.kind not in "iuf":
            return None
        value = value.item()
    if isinstance(value, numbers.Real):
        x = float(value)
        return x if math.isfinite(x) else None
    if type(value).__module__.startswith("sympy"):
        import sympy

        if isinstance(value, sympy.Expr) and value.is_number and value.is_real:
            x = float(value)
            return x if math.isfinite(x) else None
    return None


def _array(value: object) -> np.ndarray | None:
    if isinstance(value, (str, bytes, bool, np.bool_)) or value is None:
        return None
    if isinstance(value, (list, tuple)):
        if any(
            isinstance(v, (str, bytes, bool, np.bool_)) for v in np.ravel(np.asarray(value, dtype=object))
        ):
            return None
    arr = np.asarray(value, dtype=float)
    return arr if np.all(np.isfinite(arr)) else None


def _matches(part: Part, answer: object, expected: object) -> bool:
    if part.kind == "number":
        x = _real(answer)
        if not isinstance(expected, (int, float)):
            raise TypeError(f"{part.variable}: the expected value is not a number")
        return x is not None and bool(np.isclose(x, float(expected), rtol=part.rtol, atol=part.atol))
    if part.kind == "array":
        arr = _array(answer)
        exp = np.asarray(expected, dtype=float)
        return (
            arr is not None
            and arr.shape == exp.shape
            and bool(np.allclose(arr, exp, rtol=part.rtol, atol=part.atol))
        )
    if part.kind == "sympy":
        return _same_expression(answer, expected, part)
    raise ValueError(f"unknown part kind {part.kind!r}")


def _same_expression(answer: object, expected: object, part: Part) -> bool:
    """Equal as functions of their symbols (by name), at several random positive points."""
    import sympy

    if not isinstance(answer, sympy.Expr) or not isinstance(expected, sympy.Expr):
        return False
    if sympy.count_ops(answer) > 400:  # no honest answer is this long; keep evaluation cheap
        return False
    from sympy.core.function import AppliedUndef

    if answer.atoms(AppliedUndef, sympy.Derivative, sympy.Integral):
        # an unevaluated c(x), derivative or integral is not an answer
        return False
    allowed = {s.name for s in expected.free_symbols} | set(part.extra)
    names = {s.name for s in answer.free_symbols}
    if not names <= allowed:
        return False
    rng = random.Random(20261129)
    for _ in range(5):
        point = {n: rng.uniform(0.5, 2.0) for n in sorted(allowed)}
        a = complex(answer.subs({s: point[s.name] for s in answer.free_symbols}).evalf(30))
        e = complex(expected.subs({s: point[s.name] for s in expected.free_symbols}).evalf(30))
        if not (math.isfinite(abs(a)) and math.isfinite(abs(e))):
            return False
        if abs(a - e) > max(part.rtol * abs(e), part.atol, 1e-12):
            return False
    return True


def number_of(params: Mapping[str, Any], *names: str) -> Sequence[float]:
    """``float(params[name])`` for each name (helper for the spec modules)."""
    return [float(params[n]) for n in names]
