"""Where the templates and static files live, in an installed wheel or in a source checkout."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `name`: shipped inside the package when installed, beside it in a checkout."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"circuitgrad's {name}/ folder is missing: reinstall the package")


TEMPLATES_DIR = data_dir("templates")
STATIC_DIR = data_dir("static")
