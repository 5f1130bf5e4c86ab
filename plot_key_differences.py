"""Nine panels on where the two schemes differ: figures/key_differences.png.

Error; each output against its target; the norms of W1 and W2; the cumulative
weight change; the gradient norms of both layers; the distance from the target.
Where the two schemes' curves overlap, the panel also or instead shows their difference.
Run: python plot_key_differences.py [--out DIR]
"""
import numpy as np

import ann_numpy
import ann_numpy_original
from backprop import cli
from backprop import plotting as P
from backprop.network import LR, T


def cumulative_change(record):
    """Sum over updates of the Frobenius norm of the change in all weights."""
    steps = np.sqrt(np.sum(np.diff(record.W1, axis=0) ** 2, axis=(1, 2))
                    + np.sum(np.diff(record.W2, axis=0) ** 2, axis=(1, 2)))
    return np.concatenate([[0.0], np.cumsum(steps)])


PANELS = [  # (title, y label, values(record), scale, how: "both", "difference" or "overlay")
    ("Total error, and the difference", "E_total", lambda r: r.error, "log", "overlay"),
    ("|out_o1 − 0.01|, and the difference", "distance of out_o1 from its target",
     lambda r: np.abs(r.out_o[:, 0, 0] - T[0]), "log", "overlay"),
    ("|out_o2 − 0.99|, and the difference", "distance of out_o2 from its target",
     lambda r: np.abs(r.out_o[:, 0, 1] - T[1]), "log", "overlay"),
    ("‖W1‖: sequential − parallel", "difference of Frobenius norms",
     lambda r: np.linalg.norm(r.W1, axis=(1, 2)), "linear", "difference"),
    ("‖W2‖: sequential − parallel", "difference of Frobenius norms",
     lambda r: np.linalg.norm(r.W2, axis=(1, 2)), "linear", "difference"),
    ("Cumulative weight change Σ‖ΔW‖: sequential − parallel", "difference",
     cumulative_change, "linear", "difference"),
    ("Hidden-layer step ‖dW1‖ (gradient for parallel)", "norm",
     lambda r: np.linalg.norm(r.grad_W1, axis=(1, 2)), "log", "both"),
    ("‖dW2‖: sequential − parallel", "difference of norms",
     lambda r: np.linalg.norm(r.grad_W2, axis=(1, 2)), "linear", "difference"),
    ("Distance ‖out_o − target‖: sequential − parallel",
     "difference of Euclidean distances", lambda r: np.linalg.norm(r.out_o[:, 0] - T, axis=1),
     "linear", "difference"),
]


def key_differences(records):
    fig, axes = P.grid(PANELS, 3, figsize=(13, 10))
    # fixed margins: a constrained layout of these axes costs seconds; outer edges on
    # whole pixels (see plot_all_variables.py)
    fig.subplots_adjust(left=0.06, right=0.95, bottom=0.06, top=0.93, wspace=0.38, hspace=0.36)
    for ax, (title, ylabel, values, scale, how) in zip(axes, PANELS, strict=True):
        if how == "overlay":
            P.both_and_difference(ax, records, values)
        elif how == "difference":
            P.difference(ax, records, values)
            P.legend(ax)
        else:
            P.both(ax, records, values)
            P.legend(ax)
        ax.set_yscale(scale)
        ax.set_title(title)
        ax.set_ylabel(ylabel)
        P.log_iterations(ax)
    fig.suptitle(f"Sequential against parallel updates at learning rate {LR:g}; every "
                 "difference is sequential − parallel", fontsize=10)
    return fig


def figures(records):
    return (key_differences(records),)


def main(argv=None):
    return P.main(__doc__, "plot_key_differences", figures,
                  (ann_numpy.train, ann_numpy_original.train), argv)


if __name__ == "__main__":
    cli.run(main)
