"""circuitgrad's web layer: the FastAPI app, its pages and the `circuitgrad` command."""

from .. import __version__

__all__ = ["__version__"]
