"""One cached run of each training scheme per process, so that a process
trains each scheme once however many tables and panels it draws.
"""
from functools import lru_cache

from backprop.network import LR
from backprop.schemes import SCHEMES, script


@lru_cache(maxsize=None)
def runs(iterations, lr=LR):
    """{scheme name: network.Record} of `iterations` passes of each scheme
    (schemes.SCHEMES, in order) from the worked example's initial network."""
    return {scheme: script(scheme).train(iterations, lr) for scheme in SCHEMES}
