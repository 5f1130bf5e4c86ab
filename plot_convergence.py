"""The error of both schemes over 10,000 updates: figures/simple_convergence.png
(the error, and the difference that the overlapping curves hide) and
figures/convergence_comparison.png (four panels: linear and logarithmic error,
the absolute and the relative difference).
Run: python plot_convergence.py [--out DIR]
"""

import numpy as np

import ann_numpy
import ann_numpy_original
from backprop import cli
from backprop import plotting as P
from backprop.compare import lead_segments
from backprop.network import LR, RUN_LENGTH


def error(record):
    return record.error


def simple(records):
    fig, (top, bottom) = P.plt.subplots(2, 1, figsize=(8, 6), sharex=True,
                                      height_ratios=[2, 1], layout="constrained")
    P.both(top, records, error)
    top.set_yscale("log")
    top.set_ylabel("E_total")
    top.set_title(f"Total error of both schemes at learning rate {LR:g} (the curves overlap; "
                  "their difference below)")
    P.legend(top)
    P.difference(bottom, records, error, "E_total(sequential) − E_total(parallel)")
    bottom.set_yscale("symlog", linthresh=1e-9)
    bottom.set_ylabel("difference")
    bottom.set_title("Their difference: " + ", ".join(
        f"{leader} lower after updates {a:,}–{b:,} "
        f"({'above' if leader == 'parallel' else 'below'} 0)"
        for a, b, leader in lead_segments(records["sequential"], records["parallel"])))
    P.legend(bottom, loc="lower left")
    P.log_iterations(bottom)
    return fig


def comparison(records):
    fig, axes = P.plt.subplots(2, 2, figsize=(11, 7.5), layout="constrained")
    (lin, log), (absdiff, rel) = axes
    P.both(lin, records, error)
    lin.set_xlim(0, 500)
    lin.set_xlabel(P.X_LABEL)
    lin.set_title("Error, linear axes, first 500 updates")
    lin.set_ylabel("E_total")
    P.legend(lin)

    P.both(log, records, error)
    log.set_yscale("log")
    P.log_iterations(log)
    log.set_title(f"Error, logarithmic axes, all {RUN_LENGTH:,} updates (difference below)")
    log.set_ylabel("E_total")
    P.legend(log)

    seq, par = records["sequential"], records["parallel"]
    n = P.DRAWN
    diff = (par.error - seq.error)[n]
    for mask, label, color in [(diff > 0, "sequential lower", P.STYLE["sequential"]["color"]),
                               (diff < 0, "parallel lower", P.STYLE["parallel"]["color"])]:
        absdiff.plot(n[mask], np.abs(diff[mask]), ".", markersize=2.5, color=color, label=label)
    absdiff.set_yscale("log")
    P.log_iterations(absdiff)
    absdiff.set_title("|E_total(parallel) − E_total(sequential)|, coloured by the scheme ahead")
    absdiff.set_ylabel("absolute difference")
    P.legend(absdiff, markerscale=4)

    with np.errstate(invalid="ignore", divide="ignore"):
        rel.plot(n, 100 * diff / par.error[n], **P.DIFF)
    rel.axhline(0, color="black", linewidth=0.6)
    P.log_iterations(rel)
    rel.set_title("How much lower the sequential error is, in % of the parallel error")
    rel.set_ylabel("(E_par − E_seq) / E_par  (%)")
    return fig


def figures(records):
    return simple(records), comparison(records)


def main(argv=None):
    return P.main(__doc__, "plot_convergence", figures,
                  (ann_numpy.train, ann_numpy_original.train), argv)


if __name__ == "__main__":
    cli.run(main)
