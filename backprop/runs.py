"""One cached run of each training scheme per process, so that a process
trains each scheme once however many tables and panels it draws.
"""
from functools import lru_cache

from backprop.example import load
from backprop.files import ROOT
from backprop.network import LR
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
    """runs() at lr, or (lr None) example_runs(), computed once per process."""
    if example is None:
        return {scheme: script(scheme).train(iterations, lr) for scheme in SCHEMES}
    loaded = load(ROOT / "examples" / example)
    return {scheme: script(scheme).train(iterations, example=loaded) for scheme in SCHEMES}
