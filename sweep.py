"""Is sequential really better? Both schemes over a grid of learning rates and
seeded random starting weights, on the batched engine (backprop/batched.py).

For each learning rate: how many updates each scheme needs to bring E_total
below a threshold (median and quartiles over the starting points), their
ratio, and how often a scheme never gets there within the budget.
Run: python sweep.py [--rates N] [--starts N] [--updates N] [--threshold E]
[--out DIR] [--quiet] [--check]. The default sweep writes
figures/learning_rate_sweep.png and the section `sweep` of docs/sweeps.md; --check
writes nothing and fails when the page or the figure is stale. Ctrl-C stops it; it says what
it has written (nothing, until the sweep is done).
"""
from pathlib import Path

import numpy as np

from backprop import cli, progress, readme
from backprop.convergence import (  # noqa: F401  (sweep.X: the names tests use)
    BAND, BOOTSTRAP, BOOTSTRAP_SEED, DIVERGED, STALL_FACTOR, STALL_WINDOW, STALLED,
    STILL_FALLING, THRESHOLD, bootstrap_ratio, counts, ratio_of, summary,
    worked_example_networks)
from backprop.files import FIGURES, FOLDER
from backprop.network import LR
from backprop.schemes import SCHEMES

RATES, STARTS, UPDATES, SEED = 200, 50, 10_000, 2026
SECTIONS = ("sweep", "sweep-answer")
# What fits: a network takes about 0.5 KB while it trains, so a million take
# about half a GiB, and an update of a million networks about 30 ms.
MAX_NETWORKS, MAX_UPDATES = 1_000_000, 1_000_000
LR_RANGE = (0.01, 100.0)
(FIGURE,) = FIGURES["sweep"]


def grid(rates, starts, seed=SEED):
    """Learning rates (log-spaced over LR_RANGE) crossed with starting weights
    (w1..w8 uniform in [-1, 1], seeded): the rates (rates,), and per network
    lr (N,) and w (8, N), N = rates * starts."""
    lrs = np.geomspace(*LR_RANGE, rates)
    w0 = np.random.default_rng(seed).uniform(-1, 1, size=(8, starts))
    return lrs, np.repeat(lrs, starts), np.tile(w0, rates)


def run(rates, starts, updates, threshold, quiet=False):
    """{scheme: counts reshaped (rates, starts)}, and the learning rates. Unless
    `quiet`, a progress bar on standard error where that is a terminal."""
    lrs, lr, w = grid(rates, starts)
    result = {}
    with progress.Bar("sweep (sequential, then parallel)", 2 * updates,
                      f"updates of {lr.size:,} networks", quiet=quiet) as bar:
        for k, (name, sequential) in enumerate([("sequential", True), ("parallel", False)]):
            def shown(done, k=k):
                bar.show(round((k + done) * updates))
            result[name] = counts(lr, w, updates, threshold, sequential,
                                  shown).reshape(rates, starts)
    return result, lrs


def one_update(result, lrs):
    """The learning rates (lowest, highest) at which a quarter or more of a
    scheme's starts reach the threshold after a single update, or None."""
    mask = np.any([np.mean(c == 1, axis=1) >= 0.25 for c in result.values()], axis=0)
    return (lrs[mask].min(), lrs[mask].max()) if mask.any() else None


def figure(result, s, lrs, threshold, updates):
    """The figure as PNG bytes. matplotlib is imported here, not for --help."""
    from backprop import plotting as P

    return P.png_bytes(draw(result, s, lrs, threshold, updates))


def draw(result, s, lrs, threshold, updates):
    """The figure (matplotlib's): the updates each scheme needs, their ratio,
    the starts that do not get there."""
    from backprop import plotting as P

    fig, (top, mid, bottom) = P.plt.subplots(3, 1, figsize=(P.WIDTH, 10.5), sharex=True,
                                             height_ratios=[2.2, 1.3, 1], layout="constrained")
    for name in SCHEMES:
        st = P.STYLE[name]
        top.plot(lrs, s[name]["median"], label=f"{name}, median", **st)
        top.fill_between(lrs, s[name]["q25"], np.minimum(s[name]["q75"], updates),
                         color=st["color"], alpha=0.15, label=f"{name}, quartiles")
        bottom.plot(lrs, 100 * s[name]["failed"], label=name, **st)
    for ax in (top, mid, bottom):
        ax.axvline(LR, color="black", linestyle=":", linewidth=1.2,
                   label=f"the worked example's η = {LR:g}")
    if np.isfinite(s["sequential"]["median"]).any() or np.isfinite(s["parallel"]["median"]).any():
        top.set_yscale("log")
    top.set_ylabel(f"updates until E_total < {threshold:g}")
    top.set_title("Updates each scheme needs, over the starting weights (no median where most "
                  "starts\ndo not get there within the budget of "
                  f"{updates:,} updates: see the bottom panel)")
    single = one_update(result, lrs)
    if single is not None:
        top.text(0.99, 0.02, f"lower quartile 1 from η = {single[0]:.3g} to {single[1]:.3g}: "
                 "there a quarter of the starts\nor more get there in a single update",
                 transform=top.transAxes, ha="right", va="bottom", fontsize=8)
    P.legend(top, loc="upper left")
    # where no start of either scheme gets there: nothing to draw above, so say it
    none = np.all([s[name]["failed"] == 1 for name in SCHEMES], axis=0)
    edges = np.sqrt(lrs[1:] * lrs[:-1])  # half way between grid points, on the log axis
    edges = np.concatenate([[lrs[0] ** 2 / edges[0]], edges, [lrs[-1] ** 2 / edges[-1]]])
    runs = np.flatnonzero(np.diff(np.concatenate([[0], none.astype(int), [0]])))
    for a, b in zip(runs[::2], runs[1::2]):
        for ax in (top, mid):
            ax.axvspan(edges[a], edges[b], color="#bbbbbb", alpha=0.3, linewidth=0)
            ax.text(np.sqrt(edges[a] * edges[b]), 0.5,
                    f"no start of either scheme\nreaches E_total < {threshold:g}\n"
                    f"within {updates:,} updates", transform=ax.get_xaxis_transform(),
                    ha="center", va="center", fontsize=8)
    low, high = bootstrap_ratio(result)
    mid.fill_between(lrs, low, high, color=P.DIFF["color"], alpha=0.2, linewidth=0,
                     label=f"{BAND[1] - BAND[0]:g}% band: the starts resampled {BOOTSTRAP} times")
    mid.plot(lrs, s["ratio"], label="ratio of the medians", **P.DIFF)
    mid.axhline(1, color="black", linewidth=0.6)
    if np.isfinite(s["ratio"]).any():  # a log axis needs data
        mid.set_yscale("log")
        ticks = [0.25, 0.5, 1, 2, 4, 8]
        mid.set_yticks(ticks, [f"{t:g}" for t in ticks])
        mid.set_ylim(ticks[0], ticks[-1])
        mid.minorticks_off()
        # the band reaches beyond where too few starts get there: it is cut, and marked
        P.cut_note(mid, P.cut_band(mid, lrs, low, high, (ticks[0], ticks[-1]),
                                   P.DIFF["color"]))
    mid.set_ylabel("sequential ÷ parallel")
    mid.set_title("Ratio of the medians (below 1: sequential needs fewer updates)")
    P.legend(mid, loc="upper left")
    bottom.set_ylabel("% of starts")
    bottom.set_title(f"Starts that do not reach E_total < {threshold:g} within the budget of "
                     f"{updates:,} updates (\"never\" in the table)")
    bottom.set_xscale("log")
    bottom.set_xlabel("learning rate η")
    P.legend(bottom, loc="center left")
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


def count(x):
    """A median count of updates, or a dash where there is none."""
    return f"{x:,.0f}" if np.isfinite(x) else "—"


def ratio_text(x):
    return f"{x:.4f}" if np.isfinite(x) else "—"


def answer(s, lrs):
    """The sentence that answers the question, from the ratios of the medians."""
    ratio = s["ratio"]
    ok = np.isfinite(ratio)
    if not ok.any():
        return ("no learning rate has a median for both schemes: at every one, more than "
                "half of the starts of a scheme never reach the threshold.")
    faster, slower = ok & (ratio < 0.99), ok & (ratio > 1.01)

    def where(mask):
        return (f", lying between {lrs[mask].min():.3g} and {lrs[mask].max():.3g}"
                if mask.any() else "")

    extremes = " and ".join(
        f"{ratio[i]:.3f} (at {lrs[i]:.3g}: medians {count(s['sequential']['median'][i])} and "
        f"{count(s['parallel']['median'][i])} updates)"
        for i in (int(np.nanargmin(ratio)), int(np.nanargmax(ratio))))
    return (f"at {ok.sum()} of the {len(lrs)} learning rates, both schemes have a median "
            f"count (more than half of their starts get there). At "
            f"{100 * np.mean(ratio[ok] < 1):.0f}% of those, the sequential scheme needs fewer "
            f"updates. The ratio sequential ÷ parallel of the medians has a median of "
            f"{np.nanmedian(ratio):.4f} over those rates. It is below 0.99 (sequential at "
            f"least 1% faster) at {faster.sum()} of the {len(lrs)} rates{where(faster)}. It is "
            f"above 1.01 (sequential at least 1% slower) at {slower.sum()}{where(slower)}. "
            f"The extremes are {extremes}.")


def section(result, s, lrs, rates, starts, updates, threshold):
    ratio = s["ratio"]
    k = int(np.argmin(np.abs(np.log(lrs / LR))))  # the grid point nearest the example's
    failing = ~np.isfinite(ratio)
    bullets = [
        f"**Set-up:** both schemes train {2 * rates * starts:,} networks: {rates} learning "
        f"rates, log-spaced from {LR_RANGE[0]:g} to {LR_RANGE[1]:g}, times {starts} seeded "
        f"random starts (w1..w8 uniform in [−1, 1]). Each network gets at most {updates:,} "
        "updates: the budget.",
        f"**What is counted:** the first N after which E_total < {threshold:g}."
        + (" That is half of 1e-4, the error of a network whose outputs saturate at exactly "
           "0 and 1: a threshold of 1e-4 would count such a network as converged."
           if threshold == THRESHOLD else ""),
        "**The answer:** " + answer(s, lrs),
        f"**At the worked example's rate** (nearest grid point {lrs[k]:.3g}): sequential "
        f"{count(s['sequential']['median'][k])}, parallel {count(s['parallel']['median'][k])} "
        f"updates (ratio {ratio_text(ratio[k])}).",
        "**Where a scheme does not get there within the budget** (\"never\" in the table): " + (
            f"at {failing.sum()} learning rates, from {lrs[failing].min():.3g} to "
            f"{lrs[failing].max():.3g}, more than half of a scheme's starts do not reach the "
            f"threshold within {updates:,} updates. "
            if failing.any() else "at every learning rate most starts reach the threshold. ")
        + " ".join(outcomes(result[name], lrs, name) for name in SCHEMES),
    ]
    rows = [(f"{lrs[i]:.3g}", count(s["sequential"]["median"][i]),
             count(s["parallel"]["median"][i]),
             ratio_text(ratio[i]),
             f"{100 * s['sequential']['failed'][i]:.0f}%",
             f"{100 * s['parallel']['failed'][i]:.0f}%")
            for i in np.unique(np.linspace(0, rates - 1, 11).round().astype(int).tolist() + [k])]
    table = readme.markdown_table(["Learning rate", "Sequential median", "Parallel median",
                                   "Ratio", "Sequential never", "Parallel never"], rows)
    text = "\n".join(f"- {b}" for b in bullets)
    return f"{text}\n\n![Learning-rate sweep]({readme.figure_path('sweep', FIGURE)})\n\n{table}\n"


def parse_args(argv):
    parser = cli.Parser(description=__doc__, formatter_class=cli.RAW)
    networks = cli.count(1, MAX_NETWORKS)
    parser.add_argument("--rates", type=networks, default=RATES, metavar="N",
                        help=f"learning rates, log-spaced from {LR_RANGE[0]:g} to "
                             f"{LR_RANGE[1]:g} (default {RATES})")
    parser.add_argument("--starts", type=networks, default=STARTS, metavar="N",
                        help=f"seeded random starting weights per rate (default {STARTS}); "
                             f"rates times starts at most {MAX_NETWORKS:,} networks, about "
                             "0.5 KB each")
    parser.add_argument("--updates", type=cli.count(1, MAX_UPDATES), default=UPDATES, metavar="N",
                        help=f"the most updates a network gets, at most {MAX_UPDATES:,} "
                             f"(default {UPDATES:,})")
    parser.add_argument("--threshold", type=lambda text: cli.positive_number(text, high=1.0),
                        default=THRESHOLD, metavar="E",
                        help=f"E_total to get below, above 0 and at most 1, the largest error "
                             f"two outputs can have (default {THRESHOLD:g})")
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="folder for the figure (default: figures/ for the default sweep; "
                             "another sweep writes a figure only where this says)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--check", action="store_true",
                        help=f"write nothing; fail with a diff if a page "
                             f"({readme.where(SECTIONS)}) or the figure is stale")
    args = parser.parse_args(argv)
    if args.rates * args.starts > MAX_NETWORKS:
        parser.error(f"--rates times --starts is {args.rates * args.starts:,} networks; at most "
                     f"{MAX_NETWORKS:,} fit")
    args.default = (args.rates, args.starts, args.updates, args.threshold) == \
        (RATES, STARTS, UPDATES, THRESHOLD)
    if args.check and not args.default:
        parser.error("--check compares the page with the default sweep: give no other options")
    if args.out is None and args.default:
        args.out = FOLDER
    return parser, args


def default_run():
    """run() of the default sweep, quietly: what regenerate.py computes beside the rest."""
    return run(RATES, STARTS, UPDATES, THRESHOLD, quiet=True)


def main(argv=None, computed=None):
    """The command line; `computed`: default_run(), done already (by regenerate.py)."""
    parser, args = parse_args(argv)
    try:
        if args.default:
            readme.check_markers(SECTIONS)
    except readme.ReadmeError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    if computed is None:
        computed = run(args.rates, args.starts, args.updates, args.threshold,
                       args.quiet or args.check)
    result, lrs = computed
    s = summary(result)
    body = section(result, s, lrs, args.rates, args.starts, args.updates, args.threshold)
    # the answer also in the README, where the result is summed up
    bodies = {"sweep": body, "sweep-answer": f"Over {args.rates} learning rates × "
              f"{args.starts} starts: {answer(s, lrs)}"}
    return readme.publish(parser, args, bodies, FIGURE,
                          lambda: figure(result, s, lrs, args.threshold, args.updates),
                          f"Not the default sweep: {readme.where(SECTIONS)} left as it is.")


if __name__ == "__main__":
    cli.run(main)
