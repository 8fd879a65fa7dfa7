"""Functions of x typed by a reader, read by a whitelist parser: never by eval.

The grammar has numbers, the variable ``x``, the constants and functions in :data:`CONSTANTS`
and :data:`FUNCTIONS`, + − × ÷, powers (``^`` or ``**``) and parentheses; ``3x`` and ``2(x+1)``
mean multiplication. Anything else is refused with a :class:`MathDLError` that says why.

A parsed function is a small tree of frozen dataclasses. It can be called like a numpy function
(``f(x)``), so every routine that studies a function of x (``calculus``, ``integration``) takes
it as it is, and it can be written back as text, compared and pickled.

>>> f = parse("sin(x) * x^2")
>>> float(f(2.0)) == math.sin(2.0) * 4
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from mathdl.activations import relu, sigmoid
from mathdl.autodiff import Value
from mathdl.errors import MathDLError

MAX_LENGTH = 200  # characters: any function worth plotting fits
MAX_DEPTH = 30  # nested parentheses, calls and powers

CONSTANTS = {"pi": math.pi, "π": math.pi, "e": math.e}

FUNCTIONS: dict[str, tuple[Callable[[Any], Any], Callable[[Value], Value]]] = {  # name: (numpy, autodiff)
    "sin": (np.sin, Value.sin),
    "cos": (np.cos, Value.cos),
    "tan": (np.tan, Value.tan),
    "exp": (np.exp, Value.exp),
    "log": (np.log, Value.log),
    "sqrt": (np.sqrt, Value.sqrt),
    "abs": (np.abs, Value.abs),
    "tanh": (np.tanh, Value.tanh),
    "sigmoid": (sigmoid, Value.sigmoid),
    "relu": (relu, Value.relu),
}

_NUMPY_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.divide,
    "^": np.power,
}


# --- the tree -----------------------------------------------------------------------------------


class Expression:
    """A parsed function of x: call it on a number or an array to evaluate it (see :func:`evaluate`)."""

    __slots__ = ()

    def __call__(self, x: ArrayLike) -> NDArray[np.float64]:
        """f(x): :func:`evaluate` at a number or an array."""
        return evaluate(self, x)  # type: ignore[arg-type]  # every subclass is a Node


@dataclass(frozen=True)
class Num(Expression):
    """A number, such as 2.5 or π."""

    value: float


@dataclass(frozen=True)
class Var(Expression):
    """The variable x."""


@dataclass(frozen=True)
class Neg(Expression):
    """−operand."""

    operand: Node


@dataclass(frozen=True)
class Binary(Expression):
    """left op right, with op one of + - * / ^."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Expression):
    """name(argument), name a key of :data:`FUNCTIONS`."""

    name: str
    argument: Node


Node = Num | Var | Neg | Binary | Call
Token = tuple[str, str, int]  # kind, text, position (1-based)


# --- reading the text -----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-zπ_]\w*)|(?P<op>\*\*|[-+*/^(),×÷−·]))"
)
_ALIASES = {"×": "*", "·": "*", "÷": "/", "−": "-", "**": "^"}


def _tokens(text: str) -> list[Token]:
    """(kind, text, position) for each token; a character outside the grammar is an error."""
    tokens: list[Token] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.lastgroup is None:  # kept as a token, so that an earlier mistake is reported first
            at = position + len(text[position:]) - len(text[position:].lstrip())
            tokens.append(("error", text[at], at + 1))
            break
        kind = match.lastgroup
        value = match.group(kind)
        tokens.append((kind, _ALIASES.get(value, value), match.start(kind) + 1))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent, one method per precedence level, lowest first."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> Token | None:
        token = self.tokens[self.i] if self.i < len(self.tokens) else None
        if token and token[0] == "error":
            raise MathDLError("unexpected_character", character=token[1], position=token[2])
        return token

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise MathDLError("unexpected_end")
        self.i += 1
        return token

    def expect(self, op: str) -> None:
        token = self.take()
        if token[1] != op:
            raise MathDLError("unexpected_token", token=token[1], position=token[2])

    def nested(self, parse: Callable[[], Node]) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise MathDLError("expression_too_deep", limit=MAX_DEPTH)
        try:
            return parse()
        finally:
            self.depth -= 1

    def expression(self) -> Node:  # sum := product (("+" | "-") product)*
        node = self.product()
        while (token := self.peek()) and token[1] in "+-" and token[0] == "op":
            self.take()
            node = _fold(Binary(token[1], node, self.product()))
        return node

    def product(self) -> Node:  # product := signed (("*" | "/") signed | signed)*
        node = self.signed()
        while token := self.peek():
            if token[0] == "op" and token[1] in "*/":
                self.take()
                node = _fold(Binary(token[1], node, self.signed()))
            elif token[0] in ("number", "name") or token[1] == "(":  # 3x, 2(x + 1), x sin(x)
                node = _fold(Binary("*", node, self.signed()))
            else:
                break
        return node

    def signed(self) -> Node:  # signed := ("-" | "+") signed | power
        token = self.peek()
        if token and token[0] == "op" and token[1] in "+-":
            self.take()
            operand = self.nested(self.signed)
            return _fold(Neg(operand)) if token[1] == "-" else operand
        return self.power()

    def power(self) -> Node:  # power := atom ("^" signed)?, so 2^-1 and 2^3^2 = 2^(3^2)
        base = self.atom()
        token = self.peek()
        if token and token[1] == "^":
            self.take()
            return _fold(Binary("^", base, self.nested(self.signed)))
        return base

    def atom(self) -> Node:
        kind, text, position = self.take()
        if kind == "number":
            return _fold(Num(float(text)))
        if kind == "name":
            return self.name(text)
        if text == "(":
            node = self.nested(self.expression)
            self.expect(")")
            return node
        raise MathDLError("unexpected_token", token=text, position=position)

    def name(self, text: str) -> Node:
        if text == "x":
            return Var()
        if text in CONSTANTS:
            return Num(CONSTANTS[text])
        if text not in FUNCTIONS:
            raise MathDLError("unknown_name", name=text, allowed=", ".join(["x", "pi", "e", *FUNCTIONS]))
        token = self.peek()
        if token is None or token[1] != "(":
            raise MathDLError("call_needs_parentheses", name=text)
        self.take()
        arguments = [] if (token := self.peek()) and token[1] == ")" else [self.nested(self.expression)]
        while (token := self.peek()) and token[1] == ",":
            self.take()
            arguments.append(self.nested(self.expression))
        self.expect(")")
        if len(arguments) != 1:
            raise MathDLError("wrong_arity", name=text, count=len(arguments))
        return _fold(Call(text, arguments[0]))


def _fold(node: Node) -> Node:
    """Compute a part made of numbers only now, so that 10^10^10 is refused as the reader types it."""
    children = [getattr(node, f) for f in ("operand", "left", "right", "argument") if hasattr(node, f)]
    if not children or not all(isinstance(c, Num) for c in children):
        if isinstance(node, Num) and not math.isfinite(node.value):
            raise MathDLError("number_too_large", part=format(node.value))
        return node
    value = float(evaluate(node, 0.0))
    if not math.isfinite(value):
        raise MathDLError("number_too_large", part=unparse(node))
    return Num(value)


def parse(text: str) -> Node:
    """Read a function of x, or explain, in a :class:`MathDLError`, why it cannot be read.

    The grammar, lowest precedence first: a sum of products; a product of signed powers, where
    juxtaposition multiplies (``3x``); a power ``atom ^ signed``, right-associative; an atom is a
    number, ``x``, a constant, ``name(argument)`` or a parenthesised sum. Parts made of numbers
    only are computed at once.

    Parameters
    ----------
    text : str
        At most :data:`MAX_LENGTH` characters, nested at most :data:`MAX_DEPTH` levels deep.

    Returns
    -------
    Node
        The tree, callable on numbers or arrays.

    Examples
    --------
    >>> parse("2x + 1")
    Binary(op='+', left=Binary(op='*', left=Num(value=2.0), right=Var()), right=Num(value=1.0))
    """
    if not isinstance(text, str) or not text.strip():
        raise MathDLError("empty_expression")
    if len(text) > MAX_LENGTH:
        raise MathDLError("expression_too_long", length=len(text), limit=MAX_LENGTH)
    parser = _Parser(text)
    node = parser.expression()
    if (token := parser.peek()) is not None:
        raise MathDLError("unexpected_token", token=token[1], position=token[2])
    return node


# --- using the tree ---------------------------------------------------------------------------------


def evaluate(node: Node, x: ArrayLike) -> NDArray[np.float64]:
    """The function's value at x (a number or an array), computed the way numpy computes it.

    Where the function is undefined the value is NaN or ±inf, as numpy gives it, without a
    warning: a plot shows those places as gaps.

    Parameters
    ----------
    node : Node
        A tree from :func:`parse`.
    x : array_like
        Points, any shape.

    Returns
    -------
    ndarray of float
        f at each point, the shape of ``x``.

    Examples
    --------
    >>> evaluate(parse("relu(x) - 1"), np.array([-2.0, 3.0]))
    array([-1.,  2.])
    """
    with np.errstate(all="ignore"):
        values: NDArray[np.float64] = _evaluate(node, np.asarray(x, dtype=float))
    return values


def _evaluate(node: Node, x: NDArray[np.float64]) -> Any:
    match node:
        case Num(value):
            return np.full_like(x, value)
        case Var():
            return x
        case Neg(operand):
            return -_evaluate(operand, x)
        case Call(name, argument):
            return FUNCTIONS[name][0](_evaluate(argument, x))
        case Binary(op, left, right):
            return _NUMPY_OPS[op](_evaluate(left, x), _evaluate(right, x))
    raise TypeError(node)


def to_value(node: Node, x: Value) -> Value:
    """The same function built from autodiff :class:`~mathdl.autodiff.Value` operations.

    Calling ``backward`` on the result then gives f'(x) exactly (to rounding), by the chain rule.

    Parameters
    ----------
    node : Node
        A tree from :func:`parse`.
    x : Value
        The input node.

    Returns
    -------
    Value
        f(x), with the graph that computed it.

    Examples
    --------
    >>> x = Value(3.0); y = to_value(parse("x^2"), x); y.backward(); x.grad
    6.0
    """
    match node:
        case Num(value):
            return Value(value)
        case Var():
            return x
        case Neg(operand):
            return -to_value(operand, x)
        case Call(name, argument):
            return FUNCTIONS[name][1](to_value(argument, x))
        case Binary(op, left, right):
            a, b = to_value(left, x), to_value(right, x)
            return {"+": a.__add__, "-": a.__sub__, "*": a.__mul__, "/": a.__truediv__, "^": a.__pow__}[op](b)
    raise TypeError(node)


def derivative(node: Node, x0: float) -> float:
    """f'(x₀) by reverse-mode automatic differentiation: exact, not a difference quotient.

    Parameters
    ----------
    node : Node
        A tree from :func:`parse`.
    x0 : float
        The point.

    Returns
    -------
    float
        The slope; NaN or ±inf where f is not differentiable.

    Examples
    --------
    >>> derivative(parse("sin(x)"), 0.0)
    1.0
    """
    x = Value(x0, label="x")
    y = to_value(node, x)
    y.backward()
    return x.grad


def unparse(node: Node) -> str:
    """The tree written back as text, fully parenthesised.

    Parameters
    ----------
    node : Node
        A tree from :func:`parse`.

    Returns
    -------
    str
        Text that :func:`parse` reads back as the same tree.

    Examples
    --------
    >>> unparse(parse("-x^2"))
    '(-(x ^ 2))'
    """
    match node:
        case Num(value):
            return format(value, "g")
        case Var():
            return "x"
        case Neg(operand):
            return f"(-{unparse(operand)})"
        case Call(name, argument):
            return f"{name}({unparse(argument)})"
        case Binary(op, left, right):
            return f"({unparse(left)} {op} {unparse(right)})"
    raise TypeError(node)
