"""circuitgrad: type an expression, get the CS231n-style circuit with every value and gradient.

The public Python API. `circuitgrad.engine` is the pure engine (stdlib + numpy);
`circuitgrad.app` is the web app.
"""

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it from here)

from .circuit import ArrayResult, Circuit, evaluate
from .engine import EngineError, EvalError, LimitError, Limits, ParseError, Result
from .micrograd import compare_micrograd, from_micrograd


def export_html(source, values=None, /, **options) -> str:
    """One self-contained HTML file of the circuit (see circuitgrad.export); `path=` writes it."""
    from .export import export_html as export

    return export(source, values, **options)


def show(obj, values=None, /, **options):
    """Draw a program or a micrograd Value's graph in a notebook (`pip install "circuitgrad[notebook]"`)."""
    try:
        from .widget import show as show_widget
    except ImportError as exc:
        if exc.name not in ("anywidget", "traitlets", "ipywidgets", "IPython"):
            raise
        raise ImportError('the notebook widget needs anywidget: pip install "circuitgrad[notebook]"') from exc
    return show_widget(obj, values, **options)


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
    "export_html",
    "from_micrograd",
    "show",
]
