"""What clients send: the request models of the POST endpoints, parsed strictly and in one way."""

import json
import re
import unicodedata
from typing import Annotated, TypeVar

from fastapi.exceptions import RequestValidationError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

MAX_VALUES = 200
MAX_NAME_CHARS = 64
MAX_CURVE_POINTS = 1000
MAX_CURVE_SPAN = 1e6
JSON_TYPES = re.compile(r"^\s*application/([\w.+-]+\+)?json\s*(;|$)", re.IGNORECASE)
Model = TypeVar("Model", bound=BaseModel)


def normal_name(name: str) -> str:
    """A name as Python reads it: NFKC-normalised, so `ｘ` is `x` and `x₁` is `x1`."""
    return name if name.isascii() else unicodedata.normalize("NFKC", name)


def is_input_name(name: str) -> bool:
    """`x`, `sigy`, `x₁`, or a list element such as `w[0]` (the notes' `w = [2,-3,-3]` gives w[0], …)."""
    base, bracket, index = normal_name(name).partition("[")
    element = not bracket or (index.endswith("]") and index[:-1].isdigit() and index[:-1].isascii())
    return base.isidentifier() and element and len(name) <= MAX_NAME_CHARS


def _identifier(name: str) -> str:
    if not is_input_name(name):
        raise ValueError("input names are identifiers such as x, w0 or sigy, or list elements such as w[0]")
    return normal_name(name)


def _one_value_per_name(values: object) -> object:
    if isinstance(values, dict):
        seen: dict[str, str] = {}
        for name in values:
            if isinstance(name, str) and seen.setdefault(normal_name(name), name) != name:
                raise ValueError(f"{seen[normal_name(name)]!r} and {name!r} are the same name")
    return values


Name = Annotated[str, AfterValidator(_identifier)]
# strict: a JSON number only (no "3" or true); allow_inf_nan=False rejects NaN/Infinity and 1e999.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Values = Annotated[dict[Name, Number], BeforeValidator(_one_value_per_name)]
# An input's value in an array program: a number, a vector or a matrix as nested lists (the engine checks
# their shapes and sizes).
Value = Number | list[Number] | list[list[Number]]
ArrayValues = Annotated[dict[Name, Value], BeforeValidator(_one_value_per_name)]
MAX_SEED = 2**32 - 1


class GraphOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    expand_sigmoid: bool = Field(False, description="draw σ as its *-1, exp, +1, 1/x chain")
    seed: int = Field(0, ge=0, le=MAX_SEED, description="the seed of np.random.randn, as np.random.seed")


class GraphRequest(BaseModel):
    """A program and, optionally, values that override its inputs' literal assignments."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"examples": [{"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}]},
    )
    expr: str = Field(description="an expression or a staged program, one assignment per line")
    values: ArrayValues = Field(default_factory=dict, max_length=MAX_VALUES)
    options: GraphOptions = Field(default_factory=GraphOptions)


class GradcheckRequest(BaseModel):
    """A program and the values at which to compare analytic and centred-difference gradients."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}]},
    )
    expr: str
    values: ArrayValues = Field(default_factory=dict, max_length=MAX_VALUES)
    options: GraphOptions = Field(default_factory=GraphOptions)


class CurveRequest(BaseModel):
    """f and ∂f/∂input along `points` evenly spaced values of one input in [lo, hi], the others fixed."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}, "input": "x", "lo": -5, "hi": 1}
            ]
        },
    )
    expr: str
    values: Values = Field(default_factory=dict, max_length=MAX_VALUES)
    input: Name
    lo: Number
    hi: Number
    points: int = Field(200, ge=2, le=MAX_CURVE_POINTS)

    @model_validator(mode="after")
    def _ordered(self) -> "CurveRequest":
        if not self.lo < self.hi:
            raise ValueError("lo must be less than hi")
        if self.hi - self.lo > MAX_CURVE_SPAN:
            raise ValueError(f"hi - lo must be at most {MAX_CURVE_SPAN:g}")
        return self


class DuplicateKeyError(ValueError):
    """A JSON object that names the same key twice (which value was meant is anyone's guess)."""


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    unique = dict(pairs)
    if len(unique) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return unique


def _invalid(kind: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"type": kind, "loc": ("body",), "msg": message, "input": None}])


def parse_body(model: type[Model], raw: bytes, content_type: str | None) -> Model:
    """A POST body parsed once: strict JSON, no duplicate keys, then the typed model; else 422."""
    # Parsed here rather than by a FastAPI body parameter: it halves the framework's work per request and
    # lets duplicate keys be refused. The OpenAPI document still names the models (main.document_models).
    if content_type and not JSON_TYPES.match(content_type):
        raise _invalid("content_type", "the body must be JSON (Content-Type: application/json)")
    try:
        data = json.loads(raw, object_pairs_hook=_unique_keys)
    except DuplicateKeyError as exc:
        raise _invalid("duplicate_key", f"duplicate key {str(exc)!r}") from None
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the interpreter's stack
        raise _invalid("json_invalid", "the body is not valid JSON") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_url=False, include_context=False)) from None


def request_body_schema(model: type[BaseModel]) -> dict:
    """The OpenAPI requestBody of an endpoint that parses `model` itself."""
    schema = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}
