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


# The difference axis of simple_convergence: symmetric-logarithmic, linear within
# +-LINEAR (where a logarithm cannot show 0), with ticks only at these powers.
LINEAR = 1e-9
DIFF_TICKS = [-1e-5, -1e-7, -LINEAR, 0, LINEAR, 1e-7]


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
    bottom.set_yscale("symlog", linthresh=LINEAR)
    bottom.set_yticks(DIFF_TICKS)
    bottom.set_ylabel(f"{P.DIFF_LABEL} (linear\nwithin ±{LINEAR:g})")
    bottom.set_title("E_total(sequential) − E_total(parallel): " + ", ".join(
        f"{leader} lower after updates {a:,}–{b:,}"
        for a, b, leader in lead_segments(records["sequential"], records["parallel"])))
    P.log_iterations(bottom)
    return fig


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
    for mask, label, color in [(diff < 0, "sequential lower", P.STYLE["sequential"]["color"]),
                               (diff > 0, "parallel lower", P.STYLE["parallel"]["color"])]:
        absdiff.plot(n[mask], np.abs(diff[mask]), "o", markersize=3, color=color, label=label)
    absdiff.set_yscale("log")
    P.log_iterations(absdiff)
    absdiff.set_title("|sequential − parallel|, by the scheme ahead")
    absdiff.set_ylabel("|E_total difference|")
    P.legend(absdiff, loc="lower center")

    rel = fig.add_subplot(grid[1, 1])
    rel.plot(n, 100 * diff / par.error[n], **P.DIFF)
    rel.axhline(0, color="black", linewidth=0.6)
    rel.set_yscale("symlog", linthresh=RELATIVE_LINEAR)
    rel.set_yticks(RELATIVE_TICKS)
    P.log_iterations(rel)
    rel.set_title("(sequential − parallel) / parallel")
    rel.set_ylabel(f"% (linear within ±{RELATIVE_LINEAR:g}%)")
    return fig


# The relative difference's axis: it is -5e-5 % after update 1 and +0.05 % at the end.
RELATIVE_LINEAR = 1e-5
RELATIVE_TICKS = [-1e-2, -1e-4, 0, 1e-4, 1e-2]


def figures(records):
    return simple(records), comparison(records)


def main(argv=None):
    return P.main(__doc__, "plot_convergence", figures, argv)


if __name__ == "__main__":
    cli.run(main)
