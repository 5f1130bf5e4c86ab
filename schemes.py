"""Both training schemes by name, and one cached run of each per process.

The analysis and plot scripts take their records from here, so that a process
trains each scheme once however many tables and panels it draws.
"""
from functools import lru_cache

import ann_numpy
import ann_numpy_original
from network import LR

TRAIN = {"sequential": ann_numpy.train, "parallel": ann_numpy_original.train}


@lru_cache(maxsize=None)
def runs(iterations, lr=LR):
    """{scheme name: network.Record} of both schemes from the initial network."""
    return {name: train(iterations, lr) for name, train in TRAIN.items()}
