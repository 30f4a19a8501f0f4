"""The engine's error family and its configurable limits."""

from __future__ import annotations

from dataclasses import dataclass

# The common mistakes' messages by code, so a front end can say them in the student's language; its English
# catalogue holds these same templates (a test keeps them equal).
TEMPLATES = {
    "unexpected": "unexpected `{token}`: expected a number, a name or `(`",
    "missing_operator": "unexpected `{token}`: is an operator such as `*` missing before it?",
    "undefined": "`{name}` is not defined; did you mean `{suggestion}`?",
    "undefined_assign": "`{name}` is not defined (assign it first, e.g. `x = 3`)",
    "used_before": "`{name}` is used before it is assigned (on line {line})",
    "reassigned": "`{name}` was already assigned on line {line}; use a new name",
    "unknown_function": "unknown function `{name}`; did you mean `{suggestion}`?",
    "unknown_function_list": "unknown function `{name}`; available: {available}",
    "not_a_function": "`{name}` is a number, not a function: write `{name} * (...)` to multiply",
    "full_width": "full-width character `{char}`: switch the keyboard to half-width (ASCII) input",
    "unmatched": "unmatched `{bracket}`",
    "never_closed": "`{bracket}` is never closed: add `{closer}`",
    "ends_early": "the expression ends too early after `{token}`",
    "nothing_after": "nothing after `{name} =`: give it a value or an expression",
    "unnamed_line": "this line computes a value but never names it: write `name = ...`",
    "empty": "the program is empty: type an expression such as (x+y)*z",
    "arity_one": "{function}() takes 1 argument, but {given} were given",
    "arity_two": "{function}() takes 2 arguments, but {given} were given",
    "arity_two_got_one": "{function}() takes 2 arguments, but 1 was given",
    "no_imports": "imports are not allowed: the functions you need are built in",
    "no_lambda": "lambdas are not supported: write the expression directly",
    "no_conditionals": "conditionals are not supported: try max(a, b), min(a, b) or relu(x)",
    "no_loops_comprehensions": "loops and comprehensions are not supported: write each step on its own line",
    "no_loops": "loops are not supported: write each step on its own line",
    "no_def": "defining functions is not supported: write each step as `name = expression`",
    "no_class": "classes are not supported",
    "no_return": "`return` is not needed: the last assigned name is the output",
    "no_booleans": "booleans are not supported: circuits carry numbers",
    "no_none": "`None` is not a number",
    "no_logic": "logical operators are not supported: circuits carry numbers",
    "no_is": "comparisons are not supported: circuits compute numbers",
    "word_not_supported": "`{word}` is not supported: a program is a list of `name = expression` lines",
    "no_strings": "strings are not supported: circuits only carry numbers",
    "no_dicts": "dictionaries and sets are not supported",
    "no_colon": "`:` is not supported (no slices, blocks or dictionaries)",
    "no_remainder": "the remainder operator `%` is not supported",
    "no_matrix": "the matrix operator `@` is not supported: circuits work on single numbers",
    "no_tilde": "the `~` operator is not supported",
    "no_bits": "bit operators are not supported",
    "no_bang": "`!` is not supported",
    "no_backticks": "backticks are not supported",
    "not_in_language": "`{char}` is not part of the language",
    "use_star": "`{char}` is not an operator here: multiply with `*`",
    "use_slash": "`{char}` is not an operator here: divide with `/`",
    "use_minus": "`{char}` (a typographic minus) is not an operator here: type `-`",
    "no_update": "`{text}` (update in place) is not supported: write `new_name = name {op} ...` instead",
    "no_comparison": "comparisons like `{text}` are not supported: circuits compute numbers, not true/false",
    "unexpected_char": "unexpected character `{char}`",
    "too_long": "the program is longer than {limit} characters",
    "too_many_gates": "the circuit has more than {limit} gates; try a smaller program",
    "too_deep": "brackets are nested more than {limit} deep; split the expression into steps",
    "backslash": "a `\\` may only end a line",
    "single_name_left": "only a single name can stand left of `=` (e.g. `q = x + y`)",
    "builtin_name": "`{name}` is a built-in name; choose another name",
    "list_alone": "a list must stand alone: `w = [2, -3, -3]`",
    "empty_element": "empty list element",
    "list_numbers": "a list may only hold numbers (each becomes one input)",
    "number_too_large": "the number {number} is too large",
    "no_tuples": "unexpected `,`: tuples are not supported",
    "call_it": "`{name}` is a function: call it like {name}(x)",
    "bad_prefix": "only the `math.` and `np.` prefixes are allowed, not `{prefix}.`",
    "name_after_prefix": "expected a function name after `{prefix}.`",
    "whole_index": "an index must be a whole number, as in w[0]",
    "index_range": "`{name}` has {size} elements, so its indexes run from 0 to {last}",
    "not_a_list": "`{name}` is a single number, not a list",
    "use_element": "`{name}` is a list: use one element, such as {name}[0]",
    "no_floor_division": "floor division `//` is not supported: use `/`",
    "misplaced_equals": "`=` can only follow a single name at the start of a statement",
    "list_only_assigned": "lists may only appear as `name = [numbers]`",
    "only_names_indexed": "only names can be indexed",
    "unexpected_plain": "unexpected `{token}`",
    "domain": "the `{gate}` gate cannot be computed at {at}: {reason}",
    "no_slope": "the `{gate}` gate has no finite slope at {at}: {reason}",
    "no_value": "{what} has no finite value",
    "gradient_overflow": "the gradient here is too large to represent",
    "matmul_scalar": (
        "the matrix product {expr} needs vectors or matrices, but {name} is a single number: "
        "multiply with `*`"
    ),
    "matmul_mismatch": (
        "{a} is {a_shape} and {b} is {b_shape}: {expr} needs {a}'s {left} columns to meet {b}'s rows, {right}"
    ),
    "matmul_mismatch_vector": (
        "{a} is {a_shape} and {b} is {b_shape}: {expr} needs {a}'s last dimension, {left}, "
        "to equal {b}'s first, {right}"
    ),
    "broadcast_mismatch": (
        "{a} is {a_shape} and {b} is {b_shape}: {expr} cannot line them up; numpy compares shapes from the "
        "right, and {left} and {right} are neither equal nor 1"
    ),
    "axis_range": "{name} is {shape}: it has no axis {axis} (its axes are 0 to {last})",
    "axis_scalar": "{name} is a single number: it has no axis {axis}",
    "axis_whole": "`axis` must be a whole number, as in axis=0",
    "unknown_keyword": "`{keyword}=` is not supported here; only axis= is",
    "too_many_dims": "arrays here have at most 2 dimensions, but {what} has {dims}",
    "ragged": "the rows of a matrix must have equal lengths; here they have {first} and {other}",
    "array_numbers": "an array may only hold numbers",
    "array_empty": "an array needs at least one number",
    "array_too_large": "{what} has {size} numbers; an array may have at most {limit}",
    "too_many_elements": "the program's arrays hold more than {limit} numbers in all; try smaller arrays",
    "value_shape": "the value given for `{name}` is {given}, but `{name}` is {shape} in the program",
    "value_array": "the value of `{name}` must be a number or a (nested) list of finite numbers",
    "not_an_array": "`.{attribute}` needs a vector or a matrix, but {name} is a single number",
    "array_attribute": (
        "`.{attribute}` is not available; arrays here have .T, .dot(…), .sum(…), .mean(…) and .shape"
    ),
    "shape_arguments": (
        "{function}() takes whole-number sizes, as in {function}(5, 10) or {function}(*D.shape)"
    ),
    "shape_only_in_sizes": (
        "`.shape` gives sizes, which may only be passed to np.random.randn, np.zeros or np.ones"
    ),
    # The student's backward lines (see engine/checks.py): errors, then one message per check.
    "backward_target": "`{name} +=` adds up a gradient: left of `+=` must stand d<name> of a forward name, "
    "such as `dx`",
    "backward_needs_list": "`{wire}` is a list of {size}, so `{target}` needs one gradient per element: "
    "`{target} = [...]` with {size} elements, or `{target}[0] = ...`",
    "backward_needs_number": "`{wire}` is a single number, so `{target}` is one number, not a list",
    "backward_seed": "the upstream gradient of the output `{wire}` is set to {got} (instead of 1)",
    "backward_right": "right: ∂f/∂{wire} = {expected}",
    "array_index": "`{name}` is an array: its elements cannot be taken one by one here; use it whole",
    "random_seed": "np.random.seed takes one whole number, as in np.random.seed(0)",
    "backward_shape": "`{target}` must have the shape of `{wire}`, {shape}, but this line gives {given}",
    "backward_part_right": "right: the branch through `{through}` adds {expected} to ∂f/∂{wire}",
    "backward_start_zero": "`{target}` starts at 0; the lines below add its branches",
    "backward_wrong": "∂f/∂{wire} is {expected}, but this line gives {got}",
    "backward_from_wrong": "this line follows from `{name}`, which is wrong (line {line}): with the right "
    "`{name}` it gives ∂f/∂{wire} = {expected} (got {got})",
    "backward_no_branch": "this adds {got} to ∂f/∂{wire}, but no branch still missing gives that "
    "(the branch through `{through}` gives {expected})",
    "backward_one_branch": "`{wire}` feeds {count} gates, so ∂f/∂{wire} adds up {count} branches; this "
    "line has only the one through `{through}`: add the others with `+=` (expected {expected}, got {got})",
    "backward_overwrites": "`{target}` already holds the branch through `{through}` (line {line}); "
    "`=` throws it away: write `{target} += ...` (expected {expected}, got {got})",
    "backward_sum_missing": "∂f/∂{wire} adds up to {got}, but it is {expected}: "
    "the branch through `{through}` is missing",
    "backward_used_early": "`{name}` is used before all of its branches are added (the one "
    "through `{through}` is still missing): finish `{name} += ...` first",
    "hint_mul_swap": "mul swaps: ∂f/∂{wire} = {other} · ∂f/∂{out}, you used {wire} "
    "(expected {expected}, got {got})",
    "hint_sigmoid_local": "σ's local gradient is missing: ∂f/∂{wire} = (1 - {out}) · {out} · ∂f/∂{out} "
    "(expected {expected}, got {got})",
    "hint_local_missing": "the local gradient is missing: ∂f/∂{wire} = {local} · ∂f/∂{out}, "
    "local times upstream (expected {expected}, got {got})",
    "hint_upstream_missing": "the upstream gradient is missing: ∂f/∂{wire} = {local} · ∂f/∂{out}, "
    "local times upstream (expected {expected}, got {got})",
    # Warnings: the program runs, but probably does not say what was meant.
    "free_constant": "`{name}` is a new input here (worth 1), not the constant: did you mean {suggestion}?",
    "never_reaches": "`{name}` never reaches the output `{output}`: it changes neither the output "
    "nor a gradient",
}

# Why a gate cannot be computed, by code (Message params carry the code as `reason_code`, for translations).
REASONS = {
    "division_by_zero": "division by zero",
    "negative_power_base": "a power of a negative or zero base is not a real number here",
    "power_not_real": "this power is not a real number (or has an infinite slope) here",
    "base_positive": "the base must be positive",
    "log_positive": "log needs a positive input",
    "sqrt_non_negative": "sqrt needs a non-negative input (and has an infinite slope at 0)",
    "too_large": "the result is too large to represent",
    "undefined": "the value is undefined here",
}


class Message(str):
    """An error message that also keeps its code and values (see TEMPLATES)."""

    code: str
    params: dict

    def __new__(cls, code: str, **params):
        message = super().__new__(cls, TEMPLATES[code].format(**params))
        message.code = code
        message.params = params
        return message


class EngineError(Exception):
    """Any problem with a program: carries a student-readable message and a 1-based position.

    A `Message` also gives the error a `code` and `params`; other messages have code None.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = str(message)
        self.code = getattr(message, "code", None)
        self.params = dict(getattr(message, "params", {}))
        self.line = line
        self.column = column

    def to_dict(self) -> dict:
        """The JSON shape the service sends back."""
        return {
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "params": self.params,
        }

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"{self.message} (line {self.line}, column {self.column})"


class ParseError(EngineError):
    """Syntax errors, unknown names or functions, and constructs the language does not have."""


class EvalError(EngineError):
    """Domain problems while computing values or gradients (log of a negative, division by zero, ...)."""


class LimitError(EngineError):
    """The program is larger or deeper than the configured limits allow."""


@dataclass(frozen=True)
class Limits:
    """Size limits; the defaults suit a classroom and keep every request well under a second."""

    max_source_chars: int = 20_000
    max_gates: int = 5_000
    max_depth: int = 100
    # Every number of an array wire is drawn and sent; these keep an answer small enough for a page.
    max_array_elements: int = 4_096
    max_total_elements: int = 32_768
