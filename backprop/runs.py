"""One cached run of each training scheme per process, so that a process
trains each scheme once however many tables and panels it draws.
"""
from functools import lru_cache

from backprop.example import load
from backprop.files import ROOT
from backprop.network import LR, WORKED_EXAMPLE
from backprop.schemes import SCHEMES, script


def runs(iterations, lr=LR):
    """{scheme name: network.Record} of `iterations` passes of each scheme
    (schemes.SCHEMES, in order) from the worked example's initial network at lr."""
    # one key however lr is written: runs(10_000) is runs(10_000, "0.5")
    return trained(iterations, float(lr), None)


def example_runs(iterations, example):
    """runs() of the example file examples/EXAMPLE, at its own learning rate."""
    return trained(iterations, None, example)


@lru_cache(maxsize=None)
def trained(iterations, lr, example):
    """runs() at lr of the worked example (example None), or example_runs() (lr
    None: the file's own), computed once per process."""
    loaded = WORKED_EXAMPLE if example is None else load(ROOT / "examples" / example)
    return {scheme: script(scheme).train(iterations, lr, loaded) for scheme in SCHEMES}
