"""One cached run of each training scheme per process.

The analysis and plot scripts pass in the training functions they import
(ann_numpy.train, ann_numpy_original.train), so that a process trains each
scheme once however many tables and panels it draws.
"""
from functools import lru_cache

from backprop.network import LR


@lru_cache(maxsize=None)
def runs(trainers, iterations, lr=LR):
    """{scheme name: network.Record} of each train function in `trainers` (a
    tuple), from the initial network."""
    records = [train(iterations, lr) for train in trainers]
    return {record.scheme: record for record in records}
