"""Counting updates until a threshold, for many networks at once on the batched
engine, and what the counts say: medians, their ratio, its bootstrap band. Used
by sweep.py and sweep_depth.py.
"""
import time

import numpy as np

from backprop import batched
from backprop.network import WORKED_EXAMPLE, Params

# Half of 1e-4: a network whose outputs saturate at exactly 0 and 1 has
# E_total = 1/2 (0.01^2 + 0.01^2) = 1e-4, and a little less just before; a
# threshold of 1e-4 would count such a network as converged.
THRESHOLD = 5e-5
# The uncertainty of the ratio of the medians: resampling the starts with
# replacement this many times (seeded), the band between these percentiles.
BOOTSTRAP, BOOTSTRAP_SEED, BAND = 200, 7, (2.5, 97.5)

# How a network that never gets below the threshold ends, judged by its error
# over the last STALL_WINDOW updates: still falling; stalled (at that rate it
# would need more than STALL_FACTOR times the budget, or its error rose); or
# diverged (non-finite weights or error).
STILL_FALLING, STALLED, DIVERGED = -1, -2, -3
STALL_WINDOW, STALL_FACTOR = 100, 10


def worked_example_networks(w):
    """The batched engine's Params of 2-2-2 networks from their weights w1..w8
    (8, N), with the worked example's biases, the same in every network."""
    n = w.shape[1]
    return Params(w[:4].reshape(2, 2, n), w[4:].reshape(2, 2, n),
                  *(b[:, None] for b in WORKED_EXAMPLE.start.b))


def counts(lr, w, updates, threshold, sequential, tick=None, example=WORKED_EXAMPLE):
    """For each network, the first n <= updates at which E_total after n passes
    over the example's samples is below threshold, or how it ends if never
    (STILL_FALLING, STALLED, DIVERGED); w: the networks' starts, the batched
    engine's Params, or w1..w8 (8, N) of the worked example's 2-2-2 networks;
    sequential: a bool, or a boolean array (N,) choosing each network's scheme.
    Networks leave the batch once they get there, so the cost is that of the
    updates they need. tick(done_fraction) is called about once a second."""
    first = np.full(lr.shape, STILL_FALLING)
    active = np.arange(lr.size)
    w = w if isinstance(w, Params) else worked_example_networks(w)
    marked = np.full(lr.shape, np.nan)  # E_total STALL_WINDOW updates before the end
    last = time.monotonic()
    # a diverging network is an outcome: inf and nan, without warnings
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for n in range(updates + 1):
            scheme = sequential[active] if np.ndim(sequential) else sequential
            w_next, err = batched.one_pass(w, lr[active], example.x, example.t,
                                           example.train_biases, example.model, scheme,
                                           example.online)
            if n == updates - STALL_WINDOW:
                marked[active] = err
            done = err < threshold
            first[active[done]] = n
            if done.any():
                keep = ~done
                active, w = active[keep], batched.select(w_next, keep)
            else:
                w = w_next
            if tick and time.monotonic() - last > 1:
                tick(n / updates)
                last = time.monotonic()
    final, left = err[~done], active
    with np.errstate(all="ignore"):
        # updates still needed at the rate of the last window: (E - threshold) / (dE per update)
        needed = (final - threshold) / ((marked[left] - final) / STALL_WINDOW)
    first[left[(needed < 0) | (needed > STALL_FACTOR * updates)]] = STALLED
    first[left[~np.isfinite(final) | ~batched.finite(w)]] = DIVERGED
    return first


def summary(result):
    """Per learning rate: median count of each scheme (nan where over half fail),
    their ratio, and the fraction of starts that never reach the threshold."""
    out = {}
    for name, c in result.items():
        failed = np.mean(c < 0, axis=1)
        with np.errstate(all="ignore"):
            q = np.nanpercentile(np.where(c >= 0, c, np.inf), [25, 50, 75], axis=1)
        out[name] = dict(q25=q[0], median=np.where(failed > 0.5, np.nan, q[1]), q75=q[2],
                         failed=failed)
    out["ratio"] = ratio_of(out["sequential"]["median"], out["parallel"]["median"])
    return out


def ratio_of(seq, par):
    """sequential ÷ parallel of median counts, nan where either has none."""
    with np.errstate(invalid="ignore", divide="ignore"):
        # equal medians (both 0 too, at a threshold every start begins below) are a ratio of 1
        return np.where(seq == par, 1.0, seq / par)


def bootstrap_ratio(result):
    """The BAND percentiles of the ratio of the medians over BOOTSTRAP resamplings
    of the starts (with replacement, the same resampling for both schemes):
    (low, high) per learning rate, nan where too few resamplings have a ratio."""
    starts = next(iter(result.values())).shape[1]
    picks = np.random.default_rng(BOOTSTRAP_SEED).integers(0, starts, (BOOTSTRAP, starts))
    medians = {}
    for name, c in result.items():
        resampled = np.where(c >= 0, c, np.inf)[:, picks]  # (rates, BOOTSTRAP, starts)
        median = np.median(resampled, axis=2)
        medians[name] = np.where(np.isfinite(median), median, np.nan)
    ratio = ratio_of(medians["sequential"], medians["parallel"])
    enough = np.mean(np.isfinite(ratio), axis=1) >= BAND[1] / 100
    band = np.full((2, len(ratio)), np.nan)
    band[:, enough] = np.nanpercentile(ratio[enough], BAND, axis=1)
    return band
