"""The two schemes side by side: which has the lower error when, by how much,
and the iterations the README's tables show.
"""
import numpy as np

from backprop.network import RUN_LENGTH

# The rows of the README's tables, each the state after N updates.
ITERATIONS = (0, 1, 2, 5, 10, 100, 1_000, RUN_LENGTH)
HEADER = "Iteration N (state after N updates)"


def gain(seq_value, par_value):
    """How much lower the sequential value is, in percent of the parallel one."""
    return 100 * (par_value - seq_value) / par_value


def lead_segments(seq, par):
    """[(first, last, leader)] over iterations 1..N: which scheme has the lower error."""
    leader = np.where(par.error[1:] > seq.error[1:], "sequential",
                      np.where(par.error[1:] < seq.error[1:], "parallel", "neither"))
    starts = [0] + [k for k in range(1, len(leader)) if leader[k] != leader[k - 1]]
    ends = starts[1:] + [len(leader)]
    return [(a + 1, b, str(leader[a])) for a, b in zip(starts, ends)]
