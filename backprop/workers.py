"""Worker processes that die with the process that started them, however it
dies, and leave Ctrl-C to it. Used by prove.py (the 50-digit runs, one per
core) and regenerate.py (the sweep and the 50-digit runs, beside everything else).
"""
import ctypes
import multiprocessing
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # Linux prctl(2): a signal for this process when its parent dies
# Workers yield the CPU to the parent, whose work is one script after another.
NICENESS = 10


def start(parent):
    """In each worker: on Linux the kernel sends SIGKILL when the parent dies;
    elsewhere the pool's exit ends the workers. Ctrl-C is the parent's. Then
    a lower priority (NICENESS)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)
    os.nice(NICENESS)


def pool(processes=None):
    """A multiprocessing.Pool of such workers (one per core by default); leaving
    its `with` block, normally or not, terminates them. A Ctrl-C while the pool
    is made takes effect once it is made: inside multiprocessing.Pool() it would
    leave workers that nothing ends, and the command would hang as it exits."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return multiprocessing.Pool(processes, initializer=start, initargs=(os.getpid(),))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
