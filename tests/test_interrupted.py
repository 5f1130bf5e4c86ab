"""Interrupted runs: no process outlives the command, Ctrl-C is one line and
status 130, and what was written is complete and named."""
import signal
import subprocess
import os
import sys
import time
from pathlib import Path

import pytest

import backprop.cli
import backprop.workers
from commands import run

ROOT = Path(__file__).resolve().parent.parent
linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="children are found through Linux's /proc")


def children(pid):
    """The processes whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def start(*command):
    # a job started in the background inherits an ignored SIGINT: give the command the default
    return subprocess.Popen([sys.executable, *command], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_for(condition, seconds=30.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_prove_loads_numpy_random_before_its_workers_start():
    # a Ctrl-C while NumPy loads numpy.random on first use is lost (its compiled module
    # swallows it): prove.py loads it on import, before it starts its workers
    loaded = run("-c", "import sys, prove; print('numpy.random' in sys.modules)",
                 check=True).stdout
    assert loaded == "True\n"


@pytest.mark.parametrize("signum, handler, raised", [
    (signal.SIGINT, signal.default_int_handler, KeyboardInterrupt),
    (signal.SIGTERM, backprop.cli.stop, backprop.cli.Stopped),
    (signal.SIGHUP, backprop.cli.stop, backprop.cli.Stopped)])
def test_a_stop_while_the_pool_is_made_takes_effect_once_it_is_made(monkeypatch, signum, handler,
                                                                    raised):
    made = []

    class Pool:  # the signal arrives while multiprocessing.Pool() starts its workers
        def __init__(self, *args, **kwargs):
            # to the process: in a test runner's (or with BLAS threads) another thread may take it
            os.kill(os.getpid(), signum)
            time.sleep(0.01)
            made.append(self)

    monkeypatch.setattr(backprop.workers.multiprocessing, "Pool", Pool)
    # the command's handler, also where this runs as a background job (SIGINT ignored)
    previous = signal.signal(signum, handler)
    try:
        with pytest.raises(raised):
            backprop.workers.pool()
    finally:
        signal.signal(signum, previous)
    assert len(made) == 1  # made whole: its finalizer, at exit, ends its workers


@linux_only
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("script, workers", [("prove.py", 2), ("regenerate.py", 1)],
                         ids=["the proof's 50-digit runs", "the regeneration's sweep"])
def test_worker_processes_die_with_the_script(sig, script, workers):
    proc = start(script, "--check")
    assert wait_for(lambda: len(children(proc.pid)) >= workers), "the workers never started"
    started = children(proc.pid)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert wait_for(lambda: not any(alive(w) for w in started), seconds=10)
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert err == f"\n{script}: interrupted; nothing written\n"
