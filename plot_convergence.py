"""The error of both schemes over 10,000 updates: figures/simple_convergence.png
(the error, and the difference that the overlapping curves hide) and
figures/convergence_comparison.png (four panels: linear and logarithmic error,
the absolute and the relative difference).
Run: python plot_convergence.py [--out DIR]
"""

import numpy as np

from backprop import cli
from backprop import plotting as P
from backprop.compare import lead_segments
from backprop.network import LR


def error(record):
    return record.error


# A lead whose largest difference is below this share of the largest difference
# of the run is too thin to see on the linear difference axis: the figure says so.
UNSEEN = 0.02


def segments_text(records, values):
    """'parallel lower after updates 1–4 (by ≤ 2.3e−7, ...)', of each lead."""
    seq, par = records["sequential"], records["parallel"]
    diff = np.abs(values(seq) - values(par))
    parts = []
    for a, b, leader in lead_segments(seq, par):
        largest = diff[a:b + 1].max()
        after = "after" if parts else "after updates"
        parts.append(f"{leader} lower {after} {a:,}–{b:,} "
                     f"(by ≤ {largest:.2g}"
                     + (", too little to see here" if largest < UNSEEN * diff.max() else "")
                     + ")")
    return "; ".join(parts).replace("e-0", "e−")


def simple(records):
    fig, (top, bottom) = P.plt.subplots(2, 1, figsize=(P.WIDTH, 6), sharex=True,
                                      height_ratios=[2, 1], layout="constrained")
    P.both(top, records, error)
    top.set_yscale("log")
    top.set_ylabel("E_total")
    top.set_title(f"Total error of both schemes at learning rate η = {LR:g} "
                  "(the curves overlap; their difference below)")
    P.legend(top, loc="lower left")
    P.difference(bottom, records, error, "E_total(sequential) − E_total(parallel)")
    bottom.set_ylabel(P.DIFF_LABEL)
    P.in_units(bottom)
    bottom.set_title("E_total(sequential) − E_total(parallel), on a linear axis:\n"
                     + segments_text(records, error))
    P.log_iterations(bottom)
    return fig


def by_leader(ax, n, diff):
    """|diff| at iterations n on a logarithmic axis, coloured by the scheme ahead
    (diff < 0: sequential lower)."""
    for mask, label, color in [(diff < 0, "sequential lower", P.STYLE["sequential"]["color"]),
                               (diff > 0, "parallel lower", P.STYLE["parallel"]["color"])]:
        ax.plot(n[mask], np.abs(diff[mask]), "o", markersize=3, color=color, label=label)
    ax.set_yscale("log")
    P.log_iterations(ax)


def comparison(records):
    fig = P.plt.figure(figsize=(P.WIDTH, 7.5), layout="constrained")
    grid = fig.add_gridspec(2, 2)
    lin = fig.add_subplot(grid[0, :])
    P.both(lin, records, error)
    lin.set_xlim(0, 500)
    lin.set_xlabel(P.X_LABEL)
    lin.set_title("Error on linear axes, the first 500 updates (the curves overlap)")
    lin.set_ylabel("E_total")
    P.legend(lin)

    seq, par = records["sequential"], records["parallel"]
    n = P.DRAWN[1:]  # the schemes are equal at iteration 0
    diff = (seq.error - par.error)[n]
    absdiff = fig.add_subplot(grid[1, 0])
    by_leader(absdiff, n, diff)
    absdiff.set_title("|sequential − parallel|, by the scheme ahead")
    absdiff.set_ylabel("|E_total difference|")
    P.legend(absdiff, loc="upper right")

    rel = fig.add_subplot(grid[1, 1], sharey=None)
    by_leader(rel, n, 100 * diff / par.error[n])
    rel.set_title("|sequential − parallel| / parallel, by the scheme ahead")
    rel.set_ylabel("% of the parallel E_total")
    P.legend(rel, loc="lower right")
    return fig


def figures(records):
    return simple(records), comparison(records)


def main(argv=None):
    return P.main(__doc__, "plot_convergence", figures, argv)


if __name__ == "__main__":
    cli.run(main)
