"""The plot scripts: each writes its files, byte-for-byte the same on a second
run, from the data of the training record."""
import importlib
from functools import partial
from pathlib import Path

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


@pytest.mark.parametrize("name", sorted(n for names in files.FIGURES.values() for n in names))
def test_no_legend_hides_a_plotted_point(drawn, name):
    renderer = drawn[name].canvas.get_renderer()
    for ax in drawn[name].axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer).padded(1)
        for line in ax.get_lines():
            xy = np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)
            points = line.get_transform().transform(xy[np.isfinite(xy).all(axis=1)])
            inside = ((box.x0 < points[:, 0]) & (points[:, 0] < box.x1)
                      & (box.y0 < points[:, 1]) & (points[:, 1] < box.y1))
            assert not inside.any(), (ax.get_title(), line.get_label())


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
        test_no_legend_hides_a_plotted_point(drawn, "probe")
    plotting.plt.close(fig)
