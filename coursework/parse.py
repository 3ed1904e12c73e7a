"""Turn the answers a student sandbox exported into plain Python values, evaluating nothing.

The exporter (:data:`coursework.runner.SNAPSHOT`) runs in the student's kernel, so everything
it writes is under the student's control. This module reads that JSON as untrusted data:

- numbers (``int`` as decimal text of at most :data:`MAX_DIGITS` digits, ``float`` as text,
  ``complex``), booleans and strings become Python values;
- arrays become ``numpy`` arrays of a numeric dtype, with a checked shape and at most
  :data:`MAX_ELEMENTS` elements; lists and tuples become lists (nested at most
  :data:`MAX_DEPTH` deep);
- a SymPy expression arrives as the text of ``sympy.srepr``. It is parsed with :mod:`ast`
  (parsing never runs code) and rebuilt from a whitelist of SymPy classes and literals
  (:data:`SYMPY_CALLS`); a name, attribute, keyword or node outside the whitelist makes the
  value :class:`NotAnswer`. ``sympy.sympify`` is never called. Whitelisted constructors can
  still be made to compute for ever (``gamma(Integer(10**8))`` is an exact factorial,
  ``Pow(Pow(10, 10000), 10000)`` an integer of 10**8 digits, ``Max`` of hundreds of symbols
  compares every pair): numeric powers, ``gamma`` of a large number and long ``Max``/``Min``
  are refused before SymPy evaluates them, and every value gets :data:`VALUE_SECONDS` of
  wall time (``SIGALRM`` in the main thread) before it is refused as too slow.

Anything else is a :class:`NotAnswer` carrying a short plain reason for the instructor.
"""

from __future__ import annotations

import ast
import contextlib
import json
import math
import signal
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

MAX_EXPORT_BYTES = 4 * 1024 * 1024
MAX_DIGITS = 200
MAX_STR = 20_000
MAX_ELEMENTS = 1_000_000
MAX_DEPTH = 25  # the exporter stops at 20: deeper is forged
MAX_SYMPY_TEXT = 20_000
MAX_SYMPY_NODES = 2_000
MAX_POWER_BITS = 100_000  # an exact numeric power may have at most this many bits
MAX_NUMERIC_EXPONENT = 1_000  # |exponent| of a power of a number that is not exact
MAX_GAMMA_ARGUMENT = 1_000  # gamma(n) of an integer is (n-1)!, computed exactly
MAX_MINMAX_ARGS = 8
VALUE_SECONDS = 5.0  # wall time to rebuild one value
PARSE_SECONDS = 25.0  # wall time to rebuild all values of one export


class TooSlow(BaseException):
    """Raised by :func:`time_limit` (a BaseException: ``except Exception`` does not stop it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TooSlow` in the block after ``seconds`` of wall time (main thread only;
    elsewhere no limit). Python code is interrupted between bytecodes: a single C call that
    runs long (a huge exact integer operation) is not, which is why the builders above refuse
    those before calling SymPy."""
    if threading.current_thread() is not threading.main_thread() or seconds <= 0:
        yield
        return

    def alarm(signum: int, frame: Any) -> None:
        raise TooSlow()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class NotAnswer:
    """A value the grader could not accept as an answer, with the reason in plain words."""

    reason: str
    suspicious: bool = True  # False: an ordinary value of the wrong kind (``...``, a dict)

    def __bool__(self) -> bool:  # a NotAnswer never passes for a truthy answer
        return False


class _Reject(Exception):
    pass


def _require(cond: bool, reason: str) -> None:
    if not cond:
        raise _Reject(reason)


# SymPy constructors a srepr text may call: name -> (number of positional args or None for
# any, allowed keyword names). Nothing here runs user code: each builds an expression tree.
_ASSUMPTIONS = frozenset(  # every SymPy assumption: each only steers simplification
    (
        "algebraic antihermitian commutative complex composite even extended_negative "
        "extended_nonnegative extended_nonpositive extended_nonzero extended_positive "
        "extended_real finite hermitian imaginary infinite integer irrational negative "
        "noninteger nonnegative nonpositive nonzero odd polar positive prime rational real "
        "transcendental zero"
    ).split()
)
_FUNCTIONS_1 = (
    "exp log sin cos tan cot sec csc asin acos atan acot sinh cosh tanh coth asinh acosh atanh "
    "Abs sign sqrt re im arg conjugate floor ceiling erf erfc gamma Heaviside DiracDelta"
).split()
SYMPY_CALLS: dict[str, tuple[int | None, frozenset[str]]] = {
    "Symbol": (1, _ASSUMPTIONS),
    "Integer": (1, frozenset()),
    "Rational": (2, frozenset()),
    "Float": (1, frozenset({"precision"})),
    "Add": (None, frozenset()),
    "Mul": (None, frozenset()),
    "Pow": (2, frozenset()),
    "Eq": (2, frozenset()),
    "Equality": (2, frozenset()),
    "Unequality": (2, frozenset()),
    "Function": (1, _ASSUMPTIONS),
    "Derivative": (None, frozenset()),
    "Tuple": (None, frozenset()),
    "Max": (None, frozenset()),
    "Min": (None, frozenset()),
    "atan2": (2, frozenset()),
    **{name: (1, frozenset()) for name in _FUNCTIONS_1},
    "log_base": (2, frozenset()),
}
SYMPY_CONSTANTS = (
    "pi E I oo zoo nan Zero One NegativeOne Half ImaginaryUnit Infinity NegativeInfinity Exp1 Pi "
    "EulerGamma true false"
).split()
_CONSTANT_ALIASES = {
    "ImaginaryUnit": "I",
    "Infinity": "oo",
    "NegativeInfinity": "-oo",
    "Exp1": "E",
    "Pi": "pi",
}


def parse_sympy(text: str) -> Any:
    """Rebuild a SymPy object from ``srepr`` text using only whitelisted constructors."""
    import sympy

    _require(isinstance(text, str) and len(text) <= MAX_SYMPY_TEXT, "the SymPy text is too long")
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise _Reject("the SymPy text is not an expression") from None
    count = sum(1 for _ in ast.walk(tree))
    _require(count <= MAX_SYMPY_NODES, "the SymPy expression is too large")

    def const(node: ast.AST) -> Any:
        if not isinstance(node, ast.Constant):
            raise _Reject("a SymPy argument is not a literal")
        value = node.value
        _require(isinstance(value, (str, int, bool)) and not isinstance(value, bytes), "bad literal")
        if isinstance(value, int) and not isinstance(value, bool):
            _require(len(str(abs(value))) <= MAX_DIGITS, "an integer in the expression is too long")
        if isinstance(value, str):
            _require(len(value) <= 200, "a name in the expression is too long")
        return value

    def build(node: ast.AST, depth: int = 0) -> Any:
        _require(depth <= 200, "the SymPy expression is nested too deeply")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = node.operand
            _require(isinstance(inner, ast.Constant) and type(inner.value) is int, "bad negative literal")
            return -const(inner)
        if isinstance(node, ast.Constant):
            return const(node)
        if isinstance(node, ast.Name):
            _require(node.id in SYMPY_CONSTANTS, f"{node.id!r} is not an allowed SymPy name")
            name = _CONSTANT_ALIASES.get(node.id, node.id)
            if name == "-oo":
                return -sympy.oo
            return getattr(sympy, name) if hasattr(sympy, name) else getattr(sympy.S, name)
        if isinstance(node, ast.Tuple):
            return tuple(build(e, depth + 1) for e in node.elts)
        if not isinstance(node, ast.Call):
            raise _Reject("an expression node outside the SymPy whitelist")
        call = node
        if isinstance(call.func, ast.Call):  # Function('f')(x): an applied undefined function
            f = build(call.func, depth + 1)
            _require(isinstance(f, sympy.core.function.UndefinedFunction), "only a Function may be applied")
            _require(not call.keywords and bool(call.args), "bad function application")
            return f(*(build(a, depth + 1) for a in call.args))
        if not isinstance(call.func, ast.Name):
            raise _Reject("a call outside the SymPy whitelist")
        name = call.func.id
        _require(name in SYMPY_CALLS, f"{name!r} is not an allowed SymPy constructor")
        nargs, keywords = SYMPY_CALLS[name]
        _require(nargs is None or len(call.args) == nargs, f"{name} takes {nargs} arguments")
        kwargs: dict[str, Any] = {}
        for kw in call.keywords:
            if kw.arg is None or kw.arg not in keywords:
                raise _Reject(f"keyword not allowed in {name}")
            kwargs[kw.arg] = const(kw.value)
            if kw.arg != "precision":
                _require(isinstance(kwargs[kw.arg], bool), "an assumption must be True or False")
        if name in ("Symbol", "Function"):
            (arg,) = call.args
            label = const(arg)
            _require(isinstance(label, str), f"{name} needs a name")
            return getattr(sympy, name)(label, **kwargs)
        if name == "Integer":
            arg0 = call.args[0]
            value = build(arg0, depth + 1) if isinstance(arg0, ast.UnaryOp) else const(arg0)
            _require(type(value) is int, "Integer needs an integer")
            return sympy.Integer(value)
        if name == "Rational":
            p, q = (build(a, depth + 1) for a in call.args)
            _require(type(p) is int and type(q) is int and q != 0, "Rational needs two integers")
            return sympy.Rational(p, q)
        if name == "Float":
            text_value = const(call.args[0])
            _require(isinstance(text_value, str) and len(text_value) <= 60, "Float needs short text")
            try:
                float(text_value)
            except ValueError:
                raise _Reject("Float text is not a number") from None
            precision = kwargs.get("precision", 53)
            _require(type(precision) is int and 1 <= precision <= 400, "bad Float precision")
            return sympy.Float(text_value, precision=precision)
        args = [build(a, depth + 1) for a in call.args]
        for a in args:
            _require(isinstance(a, (sympy.Basic, tuple)), f"{name} takes SymPy arguments")
        if name in ("Max", "Min"):
            _require(len(args) <= MAX_MINMAX_ARGS, f"{name} of more than {MAX_MINMAX_ARGS} arguments")
        if name == "Pow":
            base, exp = args
            _check_power(sympy, base, exp)
            return sympy.Pow(base, exp)
        if name == "gamma":
            _require(
                not (args[0].is_number and _magnitude(args[0]) > MAX_GAMMA_ARGUMENT),
                "gamma of a large number (an exact factorial)",
            )
        if name == "log_base":
            return sympy.log(*args)
        if name == "Derivative":
            return sympy.Derivative(*args, evaluate=False)
        return getattr(sympy, name)(*args)

    try:
        value = build(tree.body)
    except _Reject:
        raise
    except (TypeError, ValueError, AttributeError, ArithmeticError, RecursionError) as exc:
        raise _Reject(f"the SymPy expression could not be rebuilt ({type(exc).__name__})") from None
    _require(isinstance(value, sympy.Basic), "the SymPy text is not an expression")
    return value


def _magnitude(x: Any) -> float:
    """|x| of a SymPy number as a float (inf if it does not fit or cannot be evaluated)."""
    try:
        if x.is_Rational:  # exact: no evaluation
            p, q = abs(int(x.p)), int(x.q)
            return math.inf if p.bit_length() - q.bit_length() > 1000 else p / q
        v = abs(complex(x.evalf(15)))
    except (TypeError, ValueError, AttributeError, ArithmeticError):
        return math.inf
    return v if math.isfinite(v) else math.inf


def _check_power(sympy: Any, base: Any, exp: Any) -> None:
    """Refuse a power of a number that SymPy would compute into an enormous exact value."""
    if not (getattr(base, "is_number", False) and getattr(exp, "is_number", False)):
        return  # a symbolic power is never expanded on construction
    if base.is_Rational and exp.is_Rational:
        bits = max(abs(int(base.p)).bit_length(), int(base.q).bit_length(), 1)
        _require(_magnitude(exp) * bits <= MAX_POWER_BITS, "a power of a number too large to compute exactly")
        return
    _require(_magnitude(exp) <= MAX_NUMERIC_EXPONENT, "a power of a number with a huge exponent")


def _number(text: Any) -> float:
    _require(isinstance(text, str) and len(text) <= 40, "a number is not short text")
    try:
        value = float(text)
    except ValueError:
        raise _Reject("a number is not a number") from None
    return value


def value(item: Any, depth: int = 0) -> Any:
    """One exported value (a dict with a type tag ``t``) to a plain Python value; raises on junk."""
    import numpy as np

    _require(depth <= MAX_DEPTH, "the value is nested too deeply")
    _require(isinstance(item, dict) and isinstance(item.get("t"), str), "not an exported value")
    kind, v = item["t"], item.get("v")
    if kind == "none":
        return None
    if kind == "bool":
        _require(isinstance(v, bool), "bad bool")
        return v
    if kind == "int":
        _require(isinstance(v, str) and 0 < len(v) <= MAX_DIGITS + 1, "an integer is too long")
        try:
            return int(v)
        except ValueError:
            raise _Reject("bad integer") from None
    if kind == "float":
        return _number(v)
    if kind == "complex":
        _require(isinstance(v, list) and len(v) == 2, "bad complex")
        return complex(_number(v[0]), _number(v[1]))
    if kind == "str":
        _require(isinstance(v, str) and len(v) <= MAX_STR, "a string is too long")
        return v
    if kind in ("list", "tuple"):
        _require(isinstance(v, list) and len(v) <= MAX_ELEMENTS, "bad list")
        items = [value(x, depth + 1) for x in v]
        return items if kind == "list" else tuple(items)
    if kind == "array":
        dtype = item.get("dtype")
        shape = item.get("shape")
        _require(dtype in ("float", "int", "bool", "complex"), "an array of an unsupported type")
        _require(
            isinstance(shape, list)
            and len(shape) <= 8
            and all(type(n) is int and 0 <= n <= MAX_ELEMENTS for n in shape),
            "bad array shape",
        )
        size = math.prod(shape)
        _require(size <= MAX_ELEMENTS and isinstance(v, list) and len(v) == size, "bad array size")
        if dtype == "complex":
            _require(all(isinstance(x, list) and len(x) == 2 for x in v), "bad complex array")
            flat = [complex(_number(a), _number(b)) for a, b in v]
            return np.array(flat, dtype=complex).reshape(shape)
        if dtype == "bool":
            _require(all(isinstance(x, bool) for x in v), "bad bool array")
            return np.array(v, dtype=bool).reshape(shape)
        if dtype == "int":
            _require(all(type(x) is int and abs(x) < 2**63 for x in v), "bad int array")
            return np.array(v, dtype=np.int64).reshape(shape)
        return np.array([_number(x) for x in v], dtype=float).reshape(shape)
    if kind == "sympy":
        return parse_sympy(v)
    if kind == "other":
        typename = item.get("type")
        typename = typename[:60] if isinstance(typename, str) else "?"
        raise _Reject(f"a value of type {typename}, not a number, array, string or SymPy expression")
    raise _Reject(f"an unknown kind of value {kind[:20]!r}")


def answer(item: Any, seconds: float = VALUE_SECONDS) -> Any:
    """Like :func:`value`, but junk becomes a :class:`NotAnswer` instead of an exception, and so
    does a value that takes more than ``seconds`` to rebuild."""
    try:
        with time_limit(seconds):
            return value(item)
    except TooSlow:
        return NotAnswer(f"rebuilding the value took over {seconds:g} s")
    except _Reject as exc:
        return NotAnswer(str(exc), suspicious=not str(exc).startswith("a value of type "))
    except (RecursionError, MemoryError, OverflowError):
        return NotAnswer("the value is too large")
    except Exception as exc:  # noqa: BLE001 - no junk value may fail the whole export
        return NotAnswer(f"the value could not be read ({type(exc).__name__})")


@dataclass
class Export:
    """Answers found in a submission: at the end of the notebook and right after each check."""

    final: dict[str, Any]
    at_check: dict[str, dict[str, Any]]
    errors: list[str]


def export(
    text: str | bytes,
    wanted: Collection[str] | None = None,
    questions: Collection[str] | None = None,
    seconds: float = PARSE_SECONDS,
) -> Export:
    """Parse the export document; raises ``ValueError`` if it is not one.

    Only the variables in ``wanted`` and the checks of ``questions`` are rebuilt (all of them
    if None): a forged export may hold thousands of other values. All values together get
    ``seconds`` of wall time; those left when it is spent are not answers.
    """
    import time

    deadline = time.monotonic() + seconds
    if isinstance(text, bytes):
        if len(text) > MAX_EXPORT_BYTES:
            raise ValueError("the exported answers are too large")
        text = text.decode("utf-8", errors="replace")
    if len(text) > MAX_EXPORT_BYTES:
        raise ValueError("the exported answers are too large")
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"the exported answers are not JSON ({type(exc).__name__})") from None
    if not isinstance(doc, dict):
        raise ValueError("the exported answers are not a JSON object")

    def one(v: Any) -> Any:
        left = deadline - time.monotonic()
        if left <= 0:
            return NotAnswer("not read: rebuilding the answers took too long")
        return answer(v, min(VALUE_SECONDS, left))

    def names(d: Any) -> dict[str, Any]:
        if not isinstance(d, dict):
            return {}
        keys = [
            k
            for k in list(d)[:200]
            if isinstance(k, str) and len(k) <= 100 and (wanted is None or k in wanted)
        ]
        return {k: one(d[k]) for k in keys}

    at_check_raw = doc.get("at_check")
    at_check = {}
    if isinstance(at_check_raw, dict):
        for q, d in list(at_check_raw.items())[:100]:
            if isinstance(q, str) and len(q) <= 100 and (questions is None or q in questions):
                at_check[q] = names(d)
    errors_raw = doc.get("errors")
    errors = [str(e)[:300] for e in errors_raw[:20]] if isinstance(errors_raw, list) else []
    return Export(final=names(doc.get("final")), at_check=at_check, errors=errors)
