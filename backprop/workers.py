"""Worker processes that die with the process that started them, however it
dies, and leave Ctrl-C to it. Used by prove.py (the 50-digit runs, one per
core) and regenerate.py (both sweeps, the proof and the 50-digit runs not kept,
beside everything else).
"""
import ctypes
import multiprocessing
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # Linux prctl(2): a signal for this process when its parent dies
# Workers yield the CPU to the parent, whose work is one script after another.
NICENESS = 10


# What a command handles as a request to stop (cli.run): Ctrl-C, SIGTERM, SIGHUP.
STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def start(parent):
    """In each worker: on Linux the kernel sends SIGKILL when the parent dies;
    elsewhere the pool's exit ends the workers. Ctrl-C is the parent's; SIGTERM
    and SIGHUP end the worker at once (Pool.terminate sends SIGTERM). Then a
    lower priority (NICENESS)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in STOPPING[1:]:
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING[1:])  # blocked as the pool forked
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before that took effect
        os._exit(1)
    os.nice(NICENESS)


def pool(processes=None):
    """A multiprocessing.Pool of such workers (one per core by default); leaving
    its `with` block, normally or not, terminates them. A Ctrl-C, SIGTERM or
    SIGHUP while the pool is made takes effect once it is made: inside
    multiprocessing.Pool() it would leave workers that nothing ends, and the
    command would hang as it exits. The signals are blocked in this thread and,
    where another thread of the process takes one (NumPy's BLAS may have
    threads), kept by a handler until the pool is made."""
    arrived = []
    handlers = {signum: signal.getsignal(signum) for signum in STOPPING}
    for signum, handler in handlers.items():
        if handler not in (signal.SIG_IGN, None):
            signal.signal(signum, lambda signum, frame: arrived.append(signum))
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, set(STOPPING))
    try:
        return multiprocessing.Pool(processes, initializer=start, initargs=(os.getpid(),))
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # a blocked one arrives now
        if arrived:
            signal.raise_signal(arrived[0])
