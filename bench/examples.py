"""Benchmark: the worked example through its file (--example examples/mazur.json)
against the default run, in interleaved pairs (CPU seconds of whole runs), and
a 10,000-iteration XOR run (four samples, online). Not run by CI.

Run: python bench/examples.py [--pairs N]. Prints
`case=<name> example_s=<x> default_s=<y> ratio=<r>` and `case=xor ... seconds=<s>`
(medians); writes nothing.
"""
import statistics

from vs_original import ROOT, usage  # and the project's folder on sys.path

from backprop import cli

CASES = [("ann_numpy.py", 100_000), ("ann_numpy_original.py", 100_000)]
XOR = ("ann_numpy.py", 10_000, "examples/xor.json")


def main(argv=None):
    parser = cli.Parser(description=__doc__, formatter_class=cli.RAW)
    parser.add_argument("--pairs", type=cli.count(1, 100), default=5,
                        help="interleaved pairs per case (default: 5)")
    args = parser.parse_args(argv)
    for script, iterations in CASES:
        example, default = [], []
        for _ in range(args.pairs):
            example.append(usage(ROOT, ROOT / script, iterations, "--example",
                                 "examples/mazur.json")[0])
            default.append(usage(ROOT, ROOT / script, iterations)[0])
        e, d = statistics.median(example), statistics.median(default)
        print(f"case={script}:{iterations} example_s={e:.2f} default_s={d:.2f} "
              f"ratio={e / d:.2f}", flush=True)
    script, iterations, path = XOR
    seconds = statistics.median(usage(ROOT, ROOT / script, iterations, "--example", path)[0]
                                for _ in range(args.pairs))
    print(f"case=xor:{script}:{iterations} seconds={seconds:.2f}")
    return 0


if __name__ == "__main__":
    cli.run(main)
