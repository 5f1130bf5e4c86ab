"""Is sequential really better? Both schemes over a grid of learning rates and
seeded random starting weights, on the batched engine (batched.py).

For each learning rate: how many updates each scheme needs to bring E_total
below a threshold (median and quartiles over the starting points), their
ratio, and how often a scheme never gets there within the budget.
Run: python sweep.py [--rates N] [--starts N] [--updates N] [--threshold E]
[--quiet] [--check]. Writes figures/learning_rate_sweep.png and the README
section `sweep`; --check writes nothing and fails when the README is stale.
"""
import sys
import time

import numpy as np

import batched
import cli
import plotting as P
import readme

RATES, STARTS, UPDATES, SEED = 200, 50, 10_000, 2026
# Half of 1e-4: a network whose outputs saturate at exactly 0 and 1 has
# E_total = 1/2 (0.01^2 + 0.01^2) = 1e-4, and a little less just before; a
# threshold of 1e-4 would count such a network as converged.
THRESHOLD = 5e-5
LR_RANGE = (0.01, 100.0)


def grid(rates, starts, seed=SEED):
    """Learning rates (log-spaced over LR_RANGE) crossed with starting weights
    (w1..w8 uniform in [-1, 1], seeded): arrays lr (N,), w (8, N), N = rates * starts."""
    lrs = np.geomspace(*LR_RANGE, rates)
    w0 = np.random.default_rng(seed).uniform(-1, 1, size=(8, starts))
    return np.repeat(lrs, starts), np.tile(w0, rates)


# How a network that never gets below the threshold ends, judged by its error
# over the last STALL_WINDOW updates: still falling; stalled (at that rate it
# would need more than STALL_FACTOR times the budget, or its error rose); or
# diverged (non-finite weights or error).
STILL_FALLING, STALLED, DIVERGED = -1, -2, -3
STALL_WINDOW, STALL_FACTOR = 100, 10


def counts(lr, w, updates, threshold, sequential, progress=None):
    """For each network, the first n <= updates at which E_total after n updates
    is below threshold, or how it ends if never (STILL_FALLING, STALLED,
    DIVERGED). Networks leave the batch once they get there, so the cost is
    that of the updates they need. progress(done_fraction) is called about once
    a second."""
    first = np.full(lr.shape, STILL_FALLING)
    active, w = np.arange(lr.size), tuple(w)
    marked = np.full(lr.shape, np.nan)  # E_total STALL_WINDOW updates before the end
    last = time.monotonic()
    for n in range(updates + 1):
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging network is an outcome
            w_next, err = batched.step(w, lr[active], sequential)
        if n == updates - STALL_WINDOW:
            marked[active] = err
        done = err < threshold
        first[active[done]] = n
        if done.any():
            keep = ~done
            active, w = active[keep], tuple(x[keep] for x in w_next)
        else:
            w = w_next
        if progress and time.monotonic() - last > 1:
            progress(n / updates)
            last = time.monotonic()
    final, left = err[~done], active
    with np.errstate(all="ignore"):
        # updates still needed at the rate of the last window: (E - threshold) / (dE per update)
        needed = (final - threshold) / ((marked[left] - final) / STALL_WINDOW)
    first[left[(needed < 0) | (needed > STALL_FACTOR * updates)]] = STALLED
    first[left[~np.isfinite(final) | ~np.isfinite(np.stack(w)).all(axis=0)]] = DIVERGED
    return first


def run(rates, starts, updates, threshold, quiet=False):
    """{scheme: counts reshaped (rates, starts)}, and the learning rates."""
    lr, w = grid(rates, starts)
    result = {}
    for k, (name, sequential) in enumerate([("sequential", True), ("parallel", False)]):
        def progress(done, k=k, name=name):
            print(f"\rsweep: {name} {100 * (k + done) / 2:5.1f}% of {2 * lr.size:,} networks "
                  f"x {updates:,} updates", end="", file=sys.stderr, flush=True)
        result[name] = counts(lr, w, updates, threshold, sequential,
                              None if quiet else progress).reshape(rates, starts)
    if not quiet:
        print("\r" + " " * 70 + "\r", end="", file=sys.stderr)
    return result, np.geomspace(*LR_RANGE, rates)


def summary(result):
    """Per learning rate: median count of each scheme (nan where over half fail),
    their ratio, and the fraction of starts that never reach the threshold."""
    out = {}
    for name, c in result.items():
        reached = np.where(c >= 0, c, np.nan).astype(float)
        failed = np.mean(c < 0, axis=1)
        with np.errstate(all="ignore"):
            q = np.nanpercentile(np.where(c >= 0, c, np.inf), [25, 50, 75], axis=1)
        out[name] = dict(q25=q[0], median=np.where(failed > 0.5, np.nan, q[1]), q75=q[2],
                         failed=failed, reached=reached)
    out["ratio"] = out["sequential"]["median"] / out["parallel"]["median"]
    return out


def figure(s, lrs, threshold, updates):
    fig, (top, mid, bottom) = P.plt.subplots(3, 1, figsize=(9, 10), sharex=True,
                                             height_ratios=[2.2, 1.2, 1], layout="constrained")
    for name in ("sequential", "parallel"):
        st = P.STYLE[name]
        top.plot(lrs, s[name]["median"], label=f"{name}, median", **st)
        top.fill_between(lrs, s[name]["q25"], np.minimum(s[name]["q75"], updates),
                         color=st["color"], alpha=0.15, label=f"{name}, quartiles")
        bottom.plot(lrs, 100 * s[name]["failed"], label=name, **st)
    top.set_yscale("log")
    top.set_ylabel(f"updates until E_total < {threshold:g}")
    top.set_title("Updates each scheme needs over the starting weights\n(no median where "
                  "most starts never get there: see the bottom panel)")
    P.legend(top)
    mid.plot(lrs, s["ratio"], **P.DIFF)
    mid.axhline(1, color="black", linewidth=0.6)
    mid.set_yscale("log")
    ticks = [0.5, 0.7, 1, 1.5, 2, 3, 4]
    mid.set_yticks(ticks, [f"{t:g}" for t in ticks])
    mid.minorticks_off()
    mid.set_ylabel("sequential ÷ parallel")
    mid.set_title("Ratio of the medians (below 1: sequential needs fewer updates)")
    bottom.set_ylabel("% of starts")
    bottom.set_title(f"Starts that never reach E_total < {threshold:g} within {updates:,} updates")
    bottom.set_xscale("log")
    bottom.set_xlabel("learning rate")
    P.legend(bottom)
    return fig


def outcomes(c, lrs, name):
    """A sentence on how the runs of one scheme that never reach the threshold end."""
    parts = []
    for code, what in [(STILL_FALLING, "were still falling at the end"),
                       (STALLED, "stalled"), (DIVERGED, "diverged")]:
        rows = np.flatnonzero((c == code).any(axis=1))
        if rows.size:
            parts.append(f"{(c == code).sum():,} {what} (at learning rates "
                         f"{lrs[rows.min()]:.3g} to {lrs[rows.max()]:.3g})")
    if not parts:
        return f"Every {name} run reached the threshold."
    return f"Of the {name} runs that never reached it, " + ", ".join(parts) + "."


def section(result, s, lrs, rates, starts, updates, threshold):
    ratio = s["ratio"]
    ok = np.isfinite(ratio)
    k = int(np.argmin(np.abs(lrs - 0.5)))
    faster = np.mean(ratio[ok] < 1)
    rows = [(f"{lrs[i]:.3g}", *(f"{s[n]['median'][i]:,.0f}" if np.isfinite(s[n]["median"][i])
                                else "—" for n in ("sequential", "parallel")),
             f"{ratio[i]:.4f}" if ok[i] else "—",
             f"{100 * s['sequential']['failed'][i]:.0f}%", f"{100 * s['parallel']['failed'][i]:.0f}%")
            for i in np.unique(np.linspace(0, rates - 1, 11).round().astype(int).tolist() + [k])]
    both_fail = ~ok
    clear, worse = ok & (ratio < 0.99), ok & (ratio > 1.01)
    bullets = [
        f"**Set-up:** {rates} learning rates log-spaced from {LR_RANGE[0]:g} to "
        f"{LR_RANGE[1]:g}, times {starts} seeded random starting weights (w1..w8 uniform in "
        f"[−1, 1]), both schemes, up to {updates:,} updates each: {2 * rates * starts:,} "
        f"networks. The count is the first N after which E_total < {threshold:g}: half of "
        "1e-4, the error of a network whose outputs saturate at exactly 0 and 1, which a "
        "threshold of 1e-4 would count as converged.",
        f"**The answer:** where both schemes' medians exist ({ok.sum()} of {rates} learning rates), "
        f"the sequential scheme needs fewer updates at {100 * faster:.0f}% of them, but "
        f"by little: the median ratio over those rates is {np.nanmedian(ratio):.4f}, and it "
        f"is below 0.99 (sequential at least 1% faster) at {clear.sum()} of them"
        + (f", from learning rate {lrs[clear].min():.3g} to {lrs[clear].max():.3g}"
           if clear.any() else "")
        + f"; above 1.01 (sequential at least 1% slower) at {worse.sum()}"
        + (f", from {lrs[worse].min():.3g} to {lrs[worse].max():.3g}" if worse.any() else "")
        + ". Near the top of the range it swings both ways, from " + " to ".join(
            f"{ratio[i]:.3f} (at {lrs[i]:.3g}: medians {s['sequential']['median'][i]:,.0f} "
            f"and {s['parallel']['median'][i]:,.0f} updates)"
            for i in (int(np.nanargmin(ratio)), int(np.nanargmax(ratio)))) + ".",
        f"**At the worked example's rate** (nearest grid point {lrs[k]:.3g}): sequential "
        f"{s['sequential']['median'][k]:,.0f}, parallel {s['parallel']['median'][k]:,.0f} "
        f"updates (ratio {ratio[k]:.4f}).",
        "**Where they fail:** " + (
            f"at {both_fail.sum()} learning rates (from {lrs[both_fail].min():.3g} to "
            f"{lrs[both_fail].max():.3g}) more than half of the starts of a scheme do not "
            f"reach the threshold within {updates:,} updates. "
            if both_fail.any() else "every learning rate reaches the threshold for most starts. ")
        + " ".join(outcomes(result[name], lrs, name) for name in ("sequential", "parallel")),
    ]
    text = "\n".join(f"- {b}" for b in bullets)
    table = readme.markdown_table(["Learning rate", "Sequential median", "Parallel median",
                                   "Ratio", "Sequential never", "Parallel never"], rows)
    return f"{text}\n\n![Learning-rate sweep](figures/learning_rate_sweep.png)\n\n{table}\n"


def positive_int(text):
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise cli.argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {text!r}")
    return n


def main(argv=None):
    parser = cli.Parser(description=__doc__,
                        formatter_class=cli.argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rates", type=positive_int, default=RATES, help=f"(default {RATES})")
    parser.add_argument("--starts", type=positive_int, default=STARTS, help=f"(default {STARTS})")
    parser.add_argument("--updates", type=positive_int, default=UPDATES, help=f"(default {UPDATES:,})")
    parser.add_argument("--threshold", type=cli.learning_rate, default=THRESHOLD,
                        help=f"E_total to get below, finite and positive (default {THRESHOLD:g})")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail with a diff if README.md is stale")
    args = parser.parse_args(argv)
    if (args.rates, args.starts, args.updates, args.threshold) != (RATES, STARTS, UPDATES, THRESHOLD) \
            and args.check:
        parser.error("--check compares the README with the default sweep: give no other options")
    try:
        result, lrs = run(args.rates, args.starts, args.updates, args.threshold,
                          args.quiet or args.check)
    except KeyboardInterrupt:
        print(f"\n{parser.prog}: interrupted; nothing written", file=sys.stderr)
        return 130
    s = summary(result)
    body = section(result, s, lrs, args.rates, args.starts, args.updates, args.threshold)
    default = (args.rates, args.starts, args.updates, args.threshold) == (RATES, STARTS, UPDATES, THRESHOLD)
    if args.check:
        try:
            return readme.update({"sweep": body}, check=True)
        except readme.ReadmeError as e:
            parser.exit(2, f"{parser.prog}: error: {e}\n")
    print(body)
    data = P.png_bytes(figure(s, lrs, args.threshold, args.updates))
    P.FIGURES.mkdir(exist_ok=True)
    readme.write_atomic(P.FIGURES / "learning_rate_sweep.png", data)
    print(f"wrote {P.FIGURES / 'learning_rate_sweep.png'}")
    if default:
        readme.update({"sweep": body}, check=False)
        print("README.md section sweep is up to date.")
    else:
        print("(not the default sweep: README.md left as it is)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
