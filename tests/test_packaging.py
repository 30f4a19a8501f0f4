"""A built wheel carries the templates and static files, and its `circuitgrad` serves / from anywhere."""

import os
import shutil
import site
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest
from conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("circuitgrad", "app", "engine", "templates", "static", "pyproject.toml", "README.md")

pytestmark = pytest.mark.slow


def clean_env() -> dict[str, str]:
    """The environment without anything that would make the source tree importable."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run(*command, cwd: Path, timeout: float = 120) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built offline from a copy of the sources (the checkout itself stays untouched)."""
    work = tmp_path_factory.mktemp("build")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-w", str(work / "dist"), str(source), cwd=work)  # fmt: skip
    (built,) = (work / "dist").glob("circuitgrad-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with only the wheel added, borrowing this interpreter's dependencies.

    `--system-site-packages` would borrow the *base* interpreter's packages, which in a contributor's own
    virtualenv lack uvicorn and the rest; a path file naming this interpreter's site-packages borrows exactly
    what the test run has. Path files inside those folders are not processed, so the checkout's own editable
    install stays out and `circuitgrad` comes from the wheel.
    """
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", str(env_dir), cwd=env_dir.parent)
    python = env_dir / "bin" / "python"
    purelib = run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=env_dir)
    borrowed = [p for p in (*site.getsitepackages(), site.getusersitepackages()) if Path(p).is_dir()]
    (Path(purelib.strip()) / "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n")
    run(str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall", str(wheel),
        cwd=env_dir.parent)  # fmt: skip
    return env_dir


INSTALL_AND_START = "pip install . && circuitgrad"
RUN_THE_TESTS = 'pip install -e ".[test]" && python -m pytest'


def test_the_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```sh\n{INSTALL_AND_START}\n```" in readme
    assert f"```sh\n{RUN_THE_TESTS}\n```" in readme


def test_ci_runs_exactly_the_readme_test_command():
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert any(line.endswith(RUN_THE_TESTS.removeprefix("pip install ")) for line in ci_lines)


def shipped_files(folder: str) -> set[str]:
    base = ROOT / folder
    return {
        f"circuitgrad/app/{folder}/{path.relative_to(base).as_posix()}"
        for path in base.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_wheel_ships_every_template_and_static_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert shipped_files("templates") <= names
    assert shipped_files("static") <= names
    assert {"circuitgrad/__init__.py", "circuitgrad/app/main.py", "circuitgrad/engine/__init__.py"} <= names


def test_the_wheel_installs_one_top_level_package(wheel):
    top_level = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert {name for name in top_level if not name.endswith(".dist-info")} == {"circuitgrad"}


def test_the_wheel_declares_the_console_script(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [name for name in archive.namelist() if name.endswith("entry_points.txt")]
        assert "circuitgrad = circuitgrad.app.cli:main" in archive.read(entry_points).decode()


def test_the_installed_package_is_imported_from_the_environment(venv, tmp_path):
    code = "import circuitgrad.app, circuitgrad.engine; print(circuitgrad.app.__file__)"
    location = run(str(venv / "bin" / "python"), "-c", code, cwd=tmp_path)
    assert Path(location.strip()).resolve().is_relative_to(venv.resolve())


def test_the_public_api_works_from_any_directory(venv, tmp_path):
    code = "import circuitgrad; print(circuitgrad.evaluate('(x+y)*z', {'x': -2, 'y': 5, 'z': -4}).gradients)"
    assert (
        run(str(venv / "bin" / "python"), "-c", code, cwd=tmp_path).strip()
        == "{'x': -4.0, 'y': -4.0, 'z': 3.0}"
    )


@pytest.mark.parametrize("name", ["app", "engine"])
def test_no_generic_top_level_package_is_installed(venv, tmp_path, name):
    code = f"import importlib.util; print(importlib.util.find_spec({name!r}) is None)"
    assert run(str(venv / "bin" / "python"), "-c", code, cwd=tmp_path).strip() == "True"


def test_the_installed_command_serves_pages_and_static_files_from_any_directory(venv, tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "circuitgrad"), "serve", "--no-browser", "--port", str(port)],
        cwd=tmp_path,
        env=clean_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the server did not answer /healthz"
                time.sleep(0.2)
        page = httpx.get(f"{base}/", params={"expr": "(x+y)*z", "v": "x:-2,y:5,z:-4"}, timeout=10)
        assert page.status_code == 200
        assert 'id="initial-graph"' in page.text
        static = sorted(path for path in (ROOT / "static").rglob("*") if path.is_file())[0]
        response = httpx.get(f"{base}/static/{static.relative_to(ROOT / 'static').as_posix()}", timeout=10)
        assert response.status_code == 200
        assert response.content == static.read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=10)
