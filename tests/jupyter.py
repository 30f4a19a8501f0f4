"""A real Jupyter for the notebook tests: notebooks written to disk, and JupyterLab on 127.0.0.1 only."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from circuitgrad.app.localserver import free_port

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
NOTEBOOK_PACKAGES = ("anywidget", "nbclient", "ipykernel")


def require_notebook_extra(*extra: str) -> None:
    """Skip without the [notebook] extra and its test tools; in CI they must be there, so fail instead."""
    missing = []
    for name in (*NOTEBOOK_PACKAGES, *extra):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if not missing:
        return
    message = f"the notebook tests need {', '.join(missing)}: pip install -e '.[notebook-test]'"
    if os.environ.get("CI") or os.environ.get("CIRCUITGRAD_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


def write_notebook(folder: Path, cells: list[str]) -> Path:
    """A notebook of code cells with its kernelspec set (so no kernel dialog opens)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    path = folder / f"circuit-{uuid.uuid4().hex[:8]}.ipynb"
    nbformat.write(nb, path)
    return path


def isolated_env(home: Path) -> dict[str, str]:
    """Jupyter's config, data and runtime folders inside `home`, so no user settings leak in."""
    env = dict(os.environ)
    for key, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
        ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces"),
    ):
        env[key] = str(home / sub)
    # No news and no update checks: the lab asks nothing of the internet.
    settings = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    return env


def start_lab(home: Path, root: Path, timeout: float = 60):
    """JupyterLab on a free loopback port with no token; returns (process, base URL)."""
    port = free_port()
    argv = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
        "--port-retries=0", "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=",
        "--ServerApp.password=", f"--ServerApp.root_dir={root}", "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]  # fmt: skip
    log = open(home / "lab.log", "w")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(argv, env=isolated_env(home), stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/status", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    stop_lab(proc)
    raise RuntimeError(f"JupyterLab did not start:\n{(home / 'lab.log').read_text()[-3000:]}")


def stop_lab(proc: subprocess.Popen) -> list:
    """Stop the server and every kernel it started (kernels run in their own sessions); returns survivors."""
    import psutil

    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    _, alive = psutil.wait_procs(children, timeout=10)
    for child in alive:
        child.kill()
    return alive
