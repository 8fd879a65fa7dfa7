"""Functions of x typed by a reader, read by a whitelist parser: never by eval.

The grammar has numbers, the variable ``x``, the constants and functions in :data:`CONSTANTS`
and :data:`FUNCTIONS`, + − × ÷, powers (``^`` or ``**``) and parentheses; ``3x`` and ``2(x+1)``
mean multiplication. Anything else is refused with a :class:`MathDLError` that says why.

>>> f = parse("sin(x) * x^2")
>>> float(evaluate(f, 2.0)) == math.sin(2.0) * 4
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from mathdl.activations import relu, sigmoid
from mathdl.autodiff import Value
from mathdl.errors import MathDLError

MAX_LENGTH = 200  # characters: any function worth plotting fits
MAX_DEPTH = 30  # nested parentheses, calls and powers

CONSTANTS = {"pi": math.pi, "π": math.pi, "e": math.e}


FUNCTIONS = {  # name: (numpy version, autodiff version)
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


# --- the tree -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Var:
    pass


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str  # one of + - * / ^
    left: Node
    right: Node


@dataclass(frozen=True)
class Call:
    name: str
    argument: Node


Node = Num | Var | Neg | Binary | Call


# --- reading the text -----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(?P<name>[A-Za-zπ_]\w*)|(?P<op>\*\*|[-+*/^(),×÷−·]))"
)
_ALIASES = {"×": "*", "·": "*", "÷": "/", "−": "-", "**": "^"}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, position) for each token; a character outside the grammar is an error."""
    tokens, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match:  # kept as a token, so that an earlier mistake is reported first
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

    def peek(self) -> tuple[str, str, int] | None:
        token = self.tokens[self.i] if self.i < len(self.tokens) else None
        if token and token[0] == "error":
            raise MathDLError("unexpected_character", character=token[1], position=token[2])
        return token

    def take(self) -> tuple[str, str, int]:
        token = self.peek()
        if token is None:
            raise MathDLError("unexpected_end")
        self.i += 1
        return token

    def expect(self, op: str) -> None:
        token = self.peek()
        if token is None:
            raise MathDLError("unexpected_end")
        if token[1] != op:
            raise MathDLError("unexpected_token", token=token[1], position=token[2])
        self.i += 1

    def nested(self, parse):
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
            return self.name(text, position)
        if text == "(":
            node = self.nested(self.expression)
            self.expect(")")
            return node
        raise MathDLError("unexpected_token", token=text, position=position)

    def name(self, text: str, position: int) -> Node:
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
        arguments = [self.nested(self.expression)] if self.peek() and self.peek()[1] != ")" else []
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
    with np.errstate(all="ignore"):
        value = float(evaluate(node, 0.0))
    if not math.isfinite(value):
        raise MathDLError("number_too_large", part=unparse(node))
    return Num(value)


def parse(text: str) -> Node:
    """Read a function of x, or explain, in a :class:`MathDLError`, why it cannot be read.

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


def evaluate(node: Node, x):
    """The value at x (a number or an array); where it is undefined, NaN or ±inf, as numpy gives.

    Examples
    --------
    >>> evaluate(parse("relu(x) - 1"), np.array([-2.0, 3.0]))
    array([-1.,  2.])
    """
    match node:
        case Num(value):
            return np.full_like(np.asarray(x, dtype=float), value)
        case Var():
            return np.asarray(x, dtype=float)
        case Neg(operand):
            return -evaluate(operand, x)
        case Call(name, argument):
            return FUNCTIONS[name][0](evaluate(argument, x))
        case Binary(op, left, right):
            a, b = evaluate(left, x), evaluate(right, x)
            return {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide, "^": np.power}[op](a, b)
    raise TypeError(node)


def to_value(node: Node, x: Value) -> Value:
    """The same function on an autodiff :class:`Value`, so ``backward`` gives f'(x) exactly.

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
    """f'(x₀) by reverse-mode automatic differentiation.

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
