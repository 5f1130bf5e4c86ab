"""Every variable of the network over 10,000 updates of both schemes:
figures/all_variables_evolution.png (sixteen panels: how far the sequential
run is from the parallel one in the error, the hidden outputs, the outputs,
all eight weights, and W1, W2 and the outputs together) and
figures/weight_trajectories.png (the eight weights of both schemes, and their
differences).
Run: python plot_all_variables.py [--out DIR]
"""
import numpy as np

from backprop import cli
from backprop import plotting as P
from backprop.network import LR, RUN_LENGTH, WEIGHT_NAMES


def weight(k):
    """values(record) of weight k of w1..w8."""
    layer, i = ("W1", k) if k < 4 else ("W2", k - 4)
    return lambda r: getattr(r, layer)[:, i // 2, i % 2]


# (title, values(record)): each panel draws values(sequential) − values(parallel)
VARIABLES = ([("E_total", lambda r: r.error),
              ("out_h1", lambda r: r.out_h[:, 0, 0]), ("out_h2", lambda r: r.out_h[:, 0, 1]),
              ("out_o1", lambda r: r.out_o[:, 0, 0]), ("out_o2", lambda r: r.out_o[:, 0, 1])]
             + [(name, weight(k)) for k, name in enumerate(WEIGHT_NAMES)])
# (title, distance(sequential record, parallel record)): how far apart the runs are
SEPARATION = [
    ("‖W1(seq) − W1(par)‖", lambda s, p: np.linalg.norm(s.W1 - p.W1, axis=(1, 2))),
    ("‖W2(seq) − W2(par)‖", lambda s, p: np.linalg.norm(s.W2 - p.W2, axis=(1, 2))),
    ("‖out_o(seq) − out_o(par)‖",
     lambda s, p: np.linalg.norm(s.out_o[:, 0] - p.out_o[:, 0], axis=1)),
]


def all_variables(records):
    fig, axes = P.grid(VARIABLES + SEPARATION, 4, figsize=(P.WIDTH, 10.5))
    # fixed margins, every edge on a whole pixel: a constrained layout of 16 axes costs
    # seconds, and an edge on a half pixel is where the renderer's snapping rounds
    fig.subplots_adjust(left=0.09, right=0.98, bottom=0.06, top=0.92, wspace=0.62, hspace=0.55)
    seq, par = records["sequential"], records["parallel"]
    for ax, (title, values) in zip(axes[:len(VARIABLES)], VARIABLES, strict=True):
        P.difference_panel(ax, records, values)
        ax.set_title(title)
    for ax, (title, values) in zip(axes[len(VARIABLES):], SEPARATION, strict=True):
        ax.plot(P.DRAWN, values(seq, par)[P.DRAWN], **P.DIFF)
        ax.set_title(title)
        ax.set_ylabel("distance")
        P.in_units(ax)
        P.log_iterations(ax)
    fig.suptitle(f"Every variable: sequential − parallel, at learning rate η = {LR:g}\n"
                 "(the values themselves overlap; the other figures show them)", fontsize=10)
    return fig


# One colour per weight of a layer, the same in both of its panels.
WEIGHT_COLOURS = ("#1f77b4", "#2ca02c", "#9467bd", "#8c564b")
# Weights whose lines coincide (w5 and w6 take nearly the same steps, as do w7 and w8,
# and in the difference panels w1 and w3, w2 and w4): the second of each pair dashed,
# on top, so that the first shows between its dashes.
SECOND = {2, 3, 5, 7}  # w3, w4, w6, w8 (0-based)
DASHED = (0, (3, 3))
COINCIDING = ((4, 5), (6, 7))  # w5 and w6, w7 and w8


def weight_style(k):
    return dict(color=WEIGHT_COLOURS[k % 4], linewidth=1.4,
                linestyle=DASHED if k in SECOND else "-")


def largest(values):
    return f"{np.max(np.abs(values)):.2g}".replace("-", "−")


def trajectories(records):
    fig = P.plt.figure(figsize=(P.WIDTH, 7), layout="constrained")
    grid = fig.add_gridspec(1, 2)
    seq, par = records["sequential"], records["parallel"]
    for column, (layer, first) in enumerate([("Hidden layer", 0), ("Output layer", 4)]):
        top, bottom = P.stacked(fig, grid[0, column], ratio=1.6)
        for k in sorted(range(first, first + 4), key=lambda k: k in SECOND):
            values = weight(k)
            top.plot(P.DRAWN, values(seq)[P.DRAWN], label=WEIGHT_NAMES[k], **weight_style(k))
            bottom.plot(P.DRAWN, (values(seq) - values(par))[P.DRAWN], label=WEIGHT_NAMES[k],
                        **weight_style(k))
        bottom.axhline(0, color="black", linewidth=0.6)
        gap = largest(np.concatenate([weight(k)(seq) - weight(k)(par)
                                      for k in range(first, first + 4)]))
        top.set_title(f"{layer}: {WEIGHT_NAMES[first]}..{WEIGHT_NAMES[first + 3]} "
                      f"(sequential; parallel within {gap})")
        top.set_ylabel("weight")
        bottom.set_ylabel(P.DIFF_LABEL)
        P.in_units(bottom)
        P.log_iterations(bottom)
        for ax in (top, bottom):
            P.legend(ax, loc="upper left", ncols=2, handlelength=2.5)
    fig.suptitle(f"The weights over {RUN_LENGTH:,} updates at learning rate η = {LR:g} "
                 "(below: sequential − parallel)\nwhere lines coincide, solid under dashed: "
                 + ", ".join(f"{WEIGHT_NAMES[a]} and {WEIGHT_NAMES[b]} within "
                             f"{largest(weight(a)(seq) - weight(b)(seq))}"
                             for a, b in COINCIDING)
                 + " (below, also w1 and w3, w2 and w4)", fontsize=10)
    return fig


def figures(records):
    return all_variables(records), trajectories(records)


def main(argv=None):
    return P.main(__doc__, "plot_all_variables", figures, argv)


if __name__ == "__main__":
    cli.run(main)
