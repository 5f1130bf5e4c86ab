"""The plot scripts: each writes its files, byte-for-byte the same on a second
run, from the data of the training record."""
import importlib
from functools import partial
from pathlib import Path

import matplotlib.lines
import matplotlib.text
import numpy as np
import pytest

import plot_all_variables
import plot_convergence
import plot_key_differences
import sweep
import sweep_depth
from backprop import files, plotting
from backprop.network import RUN_LENGTH
from backprop.runs import runs
import commands

ROOT = Path(__file__).resolve().parent.parent
# The plot scripts and their figures, from the registry (the sweeps' are in test_sweep.py
# and test_sweep_depth.py).
SCRIPTS = {f"{name}.py": names for name, names in files.FIGURES.items()
           if name not in ("sweep", "sweep_depth")}


run = partial(commands.run, timeout=300)


@pytest.mark.parametrize("script, names", SCRIPTS.items())
def test_each_script_writes_its_figures_and_a_rerun_gives_the_same_bytes(tmp_path, script, names):
    # in this process, which trains the runs once; `regenerate.py --check` (make test)
    # compares what a new process draws with the committed figures
    main = importlib.import_module(script.removesuffix(".py")).main
    assert main(["--out", str(tmp_path)]) == 0
    first = {name: (tmp_path / name).read_bytes() for name in names}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)  # no temporaries left
    assert all(data.startswith(b"\x89PNG") for data in first.values())
    assert main(["--out", str(tmp_path)]) == 0
    assert {name: (tmp_path / name).read_bytes() for name in names} == first


def test_the_figures_folder_holds_exactly_the_registry():
    assert sorted(p.name for p in (ROOT / "figures").iterdir()) == \
        sorted(name for names in files.FIGURES.values() for name in names)


def test_the_figures_are_small_together():
    sizes = [(ROOT / "figures" / name).stat().st_size
             for names in files.FIGURES.values() for name in names]
    assert sum(sizes) < 2 * 1024 * 1024


def test_an_output_folder_that_cannot_be_made_is_one_line_and_status_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run("plot_convergence.py", "--out", str(blocker / "sub"))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "error: cannot create" in result.stderr


@pytest.fixture(scope="module")
def records():
    return runs(RUN_LENGTH)


def lines(ax):
    return {line.get_label(): line for line in ax.get_lines()}


def test_the_error_panel_draws_the_records_errors(records):
    fig = plot_convergence.simple(records)
    top, bottom = fig.axes
    for name in ("sequential", "parallel"):
        line = lines(top)[name]
        np.testing.assert_array_equal(line.get_xdata(), plotting.DRAWN)
        np.testing.assert_array_equal(line.get_ydata(), records[name].error[plotting.DRAWN])
    diff = lines(bottom)["E_total(sequential) − E_total(parallel)"].get_ydata()
    np.testing.assert_array_equal(
        diff, (records["sequential"].error - records["parallel"].error)[plotting.DRAWN])
    plotting.plt.close(fig)


def test_a_weight_panel_draws_the_records_weight_difference(records):
    fig = plot_all_variables.all_variables(records)
    w7 = next(ax for ax in fig.axes if ax.get_title() == "w7")
    (line,) = [line for line in w7.get_lines() if len(line.get_xdata()) > 2]
    np.testing.assert_array_equal(line.get_ydata(),
                                  (records["sequential"].W2 - records["parallel"].W2)
                                  [plotting.DRAWN, 1, 0])
    plotting.plt.close(fig)


def test_the_output_panel_draws_the_distance_from_the_target(records):
    fig = plot_key_differences.key_differences(records)
    o2 = next(ax for ax in fig.axes if ax.get_title().startswith("Output o2"))
    np.testing.assert_allclose(lines(o2)["parallel"].get_ydata(),
                               0.99 - records["parallel"].out_o[plotting.DRAWN, 0, 1],
                               rtol=0, atol=0)
    plotting.plt.close(fig)


# What a reader sees at the width GitHub shows a README's images at.
README_WIDTH = 880
SMALLEST_TEXT = 9  # pixels, at README width


@pytest.fixture(scope="module")
def drawn(records):
    """{file name: matplotlib figure} of every figure the project draws."""
    figures = {}
    for module in (plot_convergence, plot_key_differences, plot_all_variables):
        names = files.FIGURES[module.__name__]
        figures.update(zip(names, module.figures(records), strict=True))
    result, lrs = sweep.default_run()
    (name,) = files.FIGURES["sweep"]
    figures[name] = sweep.draw(result, sweep.summary(result), lrs, sweep.THRESHOLD, sweep.UPDATES)
    (name,) = files.FIGURES["sweep_depth"]
    grid = sweep_depth.GRIDS["small"]
    figures[name] = sweep_depth.draw(sweep_depth.summarise(sweep_depth.run(grid, True)), grid)
    for fig in figures.values():
        fig.canvas.draw()
    yield figures
    for fig in figures.values():
        plotting.plt.close(fig)


def texts(fig):
    return [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]


def test_every_figure_is_drawn(drawn):
    assert sorted(drawn) == sorted(name for names in files.FIGURES.values() for name in names)


@pytest.mark.parametrize("name", sorted(n for names in files.FIGURES.values() for n in names))
def test_every_text_is_readable_at_readme_width(drawn, name):
    fig = drawn[name]
    scale = min(1.0, README_WIDTH / (fig.get_figwidth() * fig.dpi))
    small = [(t.get_text(), round(t.get_fontsize() * fig.dpi / 72 * scale, 1))
             for t in texts(fig) if t.get_fontsize() * fig.dpi / 72 * scale < SMALLEST_TEXT]
    assert small == []


def crossing(points, box):
    """Per segment between consecutive points (pixels): whether it passes through box
    (Liang-Barsky: the part t in [low, high] of each segment that lies inside)."""
    start, step = points[:-1], points[1:] - points[:-1]
    low, high = np.zeros(len(step)), np.ones(len(step))
    for k, (lo, hi) in enumerate([(box.x0, box.x1), (box.y0, box.y1)]):
        d, s0 = step[:, k], start[:, k]
        flat = d == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            t1, t2 = (lo - s0) / d, (hi - s0) / d
        low = np.where(flat, low, np.maximum(low, np.minimum(t1, t2)))
        high = np.where(flat, np.where((lo < s0) & (s0 < hi), high, -1.0),
                        np.minimum(high, np.maximum(t1, t2)))
    return low < high


@pytest.mark.parametrize("name", sorted(n for names in files.FIGURES.values() for n in names))
def test_no_legend_hides_a_plotted_point_or_line(drawn, name):
    renderer = drawn[name].canvas.get_renderer()
    for ax in drawn[name].axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer).padded(1)
        for line in ax.get_lines():
            xy = np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)
            points = line.get_transform().transform(xy)
            inside = ((box.x0 < points[:, 0]) & (points[:, 0] < box.x1)
                      & (box.y0 < points[:, 1]) & (points[:, 1] < box.y1))
            assert not inside.any(), (ax.get_title(), line.get_label())
            if line.get_linestyle() not in ("None", "", " ") and len(points) > 1:
                finite = np.isfinite(points).all(axis=1)
                through = crossing(points, box) & finite[:-1] & finite[1:]
                assert not through.any(), (ax.get_title(), line.get_label(), "line")


@pytest.mark.parametrize("name", sorted(n for names in files.FIGURES.values() for n in names))
def test_every_axis_is_labelled(drawn, name):
    for ax in drawn[name].axes:
        assert ax.get_ylabel(), ax.get_title()
        # an x axis shared with the axes below it is labelled there
        assert any(other.get_xlabel() for other in ax.get_shared_x_axes().get_siblings(ax)), \
            ax.get_title()


def test_the_checks_catch_a_legend_on_a_curve_and_small_text(records):
    fig = plot_convergence.simple(records)
    top = fig.axes[0]
    top.legend(loc="upper left")  # over the start of the error curve
    top.set_title("x", fontsize=5)
    fig.canvas.draw()
    drawn = {"probe": fig}
    with pytest.raises(AssertionError):
        test_every_text_is_readable_at_readme_width(drawn, "probe")
    with pytest.raises(AssertionError):
        test_no_legend_hides_a_plotted_point_or_line(drawn, "probe")
    plotting.plt.close(fig)


# Two tick labels of an axis closer than this (pixels, at full size: half the height
# of their text) read as one ("010⁰").
TICK_GAP = 6


def tick_labels(axis):
    """The visible, non-empty tick labels of an axis that are drawn (ticks within its view)."""
    lo, hi = sorted(axis.get_transform().transform(axis.get_view_interval()))
    shown = []
    for ticks, locs in [(axis.get_major_ticks(), axis.get_majorticklocs()),
                        (axis.get_minor_ticks(), axis.get_minorticklocs())]:
        for tick, loc in zip(ticks, locs):
            at = axis.get_transform().transform([loc])[0]
            if not lo - 1e-9 * abs(hi - lo) <= at <= hi + 1e-9 * abs(hi - lo):
                continue
            shown += [label for label in (tick.label1, tick.label2)
                      if label.get_visible() and label.get_text()]
    return shown


@pytest.mark.parametrize("name", sorted(n for names in files.FIGURES.values() for n in names))
def test_no_two_tick_labels_of_an_axis_overlap(drawn, name):
    renderer = drawn[name].canvas.get_renderer()
    for ax in drawn[name].axes:
        for axis in (ax.xaxis, ax.yaxis):
            boxes = [(label.get_text(), label.get_window_extent(renderer).padded(TICK_GAP / 2))
                     for label in tick_labels(axis)]
            for k, (text, box) in enumerate(boxes):
                for other, other_box in boxes[k + 1:]:
                    assert not box.overlaps(other_box), (ax.get_title(), text, other)


def drawn_after(ax, line):
    """The lines of ax drawn on top of `line` (a higher zorder, or the same and added later)."""
    order = ax.get_lines()
    return [other for other in order if other is not line
            and (other.get_zorder(), order.index(other)) > (line.get_zorder(), order.index(line))]


# Two lines whose centres stay closer than this many line widths read as one line.
COINCIDE = 1.5


def covers(top, line, ax):
    """Whether `top` hides `line`: solid, at least as wide, without markers `line` has
    (or with the same markers at least as large), and everywhere within COINCIDE line
    widths of it."""
    if top.get_linestyle() != "-" or top.get_linewidth() < line.get_linewidth():
        return False
    if line.get_marker() not in ("None", "", None, " ") and (
            top.get_marker() != line.get_marker()
            or top.get_markersize() < line.get_markersize()):
        return False
    a, b = (np.column_stack([x.get_xdata(), x.get_ydata()]).astype(float) for x in (line, top))
    if a.shape != b.shape:
        return False
    a, b = (x.get_transform().transform(xy) for x, xy in ((line, a), (top, b)))
    finite = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    width = COINCIDE * top.get_linewidth() * ax.figure.dpi / 72
    return bool(finite.any()) and bool((np.abs(a - b)[finite] <= width).all())


def seen(artist, ax):
    """Whether some finite point of the artist lies within the axes' limits."""
    if isinstance(artist, matplotlib.lines.Line2D):
        xy = np.column_stack([artist.get_xdata(), artist.get_ydata()]).astype(float)
        transform = artist.get_transform()
    else:  # a collection (a band): its paths' vertices
        xy = np.concatenate([p.vertices for p in artist.get_paths()] or [np.empty((0, 2))])
        transform = artist.get_transform()
    points = transform.transform(xy[np.isfinite(xy).all(axis=1)])
    box = ax.bbox.padded(0.5)
    return bool(((box.x0 <= points[:, 0]) & (points[:, 0] <= box.x1)
                 & (box.y0 <= points[:, 1]) & (points[:, 1] <= box.y1)).any())


@pytest.mark.parametrize("name", sorted(n for names in files.FIGURES.values() for n in names))
def test_every_legend_names_only_what_can_be_seen(drawn, name):
    for ax in drawn[name].axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        artists = ax.get_lines() + list(ax.collections)
        for text in legend.get_texts():
            named = [a for a in artists if a.get_label() == text.get_text()]
            assert named, (ax.get_title(), text.get_text(), "names nothing drawn in its axes")
            for artist in named:
                assert seen(artist, ax), (ax.get_title(), text.get_text(), "outside the limits")
                if isinstance(artist, matplotlib.lines.Line2D):
                    hidden = [o.get_label() for o in drawn_after(ax, artist)
                              if covers(o, artist, ax)]
                    assert not hidden, (ax.get_title(), text.get_text(), "hidden under", hidden)


def test_the_checks_catch_crowded_ticks_and_a_legend_of_hidden_or_absent_lines(records):
    fig = plot_convergence.simple(records)
    top, bottom = fig.axes
    bottom.set_xscale("symlog", linthresh=1, linscale=0.02)  # 0 beside 10⁰
    x = plotting.DRAWN
    top.plot(x, records["sequential"].error[x] * 0.3001, color="green", linewidth=3,
             label="covered")
    top.plot(x, records["sequential"].error[x] * 0.3, color="black", linewidth=3)  # over it
    limits = top.get_ylim()
    top.plot(x, np.full(len(x), 10 * limits[1]), label="above the limits")
    top.set_ylim(*limits)
    plotting.legend(top, loc="lower left")
    fig.canvas.draw()
    drawn = {"probe": fig}
    with pytest.raises(AssertionError, match="10"):
        test_no_two_tick_labels_of_an_axis_overlap(drawn, "probe")
    with pytest.raises(AssertionError, match="hidden under"):
        test_every_legend_names_only_what_can_be_seen(drawn, "probe")
    top.get_lines()[-2].remove()  # uncovered: now the line above the limits is the fault
    with pytest.raises(AssertionError, match="outside the limits"):
        test_every_legend_names_only_what_can_be_seen(drawn, "probe")
    plotting.plt.close(fig)
