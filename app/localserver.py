"""A real `circuitgrad serve` on a free loopback port, for the tests and the benchmarks."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback never goes via a proxy


def healthy(port: int) -> bool:
    """True when the server on this loopback port answers its liveness probe."""
    try:
        with _DIRECT.open(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def start_local_server(
    port: int, workers: int = 1, timeout: float = 60, cwd: Path | None = None, options: Sequence[str] = ()
) -> subprocess.Popen:
    """Start `circuitgrad serve` on loopback (with extra `options`) and wait until /healthz answers."""
    argv = [sys.executable, "-m", "circuitgrad.app.cli", "serve", "--no-browser", "--host", "127.0.0.1"]
    argv += ["--port", str(port), "--workers", str(workers), "--log-level", "warning", *options]
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if healthy(port):
            return proc
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited during start-up (code {proc.returncode})")
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s")


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM, then SIGKILL if it does not exit in time."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
