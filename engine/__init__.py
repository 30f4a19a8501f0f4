"""circuitgrad's engine: typed programs to the notes' gate circuits, with exact values and gradients."""

from .batch import BatchResult, evaluate_batch
from .errors import EngineError, EvalError, LimitError, Limits, ParseError
from .gates import REGISTRY, gate_registry
from .gradcheck import gradient_check
from .parser import parse
from .result import Result, evaluate, evaluate_graph, uses_arrays

__all__ = [
    "BatchResult",
    "evaluate_batch",
    "gradient_check",
    "REGISTRY",
    "EngineError",
    "EvalError",
    "LimitError",
    "Limits",
    "ParseError",
    "Result",
    "evaluate",
    "evaluate_graph",
    "gate_registry",
    "parse",
    "uses_arrays",
]
