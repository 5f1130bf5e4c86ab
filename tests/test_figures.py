"""The plot scripts: each writes its files, byte-for-byte the same on a second
run, from the data of the training record."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import ann_numpy
import ann_numpy_original
import plot_all_variables
import plot_convergence
import plot_key_differences
from backprop import files, plotting
from backprop.network import RUN_LENGTH
from backprop.runs import runs

ROOT = Path(__file__).resolve().parent.parent
# The plot scripts and their figures, from the registry (the sweep's is in test_sweep.py).
SCRIPTS = {f"{name}.py": names for name, names in files.FIGURES.items() if name != "sweep"}


def run(script, *args):
    return subprocess.run([sys.executable, script, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("script, names", SCRIPTS.items())
def test_each_script_writes_its_figures_and_a_rerun_gives_the_same_bytes(tmp_path, script, names):
    assert run(script, "--out", str(tmp_path)).returncode == 0
    first = {name: (tmp_path / name).read_bytes() for name in names}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)  # no temporaries left
    assert all(data.startswith(b"\x89PNG") for data in first.values())
    assert run(script, "--out", str(tmp_path)).returncode == 0
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
    return runs((ann_numpy.train, ann_numpy_original.train), RUN_LENGTH)


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


def test_a_weight_panel_draws_the_records_weight(records):
    fig = plot_all_variables.all_variables(records)
    w7 = next(ax for ax in fig.axes if ax.get_title().startswith("w7 "))
    np.testing.assert_array_equal(lines(w7)["sequential"].get_ydata(),
                                  records["sequential"].W2[plotting.DRAWN, 1, 0])
    plotting.plt.close(fig)


def test_the_output_panel_draws_the_distance_from_the_target(records):
    fig = plot_key_differences.key_differences(records)
    o2 = next(ax for ax in fig.axes if ax.get_title().startswith("|out_o2"))
    np.testing.assert_allclose(lines(o2)["parallel"].get_ydata(),
                               0.99 - records["parallel"].out_o[plotting.DRAWN, 0, 1],
                               rtol=0, atol=0)
    plotting.plt.close(fig)
