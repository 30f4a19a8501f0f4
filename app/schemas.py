"""Typed request and response models; they drive validation and the OpenAPI document at /docs."""

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MAX_VALUES = 200


def _identifier(name: str) -> str:
    if not is_input_name(name):
        raise ValueError("input names are identifiers such as x, w0 or sigy, or list elements such as w[0]")
    return name


def is_input_name(name: str) -> bool:
    """`x`, `sigy`, or a list element such as `w[0]` (the notes' `w = [2,-3,-3]` gives inputs w[0], …)."""
    base, bracket, index = name.partition("[")
    element = not bracket or (index.endswith("]") and index[:-1].isdigit() and index[:-1].isascii())
    return base.isidentifier() and element and len(name) <= 64


Name = Annotated[str, AfterValidator(_identifier)]
# strict: a JSON number only (no "3" or true); allow_inf_nan=False rejects NaN/Infinity and 1e999.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]


class GraphOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    expand_sigmoid: bool = Field(False, description="draw σ as its *-1, exp, +1, 1/x chain")


class GraphRequest(BaseModel):
    """A program and, optionally, values that override its inputs' literal assignments."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"examples": [{"expr": "(x+y)*z", "values": {"x": -2, "y": 5, "z": -4}}]},
    )
    expr: str = Field(description="an expression or a staged program, one assignment per line")
    values: dict[Name, Number] = Field(default_factory=dict, max_length=MAX_VALUES)
    options: GraphOptions = Field(default_factory=GraphOptions)


class Span(BaseModel):
    line: int
    column: int
    end_line: int
    end_column: int


class Node(BaseModel):
    id: int
    kind: Literal["input", "const", "gate"]
    gate: str | None
    label: str
    name: str | None
    inputs: list[int]
    span: Span | None
    value: float
    gradient: float
    group: int | None


class Edge(BaseModel):
    id: int
    source: int
    target: int
    port: int
    value: float
    gradient: float = Field(description="this wire's contribution: local × upstream")


class InputWire(BaseModel):
    name: str
    node: int
    value: float
    gradient: float


class CodeLine(BaseModel):
    model_config = ConfigDict(extra="allow")
    text: str
    node: int | None = None
    step: int | None = None


class Code(BaseModel):
    forward: list[CodeLine]
    backward: list[CodeLine]


class GraphResponse(BaseModel):
    """One evaluated circuit: values, gradients, the drawing's nodes and wires, the trace and the code."""

    expr: str
    value: float
    output: int
    gradients: dict[str, float]
    inputs: list[InputWire]
    nodes: list[Node]
    edges: list[Edge]
    steps: list[dict[str, Any]] = Field(description="forward, seed and backward steps of the animation")
    code: Code
    options: dict[str, Any]


class ErrorDetail(BaseModel):
    message: str
    line: int | None = Field(None, description="1-based line of the culprit, when there is one")
    column: int | None = Field(None, description="1-based column of the culprit's first character")
    code: str | None = Field(
        None, description="the kind of a common program mistake (for translations), else null"
    )
    params: dict[str, str | int] = Field(
        default_factory=dict, description="the values the message names, by code"
    )


class ErrorResponse(BaseModel):
    """The one error shape of every 4xx (and of a 5xx, which is always a bug)."""

    error: ErrorDetail


class Gate(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    symbol: str
    arity: int
    pattern: str
    latex: str
    description: str


class Example(BaseModel):
    id: str
    title: dict[str, str] = Field(description="the title per language: en, zh-CN")
    expr: str
    values: dict[str, float]
    expand_sigmoid: bool
    from_notes: bool


class Health(BaseModel):
    status: Literal["ok"]
    version: str


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "the program does not parse or cannot be evaluated"},
    413: {"model": ErrorResponse, "description": "the request body is too large"},
    422: {"model": ErrorResponse, "description": "the request is malformed"},
}
