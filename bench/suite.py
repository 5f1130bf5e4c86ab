"""Benchmark: wall-clock and CPU seconds of the README's two commands, `make`
and `make test`, on a checkout that is already built (its .venv installed, its
bytecode compiled), as a new user's second command runs them.

Run: python bench/suite.py [--runs N] [--readme]. Each run is `make` then
`make test`, in a copy of the project that shares its .venv, so it writes
nothing here (its .cache/ of 50-digit runs is copied: a built checkout has it);
a first `make` there, untimed, builds the copy. CPU seconds are
those of every process the command starts (user + system). Only with
--readme it writes the result into docs/benchmarks.md (section `suite-speed`), which
CI does not check: timings vary from machine to machine.
"""
import datetime
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backprop import cli, readme  # noqa: E402

COMMANDS = {"make": ["make"], "make test": ["make", "test"]}


def timed(command, cwd):
    """(wall seconds, CPU seconds of it and every process it waited for) of a
    command that must succeed."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(runs):
    """{command: [(wall, cpu) per run]}, in a built copy of the project."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = shutil.copytree(ROOT, Path(tmp) / "project", ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", ".pytest_cache"))
        (copy / ".venv").symlink_to(ROOT / ".venv")
        subprocess.run(["make"], cwd=copy, check=True, capture_output=True)
        times = {name: [] for name in COMMANDS}
        for _ in range(runs):
            for name, command in COMMANDS.items():
                times[name].append(timed(command, copy))
        return times


def main(argv=None):
    parser = cli.Parser(description=__doc__)
    parser.add_argument("--runs", type=cli.count(1, 20), default=3,
                        help="how many runs of each command, 1 to 20 (default: 3)")
    parser.add_argument("--readme", action="store_true",
                        help=f"write the result into {readme.HOMES['suite-speed']} (without "
                             "it nothing is written)")
    args = parser.parse_args(argv)
    try:
        times = measure(args.runs)
    except subprocess.CalledProcessError as e:
        last = (e.stderr or b"").decode(errors="replace").strip().splitlines()[-1:]
        parser.exit(1, f"{parser.prog}: {' '.join(e.cmd)} failed: {' '.join(last)}\n")
    lines = []
    for name, runs in times.items():
        walls, cpus = zip(*runs)
        lines.append(f"case={name.replace(' ', '_')} runs={len(runs)} "
                     f"wall_s={min(walls):.1f}-{max(walls):.1f} "
                     f"median_wall_s={statistics.median(walls):.1f} "
                     f"median_cpu_s={statistics.median(cpus):.1f}")
    print("\n".join(lines))
    if args.readme:
        machine = f"{readme.machine()}, Python {platform.python_version()}"
        readme.update({"suite-speed": (
            f"`python bench/suite.py --runs {args.runs}` on {datetime.date.today()}, on this "
            f"project's development machine ({machine}), with the .venv installed and the "
            "modules compiled: the range and median of the wall-clock seconds, and the median "
            "CPU seconds of every process each command starts. A machine with fewer or slower "
            "cores takes longer.\n\n```\n" + "\n".join(lines) + "\n```\n")}, check=False)
    return 0


if __name__ == "__main__":
    cli.run(main)
