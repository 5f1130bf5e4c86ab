"""Benchmark: the wall-clock time of regenerating every generated section and
figure (`python regenerate.py`, what `make` runs), in total and by part.

Run: python bench/regenerate.py [--runs N] [--part NAME] [--readme]. Each run is two fresh
processes in a temporary copy of the project (with the 50-digit runs it keeps in
.cache/, as a checkout that has run `make` has them), so that it writes nothing here:
one times regenerate.py as `make` runs it, the other its parts one after
another, in the order regenerate.py runs them (the first part also trains
both schemes, which the others reuse). With --part, each run is one process
that times only that part (the smallest benchmark). Only with
--readme it writes the result into docs/benchmarks.md (section `regenerate-speed`);
CI does not check that section, since timings vary from machine to machine.
"""
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import regenerate  # noqa: E402
from backprop import cli, highprec, readme  # noqa: E402

# Run in a fresh process: with "total", time regenerate.py (the sweep and the
# 50-digit runs in worker processes beside the rest); with "parts", time each
# part one after another. Prints JSON.
PROBE = """
import contextlib, importlib, io, json, sys, time
start = time.perf_counter()
import regenerate
parts = {"imports": time.perf_counter() - start}
with contextlib.redirect_stdout(io.StringIO()):
    if sys.argv[1] == "total":
        regenerate.main([])
        parts = {"total": time.perf_counter() - start}
    else:
        for name in sys.argv[2:]:
            t = time.perf_counter()
            importlib.import_module(name).main(regenerate.OPTIONS.get(name, []))
            parts[name] = time.perf_counter() - t
        parts["parts_in_turn"] = time.perf_counter() - start
print(json.dumps(parts))
"""


def measure(runs, parts=None):
    """[{part: seconds}] for each run, in a copy of the project: the benchmark
    writes nothing of the project's own. parts: the names of the parts to time
    (None: all of them, and regenerate.py as a whole)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = shutil.copytree(ROOT, Path(tmp) / "project", ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", ".pytest_cache"))

        def probe(mode, names=()):
            return json.loads(subprocess.run([sys.executable, "-c", PROBE, mode, *names],
                                             cwd=copy, check=True, capture_output=True,
                                             text=True).stdout)
        if parts is not None:
            return [probe("parts", parts) for _ in range(runs)]
        return [probe("total") | probe("parts", regenerate.SCRIPTS) for _ in range(runs)]


def main(argv=None):
    parser = cli.Parser(description=__doc__)
    parser.add_argument("--runs", type=cli.count(1, 100), default=3,
                        help="how many runs, 1 to 100 (default: 3)")
    parser.add_argument("--part", choices=regenerate.SCRIPTS,
                        help="time only this part (default: all, and regenerate.py as a whole)")
    parser.add_argument("--readme", action="store_true",
                        help=f"write the result into {readme.HOMES['regenerate-speed']} (without "
                             "it nothing is written)")
    args = parser.parse_args(argv)
    if args.readme and args.part is not None:
        parser.error("--readme needs every part: leave out --part")
    runs = measure(args.runs, None if args.part is None else [args.part])
    median = {part: statistics.median(run[part] for run in runs) for part in runs[0]}
    lines = [f"case={part} runs={len(runs)} median_s={s:.2f}" for part, s in median.items()]
    print("\n".join(lines))
    if args.readme:
        machine = readme.machine()
        figures = sum(median[p] for p in ("imports", "convergence_test", "analyze_convergence",
                                          "plot_convergence", "plot_key_differences",
                                          "plot_all_variables"))
        kept = "kept" if any(highprec.STORE.glob("*.json")) else "not kept"
        section = (f"`python bench/regenerate.py --runs {len(runs)}` on this project's "
                   f"development machine ({machine}, Python {platform.python_version()}), "
                   f"in a copy of a checkout with the 50-digit reference runs {kept} in "
                   f".cache/, medians: everything `make` regenerates takes "
                   f"{median['total']:.1f} s (`regenerate.py`: both sweeps, the proof and "
                   f"any 50-digit run not kept, in worker processes beside the rest). Run one "
                   f"after another, the parts take {median['parts_in_turn']:.1f} s: the "
                   f"tables, the analysis and five of the seven figures {figures:.1f} s, the "
                   f"proof {median['prove']:.1f} s, the learning-rate sweep and its figure "
                   f"{median['sweep']:.1f} s, the sweep at depth and its figure "
                   f"{median['sweep_depth']:.1f} s.\n\n"
                   "```\n" + "\n".join(lines) + "\n```\n")
        readme.update({"regenerate-speed": section}, check=False)
    return 0


if __name__ == "__main__":
    cli.run(main)
