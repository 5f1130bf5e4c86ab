"""One look for every figure, and their safe, reproducible writing.

Colours, line styles and axis conventions are defined here once; figures are
rendered without a display (Agg), saved as PNG without timestamps or version
strings, written atomically into figures/, and closed. Used by the plot scripts
and sweep.py.
"""
import io
import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402

from backprop.cli import RAW, Parser, WriteError  # noqa: E402
from backprop.files import FIGURES, FOLDER, write_or_check  # noqa: E402
from backprop.network import RUN_LENGTH  # noqa: E402
from backprop.runs import runs  # noqa: E402

DPI = 100
# Every figure is this wide: the width GitHub shows a README's images at, so
# that its text is shown at the size it is drawn (at least 9 px).
WIDTH = 9  # inches: 900 px
STYLE = {  # one colour and line style per scheme, the same in every figure
    "sequential": dict(color="#1f5fa8", linestyle="-", linewidth=1.8),
    "parallel": dict(color="#d2492a", linestyle="--", linewidth=1.8),
}
# one colour per depth (hidden layers), light to dark: the depth sweep's lines
DEPTH_COLOURS = {1: "#e69f00", 2: "#009e73", 3: "#0072b2", 4: "#4b2991"}
DIFF = dict(color="#555555", linestyle="-", linewidth=1.2)
X_LABEL = "iteration N (after N updates)"

plt.rcParams.update({
    "font.size": 9, "axes.titlesize": 9.5, "axes.labelsize": 8.5, "legend.fontsize": 8,
    "xtick.labelsize": 8, "ytick.labelsize": 8, "axes.grid": True, "grid.alpha": 0.3,
    "figure.dpi": DPI, "savefig.dpi": DPI, "axes.spines.top": False,
    "axes.spines.right": False})


# The iterations drawn: every one up to 1,000, then 400 log-spaced ones to the end,
# more than a panel has pixels for on its logarithmic iteration axis.
DRAWN = np.unique(np.concatenate([np.arange(1_000),
                                  np.geomspace(1_000, RUN_LENGTH, 400).round().astype(int)]))


def log_iterations(ax):
    """A logarithmic iteration axis that still shows iteration 0 (linear below 1, as
    wide as a decade: the labels 0 and 10⁰ apart in the narrowest panel)."""
    ax.set_xscale("symlog", linthresh=1, linscale=1)
    ax.set_xlim(0, RUN_LENGTH)
    ax.set_xlabel(X_LABEL)


def both(ax, records, values):
    """Draw values(record) against iteration for both schemes."""
    for name, record in records.items():
        ax.plot(DRAWN, values(record)[DRAWN], label=name, **STYLE[name])


def difference(ax, records, values, label="sequential − parallel"):
    """Draw values(sequential) − values(parallel) against iteration."""
    seq, par = records["sequential"], records["parallel"]
    ax.plot(DRAWN, (values(seq) - values(par))[DRAWN], label=label, **DIFF)
    ax.axhline(0, color="black", linewidth=0.6)


def stacked(fig, cell, ratio=2):
    """Two axes in one cell of a grid, sharing the iteration axis: the values
    on top (`ratio` times taller), their difference below. Returns (top, bottom)."""
    inner = cell.subgridspec(2, 1, height_ratios=[ratio, 1], hspace=0.08)
    top = fig.add_subplot(inner[0])
    bottom = fig.add_subplot(inner[1], sharex=top)
    top.tick_params(labelbottom=False)
    return top, bottom


DIFF_LABEL = "seq − par"  # a difference axis's label: sequential − parallel


def value_and_difference(top, bottom, records, values, label, scale="linear"):
    """Both schemes' values on `top` (they overlap), their difference below."""
    both(top, records, values)
    top.set_yscale(scale)
    top.set_ylabel(label)
    difference_panel(bottom, records, values)


def difference_panel(ax, records, values):
    """An axes of values(sequential) − values(parallel) over the iterations,
    labelled DIFF_LABEL, in a power of ten where needed (in_units)."""
    difference(ax, records, values)
    ax.set_ylabel(DIFF_LABEL)
    in_units(ax)
    log_iterations(ax)


def in_units(ax):
    """A linear y axis of small or large numbers labelled in a power of ten,
    named in its label ('seq − par (×1e−5)'), instead of matplotlib's offset
    text above the axis, which collides with what is drawn there. Numbers from 0.1
    to 999 are written as they are."""
    largest = max(np.nanmax(np.abs(line.get_ydata())) for line in ax.get_lines())
    power = math.floor(math.log10(largest)) if largest > 0 else 0
    if -1 <= power <= 2:
        return
    ax.yaxis.set_major_formatter(
        matplotlib.ticker.FuncFormatter(lambda v, _: f"{v / 10 ** power:g}".replace("-", "−")))
    ax.set_ylabel(f"{ax.get_ylabel()} (×1e{power})".replace("-", "−"))


def cut_band(ax, x, low, high, limits, color):
    """A band that reaches beyond the axis' limits (low, high) is cut there: mark
    each such x with a triangle on the edge (▲ above, ▼ below). Returns the values
    farthest beyond, (lowest, highest), None where the band stays inside."""
    low, high = np.asarray(low, float), np.asarray(high, float)
    beyond = []
    for values, edge, marker, outside in [(low, limits[0], "v", low < limits[0]),
                                          (high, limits[1], "^", high > limits[1])]:
        if not outside.any():  # (an empty line off the clip would still take up layout)
            beyond.append(None)
            continue
        ax.plot(x[outside], np.full(outside.sum(), edge), marker, color=color, markersize=5,
                clip_on=False, zorder=3)
        beyond.append(values[outside].min() if edge == limits[0] else values[outside].max())
    return tuple(beyond)


def number(x):
    """x to 2 significant digits, as written in prose: 59, 730, 0.059."""
    return f"{float(f'{x:.2g}'):,g}"


def cut_note(ax, beyond, what="band"):
    """Say on the axes where a band was cut (cut_band's values)."""
    lowest, highest = beyond
    parts = ([f"▲ up to {number(highest)}"] if highest is not None else []) + (
        [f"▼ down to {number(lowest)}"] if lowest is not None else [])
    if parts:
        ax.text(0.99, 0.03, f"the {what} goes beyond the axis: " + ", ".join(parts),
                transform=ax.transAxes, ha="right", va="bottom", fontsize=8)


def grid(panels, columns, **kwargs):
    """A figure with one axes per panel, `columns` wide and as many rows as the
    panels need; axes left over at the end are removed. Returns (figure, axes)."""
    rows = math.ceil(len(panels) / columns)
    fig, axes = plt.subplots(rows, columns, **kwargs)
    for ax in axes.flat[len(panels):]:
        ax.remove()
    return fig, axes.flat[:len(panels)]


def legend(ax, **kwargs):
    ax.legend(frameon=True, framealpha=0.9, **kwargs)


def on_whole_pixels(fig):
    """Lay the figure out, then move every axes' edges to whole pixels. An edge
    on a half pixel is where the renderer's snapping rounds, and the last bits
    of the data (which differ from CPU to CPU) would then decide its side."""
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    width, height = fig.get_size_inches() * fig.dpi
    for ax in fig.axes:
        x0, y0, x1, y1 = np.round(ax.get_position().extents * [width, height, width, height])
        ax.set_position([x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height])


def png_bytes(fig):
    """The figure as PNG bytes, the same bytes for the same figure on one machine,
    and on any machine whose last bits of exp differ."""
    on_whole_pixels(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def main(description, script, make_figures, argv=None):
    """Command line of a plot script: draw make_figures(records), one figure per
    file FIGURES[script] names, from one run of each scheme (runs.py),
    and write each atomically into figures/ (or --out DIR), or with --check only
    compare them with the files there."""
    parser = Parser(description=description, formatter_class=RAW)
    parser.add_argument("--out", type=Path, default=FOLDER, metavar="DIR",
                        help="folder to write the figures into (default: figures/)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a figure in the folder differs from "
                             "what the code draws")
    args = parser.parse_args(argv)
    if not args.check and not args.out.is_dir():
        try:
            args.out.mkdir(parents=True)
        except OSError as e:
            print(f"{parser.prog}: error: cannot create {args.out}: {e.strerror}",
                  file=sys.stderr)
            return 2
    status = 0
    figures = make_figures(runs(RUN_LENGTH))
    for name, fig in zip(FIGURES[script], figures, strict=True):
        data = png_bytes(fig)
        try:
            status = max(status, write_or_check(args.out / name, data, args.check))
        except WriteError as e:
            print(f"{parser.prog}: error: {e}", file=sys.stderr)
            return 2
        if not args.check:
            print(f"wrote {args.out / name} ({len(data) / 1024:.0f} KiB)")
    return status
