"""The one error type of mathdl.

Every invalid input raises :class:`MathDLError`. It carries a ``code`` and the
``params`` that fill the message, so a user interface can translate it; the
English text below is what a notebook user reads.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "not_finite": "{name} must contain only finite numbers; got {value}.",
    "bad_shape": "{name} must have shape {expected}; got shape {shape}.",
    "out_of_range": "{name} must be between {low} and {high}; got {value}.",
    "unknown_choice": "{name} must be one of {allowed}; got {value!r}.",
    "shapes_do_not_multiply": ("A has {cols} columns but B has {rows} rows; A @ B needs them to be equal."),
    "zero_vector": "{name} must not be the zero vector: it spans no line.",
    "bad_shape_text": ("{name} must be up to {dims} whole numbers separated by commas, like 8, 1, 6; got {value!r}."),
    "shapes_do_not_broadcast": (
        "the shapes do not broadcast: axis {axis} has size {a} in A and {b} in B, and neither is 1."
    ),
    "kernel_too_large": "the kernel ({kernel}) is larger than the padded input ({width}).",
    "bad_subscripts": (
        "{value!r} is not an einsum expression like 'ij,jk->ik': one group of letters "
        "per operand, and output letters that appear in the inputs."
    ),
    "einsum_sizes": "the letter {letter} labels axes of sizes {first} and {second}; they must be equal.",
    "not_symmetric": "{name} must be a symmetric square matrix.",
    "no_variance": (
        "{name} has no variance that double precision can measure: its columns are constant, or too large or too small."
    ),
    "bad_interval": "the interval needs a < b; got a = {low} and b = {high}.",
    "rank_deficient": (
        "the columns of {name} are linearly dependent (rank {rank} < {cols}), "
        "so the least-squares solution is not unique."
    ),
    "not_a_distribution": "{name} must have non-negative entries with a positive sum; got {value}.",
    "too_few_values": "{name} needs at least {minimum} values; got {n}.",
    "lengths_differ": "{a} and {b} must have the same length; got {n} and {m}.",
    "empty_expression": "type a function of x, such as sin(x) * x^2.",
    "expression_too_long": "the function is {length} characters long; the limit is {limit}.",
    "expression_too_deep": "the function nests parentheses, calls or powers more than {limit} levels deep.",
    "unexpected_character": (
        "{character!r} at position {position} is not part of a formula: use numbers, x, + - * / ^ and parentheses."
    ),
    "unexpected_token": "{token!r} at position {position} is not expected there.",
    "unexpected_end": "the function ends too early: a closing parenthesis or a number is missing.",
    "unknown_name": "{name!r} is not a known name; you can use {allowed}.",
    "call_needs_parentheses": "{name} is a function: write {name}(x).",
    "wrong_arity": "{name} takes exactly one argument; got {count}.",
    "number_too_large": "{part} does not have a finite value (too large or undefined).",
    "not_consecutive": (
        "each run must resume the one before: a run ending at epoch {before} is followed by one resumed "
        "from epoch {start}."
    ),
    "singular": (
        "{name} is singular (rank {rank} < {n}, det = 0): it sends a whole line to one point, so it has no inverse."
    ),
}


class MathDLError(ValueError):
    """Invalid input to a mathdl function.

    Parameters
    ----------
    code : str
        Key of the message in :data:`MESSAGES` (and in the locale files).
    **params
        Values that fill the message: the parameter's name, its value and
        what is allowed.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(MESSAGES[code].format(**params))
