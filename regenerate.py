"""Regenerate every generated README section and every figure (the sweep's too), in one process
(each scheme is trained once and shared), with worker processes that compute the sweep and
the 50-digit reference runs beside it. `make` runs this.

Run: python regenerate.py [--check]. With --check nothing is written: it fails
with a diff when a generated README section is stale, and names each figure
that differs from what the code draws (`make test` runs this).
"""
import importlib
import sys

from backprop import cli, highprec, readme, workers
from backprop.files import FIGURES

# Computed in a worker process while the others run: its networks keep one core busy.
BESIDE = "sweep"
# Every README section's generator and every script that draws a figure (the
# figure registry's; the sweep writes its README section too). Those that wait
# for the workers come last: analyze_convergence and prove for their
# fifty_digit_runs, the sweep for its networks.
SCRIPTS = ["convergence_test", *(name for name in FIGURES if name != BESIDE),
           "analyze_convergence", BESIDE, "prove"]
OPTIONS = {"sweep": ["--quiet"]}


def main(argv=None):
    parser = cli.Parser(description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if a README section or a figure is stale")
    args = parser.parse_args(argv)
    try:  # before hours of computing: every section has its markers
        readme.check_markers(readme.README, readme.SECTIONS)
    except readme.ReadmeError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    flags = ["--check"] if args.check else []
    statuses = {}
    scripts = {name: importlib.import_module(name) for name in SCRIPTS}
    requests = [r for script in scripts.values()
                for r in getattr(script, "fifty_digit_runs", list)()]
    with workers.pool() as pool:
        computed = pool.apply_async(scripts[BESIDE].default_run)
        highprec.share(requests, pool)
        for name, script in scripts.items():
            done = {"computed": computed.get()} if name == BESIDE else {}
            statuses[name] = script.main(flags + OPTIONS.get(name, []), **done)
    failed = [name for name, status in statuses.items() if status]
    if failed and not args.check:
        print(f"{parser.prog}: {', '.join(failed)} failed; the others ran to the end",
              file=sys.stderr)
    return max(statuses.values())


if __name__ == "__main__":
    cli.run(main)
