"""Regenerate every generated README section and every figure (the sweep's too), in one process
(each scheme is trained once and shared). `make` runs this.

Run: python regenerate.py [--check]. With --check nothing is written: it fails
with a diff when a generated README section is stale, and names each figure
that differs from what the code draws (`make test` runs this).
"""
import importlib

from backprop import cli
from backprop.plotting import FIGURES

# The README sections' generators, then every script that draws a figure
# (the figure registry's; the sweep writes its README section too).
SCRIPTS = ["convergence_test", "analyze_convergence", "prove", *FIGURES]
OPTIONS = {"sweep": ["--quiet"]}


def main(argv=None):
    parser = cli.Parser(description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if a README section or a figure is stale")
    args = parser.parse_args(argv)
    flags = ["--check"] if args.check else []
    status = 0
    for name in SCRIPTS:
        script = importlib.import_module(name)
        status = max(status, script.main(flags + OPTIONS.get(name, [])))
    return status


if __name__ == "__main__":
    cli.run(main)
