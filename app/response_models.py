"""What the service answers: typed response models for the OpenAPI document at /docs."""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# In answers: a number, or an array wire's value or gradient as nested lists (see `shape`).
Numbers = float | list[float] | list[list[float]]


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
    value: Numbers
    gradient: Numbers
    group: int | None
    shape: list[int] | None = Field(None, description="an array program's wires: [] for a number, [5, 3]")


class Edge(BaseModel):
    id: int
    source: int
    target: int
    port: int
    value: Numbers
    gradient: Numbers = Field(description="this wire's contribution: local × upstream")
    shape: list[int] | None = None


class InputWire(BaseModel):
    name: str
    node: int
    value: Numbers
    gradient: Numbers
    shape: list[int] | None = None


class CodeLine(BaseModel):
    model_config = ConfigDict(extra="allow")
    text: str
    node: int | None = None
    step: int | None = None


class Code(BaseModel):
    forward: list[CodeLine]
    backward: list[CodeLine]


class BackwardCheck(BaseModel):
    """One number a backward line writes (`dx = …`, `dx += …`, one element of `dx = [...]`), checked."""

    line: int
    column: int
    target: str = Field(description="the variable written: dx, dx[0]")
    wire: str = Field(description="the forward name whose gradient it holds")
    kind: Literal["full", "part", "seed"]
    got: Numbers | None = Field(description="nested lists in an array program; null if it could not run")
    expected: Numbers
    ok: bool
    message: str
    code: str = Field(description="a backward_*, hint_* or shape code of the engine's message templates")
    params: dict[str, Any]


class ProgramWarning(BaseModel):
    """Something the program probably did not mean: a bare `e` as an input, a name that never reaches f."""

    line: int
    column: int
    message: str
    code: str
    params: dict[str, Any]


class CollapsibleGroup(BaseModel):
    """A group the drawing may show as one gate (engine/grouping.py)."""

    node: int = Field(description="the group's output node")
    kind: Literal["sum", "dot", "neuron"]
    label: str = Field(description="the symbol drawn in the collapsed gate")
    members: list[int] = Field(description="its gates, in tape order")
    inputs: list[int] = Field(description="the nodes whose wires enter it, each once")
    local: list[float] = Field(description="d output / d input, per input")


class GraphResponse(BaseModel):
    """One evaluated circuit: values, gradients, the drawing's nodes and wires, the trace and the code."""

    expr: str
    value: Numbers
    output: int
    gradients: dict[str, Numbers]
    inputs: list[InputWire]
    nodes: list[Node]
    edges: list[Edge]
    steps: list[dict[str, Any]] = Field(description="forward, seed and backward steps of the animation")
    code: Code
    options: dict[str, Any]
    shape: list[int] | None = Field(None, description="the output's shape, in an array program")
    checks: list[BackwardCheck] = Field(description="the program's backward lines, checked; [] without them")
    warnings: list[ProgramWarning] = Field(description="what the program probably did not mean")
    collapsible: list[CollapsibleGroup] = Field(description="groups the drawing may collapse into one gate")


class CompactGate(BaseModel):
    name: str
    symbol: str
    pattern: str
    latex: list[str]
    code: str
    code_local: list[str]


class CompactCode(BaseModel):
    inputs: list[tuple[str, int]]
    preamble: list[tuple[str, int]]


class CompactGraphResponse(BaseModel):
    """`?form=compact`: each number once; the page derives edges, steps and code (docs/contract.md)."""

    form: Literal["compact-1"]
    expr: str
    value: float
    output: int
    options: dict[str, Any]
    leaves: tuple[int, int] = Field(description="[number of inputs, id of the first gate]")
    gate: list[int] = Field(description="per gate: its index in `gates`")
    gates: list[CompactGate]
    args: list[list[int]]
    label: list[tuple[int, str]]
    param: list[tuple[int, str]]
    name: list[str | None]
    tex: list[str | None]
    span: list[int] = Field(description="line, column, end_line, end_column of every node, in a row")
    groups: list[tuple[int, int]]
    values: list[float]
    grads: list[float]
    local: list[float] = Field(description="every wire's local gradient, in edge order")
    code: CompactCode
    checks: list[BackwardCheck] = Field(description="as in the full form")
    warnings: list[ProgramWarning] = Field(description="as in the full form")
    collapsible: list[CollapsibleGroup] = Field(description="as in the full form")


class GradcheckRow(BaseModel):
    name: str
    analytic: float | None
    numeric: float | None
    relative_error: float | None = Field(description="|a − n| / max(|a|, |n|), null when undefined")
    ok: bool = Field(description="the engine's verdict: the two agree within its tolerance")


class GradcheckResponse(BaseModel):
    checks: list[GradcheckRow]


class CurveResponse(BaseModel):
    x: list[float]
    f: list[float | None]
    dfdx: list[float | None]


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
