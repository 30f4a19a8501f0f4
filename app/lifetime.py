"""Child processes that never outlive their parent: a killed supervisor must not leave the port held."""

import contextlib
import ctypes
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int, from_main_thread: bool = True) -> None:
    """Ask the kernel for SIGTERM when the parent dies, even by `kill -9`, and poll for it too.

    The kernel's signal comes when the parent *thread* that started this process ends, so it is asked for only
    when that thread is the parent's main thread (`from_main_thread`); otherwise polling alone notices.
    """
    if from_main_thread:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent_pid:  # the parent died before the request above took effect
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()
