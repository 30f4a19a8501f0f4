"""circuitgrad's web layer: the FastAPI service, its pages and the `circuitgrad` command."""

__version__ = "0.1.0"
