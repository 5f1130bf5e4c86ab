"""Every variable of the network over 10,000 updates of both schemes:
figures/all_variables_evolution.png (sixteen panels: error, hidden outputs,
outputs, all eight weights, and how far apart the schemes' W1, W2 and outputs
are) and figures/weight_trajectories_3d.png (the weights' paths in 3D).
Run: python plot_all_variables.py [--out DIR]
"""
import numpy as np

import ann_numpy
import ann_numpy_original
from backprop import cli
from backprop import plotting as P
from backprop.network import LR, RUN_LENGTH, WEIGHT_NAMES

CHECKPOINTS = (0, 100, 1_000, RUN_LENGTH)


def overlaid():
    """(title, values(record)) for the panels drawn per scheme."""
    panels = [("E_total", lambda r: r.error),
              ("out_h1", lambda r: r.out_h[:, 0, 0]), ("out_h2", lambda r: r.out_h[:, 0, 1]),
              ("out_o1", lambda r: r.out_o[:, 0, 0]), ("out_o2", lambda r: r.out_o[:, 0, 1])]
    for k, name in enumerate(WEIGHT_NAMES):
        layer, index = ("W1", k) if k < 4 else ("W2", k - 4)
        panels.append((name, lambda r, layer=layer, i=index:
                       getattr(r, layer)[:, i // 2, i % 2]))
    return panels


SEPARATION = [  # how far apart the two schemes are
    ("‖W1(seq) − W1(par)‖", lambda s, p: np.linalg.norm(s.W1 - p.W1, axis=(1, 2))),
    ("‖W2(seq) − W2(par)‖", lambda s, p: np.linalg.norm(s.W2 - p.W2, axis=(1, 2))),
    ("‖out_o(seq) − out_o(par)‖",
     lambda s, p: np.linalg.norm(s.out_o[:, 0] - p.out_o[:, 0], axis=1)),
]


def all_variables(records):
    drawn, separations = overlaid(), SEPARATION
    fig, axes = P.grid(drawn + separations, 4, figsize=(16, 13))
    # fixed margins: a constrained layout of 29 axes costs seconds. Every edge on a whole
    # pixel: one on a half pixel (0.075 x 1300 = 97.5) is where the renderer's snapping
    # rounds, and the last bits of a log axis's limits then decide the side.
    fig.subplots_adjust(left=0.04, right=0.955, bottom=0.07, top=0.94, wspace=0.42, hspace=0.38)
    seq, par = records["sequential"], records["parallel"]
    for ax, (title, values) in zip(axes[:len(drawn)], drawn, strict=True):
        lines = P.both_and_difference(ax, records, values, with_legend=False)
        ax.set_title(f"{title} (grey, right axis: sequential − parallel)")
        if title == "E_total":
            ax.set_yscale("log")
        P.log_iterations(ax)
    for ax, (title, values) in zip(axes[len(drawn):], separations, strict=True):
        n = P.DRAWN[1:]  # the schemes are equal at iteration 0
        ax.plot(n, values(seq, par)[n], **P.DIFF)
        ax.set_yscale("log")
        ax.set_title(title)
        P.log_iterations(ax)
    fig.suptitle(f"All variables of both schemes at learning rate {LR:g} (the schemes' curves "
                 "overlap; grey, on the right axis, their difference)", fontsize=11)
    fig.legend(lines, [line.get_label() for line in lines], loc="lower center", ncols=3)
    return fig


def trajectories(records):
    fig = P.plt.figure(figsize=(12, 10), layout="constrained")
    for k, (layer, idx) in enumerate([("Hidden layer", (0, 1, 2)), ("Output layer", (4, 5, 6))]):
        names = ", ".join(WEIGHT_NAMES[i] for i in idx)
        paths = {name: np.concatenate([r.W1.reshape(-1, 4), r.W2.reshape(-1, 4)], axis=1)[:, idx]
                 for name, r in records.items()}
        path_ax = fig.add_subplot(2, 2, k + 1, projection="3d")
        for name, path in paths.items():
            path_ax.plot(*path.T, label=name, **P.STYLE[name])
        diff_ax = fig.add_subplot(2, 2, k + 3, projection="3d")
        diff_ax.plot(*(paths["sequential"] - paths["parallel"]).T, **P.DIFF)
        for ax, path in [(path_ax, paths["sequential"]),
                         (diff_ax, paths["sequential"] - paths["parallel"])]:
            marks = path[list(CHECKPOINTS)]
            ax.scatter(*marks.T, color="black", s=12)
            for n, point in zip(CHECKPOINTS, marks):
                ax.text(*point, f"  N={n:,}", fontsize=7)
            ax.set_xlabel(WEIGHT_NAMES[idx[0]])
            ax.set_ylabel(WEIGHT_NAMES[idx[1]])
            ax.set_zlabel(WEIGHT_NAMES[idx[2]])
            ax.tick_params(labelsize=7)
        path_ax.set_title(f"{layer}: the path of ({names}); the schemes overlap")
        path_ax.legend(loc="upper left")
        diff_ax.set_title(f"{layer}: sequential − parallel in ({names})")
    fig.suptitle(f"Paths of the weights over {RUN_LENGTH:,} updates at learning rate {LR:g} "
                 "(dots at N = "
                 + ", ".join(f"{n:,}" for n in CHECKPOINTS) + ")", fontsize=11)
    return fig


def figures(records):
    return all_variables(records), trajectories(records)


def main(argv=None):
    return P.main(__doc__, "plot_all_variables", figures,
                  (ann_numpy.train, ann_numpy_original.train), argv)


if __name__ == "__main__":
    cli.run(main)
