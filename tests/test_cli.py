"""The training scripts' command line, run as a user runs it."""
import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from backprop import cli
from backprop.network import MAX_ITERATIONS
from commands import run

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["ann_numpy.py", "ann_numpy_original.py"]


WHOLE = "must be a whole number in the digits 0-9"
BAD = [
    (["abc"], f"argument ITERATIONS: {WHOLE}, got 'abc'"),
    (["1.5"], f"argument ITERATIONS: {WHOLE}, got '1.5'"),
    (["1_000"], f"argument ITERATIONS: {WHOLE}, got '1_000'"),
    (["١٢"], f"argument ITERATIONS: {WHOLE}, got '١٢'"),  # Arabic-Indic digits
    (["-1e3"], f"argument ITERATIONS: {WHOLE}, got '-1e3'"),
    (["-1"], f"argument ITERATIONS: must be between 0 and {MAX_ITERATIONS:,}, got '-1'"),
    ([str(MAX_ITERATIONS + 1)],
     f"argument ITERATIONS: must be between 0 and {MAX_ITERATIONS:,}, got '{MAX_ITERATIONS + 1}'"),
    (["9" * 5001],  # quoted short, not echoed in full
     f"argument ITERATIONS: must be between 0 and {MAX_ITERATIONS:,}, got '{'9' * 20}…'"),
    (["--lr", "0"], "argument --lr: must be a finite positive number, got '0'"),
    (["--lr=-0.5"], "argument --lr: must be a finite positive number, got '-0.5'"),
    (["--lr", "-0.5"], "argument --lr: must be a finite positive number, got '-0.5'"),
    (["--lr", "-1e3"], "argument --lr: must be a finite positive number, got '-1e3'"),
    (["--lr", "-inf"], "argument --lr: must be a finite positive number, got '-inf'"),
    (["--lr", "nan"], "argument --lr: must be a finite positive number, got 'nan'"),
    (["--lr", "inf"], "argument --lr: must be a finite positive number, got 'inf'"),
    (["--lr", "fast"], "argument --lr: must be a finite positive number, got 'fast'"),
    (["--lr", "0_5"], "argument --lr: must be a finite positive number, got '0_5'"),
    (["--bogus"], "unrecognized arguments: --bogus"),
    (["1", "2"], "unrecognized arguments: 2"),
]


@pytest.mark.parametrize("script", SCRIPTS)
@pytest.mark.parametrize("args, message", BAD)
def test_bad_input_gets_one_line_and_status_2(script, args, message):
    result = run(script, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"{script}: error: {message}\n"


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_explains_the_arguments_and_the_convention(script):
    result = run(script, "--help")
    assert result.returncode == 0 and result.stderr == ""
    for text in ["ITERATIONS", "--lr", "(default: 1)", "the worked example's is 0.5",
                 "Iteration N is the state after N updates", "--example FILE", "--csv PATH",
                 "An example file (--example) is JSON with the fields"]:
        assert text in result.stdout


def test_zero_iterations_shows_the_initial_network():
    result = run("ann_numpy.py", "0")
    assert result.returncode == 0 and result.stderr == ""
    assert "E_total = 0.298371108760\n" in result.stdout  # 12 significant digits
    assert "w1 = 0.150000000000" in result.stdout
    assert "this is the initial network" in result.stdout


def test_default_is_one_update_of_the_parallel_scheme():
    out = run("ann_numpy_original.py").stdout
    # the C# program's error after one update, 0.291027773693599 at its Iteration = 2,
    # to the 12 significant digits that are the same on every machine
    assert "E_total = 0.291027773694\n" in out
    assert "w5 = 0.358916479718" in out


def test_output_is_a_compact_log_spaced_table():
    out = run("ann_numpy.py", "10000").stdout
    rows = [line.split()[0] for line in out.splitlines()
            if line.strip() and line.split()[0].replace(",", "").isdigit()]
    assert rows == ["0", "1", "2", "5", "10", "20", "50", "100", "200", "500",
                    "1,000", "2,000", "5,000", "10,000"]
    assert "out_o1 = 0.015912196326" in out
    assert "The error fell at every update." in out


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_saturating_learning_rate_is_reported_without_warnings(script):
    result = run(script, "100", "--lr", "1000")
    assert result.returncode == 0 and result.stderr == ""
    assert "The error stopped falling after iteration 1" in result.stdout


def test_a_diverging_run_is_reported_without_warnings():
    result = run("ann_numpy.py", "10", "--lr", "1e300")
    assert result.returncode == 0 and result.stderr == ""
    assert "Some weights are infinite from iteration 1 on" in result.stdout


@pytest.mark.parametrize("command", [["ann_numpy.py", "0"], ["ann_numpy_original.py", "1000"],
                                     ["ann_numpy_no_loop.py"], ["sweep.py", "--help"]])
def test_a_reader_that_stops_early_gets_no_traceback(command):
    # `python ann_numpy.py 0 | head -1`: the reader closes the pipe after one line
    with subprocess.Popen([sys.executable, *command], cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read()
    assert stderr == ""


@pytest.mark.parametrize("columns", ["40", "200", "0", "-5", "wide", None])
def test_help_wraps_to_the_width_argparse_would(monkeypatch, columns):
    # cli.RAW finds the terminal's width without shutil; argparse's own formatter,
    # which asks shutil.get_terminal_size, is the oracle (COLUMNS, else the terminal,
    # else 80: under pytest standard output is not a terminal)
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)

    def help_with(formatter):
        parser = cli.Parser(prog="x.py", description="kept\nas written", formatter_class=formatter)
        parser.add_argument("--lr", help="the learning rate eta, " * 8)
        return parser.format_help()

    assert help_with(cli.RAW) == help_with(argparse.RawDescriptionHelpFormatter)
