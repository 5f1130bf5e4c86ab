"""Nine panels on where the two schemes differ: figures/key_differences.png.

Error; each output against its target; the norms of W1 and W2; the cumulative
weight change; the gradient norms of both layers; the distance from the target.
Where the two schemes' curves overlap, the panel shows their difference, below
the values or instead of them.
Run: python plot_key_differences.py [--out DIR]
"""
import numpy as np

from backprop import cli
from backprop import plotting as P
from backprop.network import LR, T


def cumulative_change(record):
    """Sum over updates of the Frobenius norm of the change in all weights."""
    steps = np.sqrt(np.sum(np.diff(record.W1, axis=0) ** 2, axis=(1, 2))
                    + np.sum(np.diff(record.W2, axis=0) ** 2, axis=(1, 2)))
    return np.concatenate([[0.0], np.cumsum(steps)])


# Panels whose two curves overlap: both schemes' values, their difference stacked below.
# (title, y label, values(record), scale)
STACKED = [
    ("Total error", "E_total", lambda r: r.error, "log"),
    ("Output o1: |out_o1 − 0.01|", "distance from target",
     lambda r: np.abs(r.out_o[:, 0, 0] - T[0]), "log"),
    ("Output o2: |out_o2 − 0.99|", "distance from target",
     lambda r: np.abs(r.out_o[:, 0, 1] - T[1]), "log"),
]
# Panels of one axis: (title, y label, values(record), scale, how: "difference" or "both")
SINGLE = [
    ("‖W1‖ (Frobenius norm)", P.DIFF_LABEL, lambda r: np.linalg.norm(r.W1, axis=(1, 2)), "linear",
     "difference"),
    ("‖W2‖ (Frobenius norm)", P.DIFF_LABEL, lambda r: np.linalg.norm(r.W2, axis=(1, 2)), "linear",
     "difference"),
    ("Cumulative change Σ‖ΔW‖", P.DIFF_LABEL, cumulative_change, "linear", "difference"),
    ("Hidden-layer step ‖dW1‖ / η", "norm", lambda r: np.linalg.norm(r.grad_W1, axis=(1, 2)),
     "log", "both"),
    ("Output-layer step ‖dW2‖ / η", P.DIFF_LABEL,
     lambda r: np.linalg.norm(r.grad_W2, axis=(1, 2)), "linear", "difference"),
    ("Distance ‖out_o − target‖", P.DIFF_LABEL,
     lambda r: np.linalg.norm(r.out_o[:, 0] - T, axis=1), "linear", "difference"),
]


def key_differences(records):
    fig = P.plt.figure(figsize=(P.WIDTH, 11))
    # fixed margins, on whole pixels: a constrained layout of these axes costs seconds
    grid = fig.add_gridspec(3, 3, left=0.09, right=0.98, bottom=0.05, top=0.92, wspace=0.55,
                            hspace=0.42, height_ratios=[1.5, 1, 1])
    for k, (title, label, values, scale) in enumerate(STACKED):
        top, bottom = P.stacked(fig, grid[0, k])
        P.value_and_difference(top, bottom, records, values, label, scale)
        top.set_title(title)
    P.legend(fig.axes[0], loc="lower left")
    for cell, (title, label, values, scale, how) in zip(list(grid)[3:], SINGLE, strict=True):
        ax = fig.add_subplot(cell)
        if how == "both":
            P.both(ax, records, values)
            P.legend(ax, loc="lower left")
        else:
            P.difference(ax, records, values)
        ax.set_yscale(scale)
        # a difference panel is titled by what it shows, not by the value it is of
        ax.set_title(title + ("\nsequential − parallel" if how == "difference" else ""))
        ax.set_ylabel(label)
        if scale == "linear":
            P.in_units(ax)
        P.log_iterations(ax)
    fig.suptitle(f"Sequential against parallel updates at learning rate η = {LR:g}\n"
                 f"{P.DIFF_LABEL}: the difference sequential − parallel", fontsize=10)
    return fig


def figures(records):
    return (key_differences(records),)


def main(argv=None):
    return P.main(__doc__, "plot_key_differences", figures, argv)


if __name__ == "__main__":
    cli.run(main)
