"""circuitgrad: type an expression, get the CS231n-style circuit with every value and gradient.

The public Python API. `circuitgrad.engine` is the pure engine (stdlib + numpy);
`circuitgrad.app` is the web app.
"""

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it from here)

from .circuit import ArrayResult, Circuit, evaluate
from .engine import EngineError, EvalError, LimitError, Limits, ParseError, Result
from .micrograd import compare_micrograd, from_micrograd

__all__ = [
    "ArrayResult",
    "Circuit",
    "EngineError",
    "EvalError",
    "LimitError",
    "Limits",
    "ParseError",
    "Result",
    "__version__",
    "compare_micrograd",
    "evaluate",
    "from_micrograd",
]
