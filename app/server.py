"""Serving the app: one uvicorn process, or a supervisor of several whose workers die with it."""

import logging
import multiprocessing
import os
import signal
import threading
import time

import uvicorn

from .connections import MAX_HEADER_BYTES, ConnectionLimits, guarded_protocol
from .lifetime import die_with_parent

GRACEFUL_SHUTDOWN_SECONDS = 10  # requests in flight get this long to finish on Ctrl+C or SIGTERM
BACKLOG = 2048
RESTART_PAUSE_SECONDS = 1.0
DEFAULT_LIMITS = ConnectionLimits()
log = logging.getLogger("circuitgrad")


def uvicorn_config(
    host: str, port: int, log_level: str, limits: ConnectionLimits = DEFAULT_LIMITS
) -> uvicorn.Config:
    """The one uvicorn configuration, for `circuitgrad serve` and the Docker image alike."""
    from .main import create_app

    return uvicorn.Config(
        create_app(host=host),
        host=host,
        port=port,
        log_level=log_level,
        http=guarded_protocol(limits),
        timeout_keep_alive=limits.keep_alive,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        backlog=BACKLOG,
        server_header=False,
        lifespan="off",
    )


def run(host: str, port: int, workers: int, log_level: str, limits: ConnectionLimits = DEFAULT_LIMITS) -> int:
    """Serve until interrupted: in this process, or in `workers` processes sharing one socket."""
    if workers == 1:
        uvicorn.Server(uvicorn_config(host, port, log_level, limits)).run()
        return 0
    return Supervisor(host, port, workers, log_level, limits).run()


def worker_main(
    sock, host: str, port: int, log_level: str, limits: ConnectionLimits, parent_pid: int
) -> None:
    """One worker: serve on the supervisor's socket until told to stop or orphaned."""
    die_with_parent(parent_pid)
    config = uvicorn_config(host, port, log_level, limits)
    uvicorn.Server(config).run(sockets=[sock])


class Supervisor:
    """Binds the socket once, starts the workers, restarts one that dies, and stops them all on a signal."""

    def __init__(self, host: str, port: int, workers: int, log_level: str, limits: ConnectionLimits) -> None:
        self.host, self.port, self.workers, self.log_level = host, port, workers, log_level
        self.limits = limits
        self.stopping = threading.Event()
        self.context = multiprocessing.get_context("spawn")

    def start_worker(self, sock):
        args = (sock, self.host, self.port, self.log_level, self.limits, os.getpid())
        process = self.context.Process(target=worker_main, args=args, name="circuitgrad-worker")
        process.start()
        return process

    def run(self) -> int:
        config = uvicorn.Config(
            "circuitgrad.app.main:app",
            host=self.host,
            port=self.port,
            backlog=BACKLOG,
            log_level=self.log_level,
        )
        sock = config.bind_socket()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: self.stopping.set())
        processes = [self.start_worker(sock) for _ in range(self.workers)]
        try:
            while not self.stopping.wait(0.5):
                for i, process in enumerate(processes):
                    if not process.is_alive() and not self.stopping.is_set():
                        log.warning(
                            "worker %s exited with %s; starting another", process.pid, process.exitcode
                        )
                        time.sleep(RESTART_PAUSE_SECONDS)
                        processes[i] = self.start_worker(sock)
        finally:
            for process in processes:
                if process.is_alive():
                    process.terminate()  # SIGTERM: uvicorn finishes the requests in flight
            for process in processes:
                process.join(GRACEFUL_SHUTDOWN_SECONDS + 5)
                if process.is_alive():
                    process.kill()
            sock.close()
        return 0
