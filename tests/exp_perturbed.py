"""Run a script as if on a CPU whose exp rounds differently: every result of
numpy.exp moved by a few units in the last place (ulps).

Run: python tests/exp_perturbed.py up|down|alternating ULPS SCRIPT [ARGS...]
("alternating": up or down by the result's last bit, a different direction from
value to value, as a different implementation's rounding would be).
Or: python tests/exp_perturbed.py --regenerate DIRECTION:ULPS ...: `regenerate.py
--check` under each perturbation (0 ulps: exp as it is), two at a time, each in a process of its own
forked after the 50-digit reference runs are computed, once: they use Python's
decimal module, not NumPy, so every perturbation shares them.
"""
import contextlib
import io
import multiprocessing
import runpy
import sys
import traceback
from pathlib import Path

import numpy as np

real_exp = np.exp
# Perturbations checked at once: the machine has two cores.
AT_ONCE = 2


def shifted(direction, ulps):
    """numpy.exp with every result moved `ulps` floats up, down or alternating."""
    def exp(x, *args, **kwargs):
        y = real_exp(x, *args, **kwargs)
        if direction == "alternating":
            # up where the last bit of the result is 1, down where it is 0
            sign = 2.0 * (np.asarray(y, dtype=float).view(np.uint64) & 1) - 1.0
        else:
            sign = 1.0 if direction == "up" else -1.0
        # np.spacing(y): the distance from y to the next float away from zero, one ulp
        return y + sign * ulps * np.spacing(y)
    return exp


def counted_calls(function, calls):
    """`function`, appending to `calls` each time it is called."""
    def counting(*args, **kwargs):
        calls.append(1)
        return function(*args, **kwargs)
    return counting


def check(perturbation, pipe):
    """In a forked process: regenerate.py --check under exp moved by `perturbation`
    ((direction, ulps)); sends (status, what it printed) down `pipe`."""
    import regenerate

    if perturbation[1]:  # 0 ulps: exp as it is
        np.exp = shifted(*perturbation)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        try:
            status = regenerate.main(["--check"])
        except BaseException:  # noqa: BLE001 - reported to the test, whatever it is
            traceback.print_exc()
            status = 1
    pipe.send((status, printed.getvalue()))


def regenerate_under(perturbations):
    """{perturbation: (status, output)} of regenerate.py --check under each."""
    import importlib

    calls = []
    np.exp = counted_calls(real_exp, calls)
    import regenerate
    from backprop import highprec, workers

    scripts = [importlib.import_module(name) for name in regenerate.SCRIPTS]
    # a value computed with exp on import would be shared by the forks, unperturbed
    assert not calls, "a module calls numpy.exp as it is imported"
    np.exp = real_exp
    requests = regenerate.fifty_digit_requests(scripts)
    with workers.pool() as pool:
        highprec.share(requests, pool)
        for request in requests:
            highprec.trajectory(*request)  # now this process's: the forks have them
    fork = multiprocessing.get_context("fork")
    results = {}
    for first in range(0, len(perturbations), AT_ONCE):
        started = []
        for perturbation in perturbations[first:first + AT_ONCE]:
            receive, send = fork.Pipe(duplex=False)
            process = fork.Process(target=check, args=(perturbation, send))
            process.start()
            started.append((perturbation, process, receive))
        for perturbation, process, receive in started:
            results[perturbation] = receive.recv() if receive.poll(600) else (1, "no answer")
            process.join()
    return results


if __name__ == "__main__":
    if sys.argv[1] == "--regenerate":
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        wanted = [(d, int(u)) for d, u in (a.split(":") for a in sys.argv[2:])]
        failed = {p: out for p, (status, out) in regenerate_under(wanted).items() if status}
        for (direction, ulps), out in failed.items():
            print(f"exp {f'{direction} {ulps} ulps' if ulps else 'as it is'}:\n{out[-4000:]}")
        raise SystemExit(1 if failed else 0)
    direction, ulps, script, *args = sys.argv[1:]
    np.exp = shifted(direction, int(ulps))
    sys.argv = [script, *args]
    sys.path.insert(0, str(Path(script).resolve().parent))
    runpy.run_path(script, run_name="__main__")
