"""Regenerate every generated README section and every figure (the sweep's too), in one process
(each scheme is trained once and shared). `make` runs this.

Run: python regenerate.py [--check]. With --check nothing is written: it fails
with a diff when a generated README section is stale, and names each figure
that differs from what the code draws (`make test` runs this).
"""
import analyze_convergence
import cli
import convergence_test
import plot_all_variables
import plot_convergence
import plot_key_differences
import prove
import sweep

README_GENERATORS = [convergence_test, analyze_convergence, prove]
FIGURE_SCRIPTS = [plot_convergence, plot_key_differences, plot_all_variables]


def main(argv=None):
    parser = cli.Parser(description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if a README section or a figure is stale")
    args = parser.parse_args(argv)
    flags = ["--check"] if args.check else []
    status = 0
    for script in README_GENERATORS + FIGURE_SCRIPTS:
        status = max(status, script.main(flags))
    status = max(status, sweep.main(flags + ["--quiet"]))
    return status


if __name__ == "__main__":
    cli.run(main)
