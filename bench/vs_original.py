"""Benchmark: this project's scripts against the original ones (the public
animesh/ANN `numpy/` folder, whose path is given), CPU seconds of whole runs,
in pairs run back to back so that both see the same load (which of the two
goes first alternates): the training scripts, the three plot scripts, and
everything `make` regenerates (`regenerate.py --check`, the same work without
writing) against the original's plot scripts; then the peak memory of our
longest run and how long `sweep.py --help` takes. With --instructions, also
the instructions of the training scripts' runs of 1 and 10,000 updates,
counted by valgrind's callgrind: a count the machine's load does not change
(100,000 updates take minutes under valgrind). Their difference, divided by
9,999, is an update's own (`per_update`), without Python's start, the
imports and the report, which are nearly all of the 1-update run. Not run by CI.

Run: python bench/vs_original.py --original DIR [--pairs N] [--instructions]
[--readme]. Prints `case=<name> ours_s=<x> original_s=<y> ratio=<r>
fastest_ratio=<f>`: the medians of each side's times, the median of the
pairs' ratios (ours / the original's), and the ratio of the fastest runs;
with --instructions `case=<script>:<n> ours_Ir=<i> original_Ir=<j> ratio=<r>`
for n = 1, 10000 and per_update;
`case=peak_memory ... ours_mib=<m>` and `case=sweep.py:--help ours_s=<s>`;
with --readme writes them into docs/benchmarks.md (section `vs-original`, not checked
by CI, since timings vary from machine to machine), and otherwise nothing.
"""
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backprop import cli, readme  # noqa: E402

PLOTS = ["plot_convergence.py", "plot_key_differences.py", "plot_all_variables.py"]
# (name, our runs, the original's runs): each run a script and its arguments;
# a case's time is the sum over its runs. {out} is a scratch folder.
TRAINING = ("ann_numpy.py", "ann_numpy_original.py")
CASES = [(f"{script}:{n}", [[script, str(n)]], [[script, str(n)]])
         for n in (10_000, 100_000) for script in TRAINING]
CASES += [("plot_scripts", [[s, "--out", "{out}"] for s in PLOTS], [[s] for s in PLOTS]),
          ("regenerate.py:--check_vs_plot_scripts", [["regenerate.py", "--check"]],
           [[s] for s in PLOTS])]
# --instructions counts runs of this many updates (100,000 take minutes under valgrind)
COUNTED = 10_000
LONGEST = ["ann_numpy.py", "1000000"]


def usage(cwd, script, *args):
    """(CPU seconds, peak resident MiB) of one run of `script` with `args`,
    with the processes it waited for."""
    command = [sys.executable, str(script), *map(str, args)]
    # os.environ has OPENBLAS_NUM_THREADS (importing backprop sets it to 1 if
    # unset): both scripts run with it, so the loops are compared, not the
    # CPU time of OpenBLAS's idle threads, which only the original would pay.
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               env={**os.environ, "MPLBACKEND": "Agg"})
    _, status, rusage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command[1:])} failed with status {process.returncode}")
    return rusage.ru_utime + rusage.ru_stime, rusage.ru_maxrss / 1024


def seconds(folder, runs, scratch):
    """CPU seconds of `runs` of the scripts in `folder`, one after another in scratch."""
    return sum(usage(scratch, folder / script, *(a.format(out=scratch) for a in args))[0]
               for script, *args in runs)


def pair(ours, theirs, first):
    """(ours, theirs) of two measurements made back to back, ours first if `first`."""
    if first:
        return ours(), theirs()
    other = theirs()
    return ours(), other


def instructions(cwd, script, *args):
    """Instructions executed by one run of `script` with `args` (valgrind's callgrind)."""
    with tempfile.NamedTemporaryFile() as out:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out.name}",
                   sys.executable, str(script), *map(str, args)]
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    counted = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode or counted is None:
        # the script's own last line, not valgrind's summary (its lines begin with ==pid==)
        said = [line for line in done.stderr.splitlines() if not line.startswith("==")]
        cli.say(f"vs_original.py: error: {script.name} under valgrind failed: "
                f"{said[-1] if said else 'status ' + str(done.returncode)}")
        raise SystemExit(2)
    return int(counted.group(1))


def main(argv=None):
    parser = cli.Parser(description=__doc__, formatter_class=cli.RAW)
    parser.add_argument("--original", type=Path, required=True, metavar="DIR",
                        help="the folder holding the original scripts")
    parser.add_argument("--pairs", type=cli.count(1, 100), default=5,
                        help="pairs per case, each run back to back (default: 5)")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of the training scripts' runs "
                             "of 1 and 10,000 updates (needs valgrind)")
    parser.add_argument("--readme", action="store_true",
                        help=f"write the result into {readme.HOMES['vs-original']} (without "
                             "it nothing is written)")
    args = parser.parse_args(argv)
    original = args.original.resolve()
    if not (original / "ann_numpy.py").is_file():
        parser.error(f"{args.original} has no ann_numpy.py")
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("argument --instructions: valgrind is not installed")
    lines = []
    with tempfile.TemporaryDirectory() as scratch:  # the scripts write figures
        (Path(scratch) / "numpy").mkdir()  # where the original plot scripts write theirs
        for name, ours, theirs in CASES:
            pairs = [pair(lambda: seconds(ROOT, ours, scratch),
                          lambda: seconds(original, theirs, scratch), k % 2 == 0)
                     for k in range(args.pairs)]
            o, t = (statistics.median(side) for side in zip(*pairs))
            ratio = statistics.median(mine / other for mine, other in pairs)
            fastest = min(mine for mine, _ in pairs) / min(other for _, other in pairs)
            lines.append(f"case={name} ours_s={o:.2f} original_s={t:.2f} ratio={ratio:.2f} "
                         f"fastest_ratio={fastest:.2f}")
            print(lines[-1], flush=True)
        if args.instructions:
            for script in TRAINING:
                # 1 update: nearly the start alone (Python, the imports, the report); the
                # original sequential script fails with 0
                counts = {n: (instructions(scratch, ROOT / script, n),
                              instructions(scratch, original / script, n)) for n in (1, COUNTED)}
                for n, (mine, other) in counts.items():
                    lines.append(f"case={script}:{n} ours_Ir={mine} original_Ir={other} "
                                 f"ratio={mine / other:.3f}")
                # the updates' own, without the start
                mine, other = ((run - start) / (COUNTED - 1)
                               for start, run in zip(*counts.values()))
                lines.append(f"case={script}:per_update ours_Ir={mine:.0f} "
                             f"original_Ir={other:.0f} ratio={mine / other:.3f}")
                print("\n".join(lines[-3:]), flush=True)
        lines.append(f"case=peak_memory:{':'.join(LONGEST)} "
                     f"ours_mib={usage(scratch, ROOT / LONGEST[0], *LONGEST[1:])[1]:.0f}")
        help_s = statistics.median(usage(scratch, ROOT / "sweep.py", "--help")[0]
                                   for _ in range(args.pairs))
        lines.append(f"case=sweep.py:--help ours_s={help_s:.2f}")
        print("\n".join(lines[-2:]))
    if args.readme:
        machine = readme.machine()
        readme.update({"vs-original": (
            f"`python bench/vs_original.py --original DIR --pairs {args.pairs}"
            f"{' --instructions' if args.instructions else ''}` on "
            f"{datetime.date.today():%Y-%m-%d}, on this project's development machine "
            f"({machine}, Python {platform.python_version()}, NumPy {np.__version__}), DIR "
            f"holding the original scripts (the `numpy/` folder of animesh/ANN), both with "
            f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}. CPU seconds of whole "
            f"runs, medians of {args.pairs} pairs run back to back; `ratio` is the median of "
            f"the pairs' ratios, `fastest_ratio` the ratio of each side's fastest run"
            f"{', `_Ir` instructions counted by callgrind' if args.instructions else ''}; a "
            f"ratio below 1 means this project's script is faster:\n\n```\n"
            + "\n".join(lines) + "\n```\n")},
            check=False)
    return 0


if __name__ == "__main__":
    cli.run(main)
