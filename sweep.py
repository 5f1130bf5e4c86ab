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

RATES, STARTS, UPDATES, THRESHOLD, SEED = 100, 20, 10_000, 1e-4, 2026
LR_RANGE = (0.01, 100.0)


def grid(rates, starts, seed=SEED):
    """Learning rates (log-spaced over LR_RANGE) crossed with starting weights
    (w1..w8 uniform in [-1, 1], seeded): arrays lr (N,), w (8, N), N = rates * starts."""
    lrs = np.geomspace(*LR_RANGE, rates)
    w0 = np.random.default_rng(seed).uniform(-1, 1, size=(8, starts))
    return np.repeat(lrs, starts), np.tile(w0, rates)


def counts(lr, w, updates, threshold, sequential, progress=None):
    """Updates each network needs to get E_total below threshold; -1 if never.
    progress(done_fraction) is called about once a second."""
    first = np.full(lr.shape, -1)
    w = tuple(w)
    last = time.monotonic()
    for n in range(updates + 1):
        w_next, err = batched.step(w, lr, sequential)
        first[(first < 0) & (err < threshold)] = n
        w = w_next
        if progress and time.monotonic() - last > 1:
            progress(n / updates)
            last = time.monotonic()
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
    top.set_title("Updates each scheme needs, over the starting weights")
    P.legend(top)
    mid.plot(lrs, s["ratio"], **P.DIFF)
    mid.axhline(1, color="black", linewidth=0.6)
    mid.set_ylabel("sequential ÷ parallel")
    mid.set_title("Ratio of the medians (below 1: sequential needs fewer updates)")
    bottom.set_ylabel("% of starts")
    bottom.set_title(f"Starts that never reach E_total < {threshold:g} within {updates:,} updates")
    bottom.set_xscale("log")
    bottom.set_xlabel("learning rate")
    P.legend(bottom)
    return fig


def section(s, lrs, rates, starts, updates, threshold):
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
    text = (f"{rates} learning rates log-spaced from {LR_RANGE[0]:g} to {LR_RANGE[1]:g}, times "
            f"{starts} seeded random starting weights (uniform in [−1, 1]), both schemes, up to "
            f"{updates:,} updates each ({2 * rates * starts:,} networks, written by "
            f"`python sweep.py`). Where both medians exist ({ok.sum()} of {rates} learning "
            f"rates), the sequential scheme needs fewer updates at {100 * faster:.0f}% of them; "
            f"the ratio of the medians lies between {np.nanmin(ratio):.3f} and "
            f"{np.nanmax(ratio):.3f}. Nearest the worked example's rate ({lrs[k]:.3g}): "
            f"sequential {s['sequential']['median'][k]:,.0f}, parallel "
            f"{s['parallel']['median'][k]:,.0f} updates (ratio {ratio[k]:.4f}). "
            + (f"At {both_fail.sum()} learning rates (from {lrs[both_fail].min():.3g} to "
               f"{lrs[both_fail].max():.3g}) more than half of the starts of a scheme do not "
               f"reach the threshold within {updates:,} updates."
               if both_fail.any() else "Every learning rate reaches the threshold for most starts."))
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
    body = section(s, lrs, args.rates, args.starts, args.updates, args.threshold)
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
