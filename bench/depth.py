"""Benchmark: what depth costs. CPU seconds of 10,000 online updates of a
2-8-8-8-2 sigmoid network (three hidden layers) against 10,000 of the worked
example's 2-2-2, in interleaved runs in this process, and their ratio; and,
where PyTorch is installed, the same 2-8-8-8-2 training in PyTorch on the CPU
(one thread, float64, SGD; its layers' per-neuron biases trained too).

Run: python bench/depth.py [--runs N] [--readme]. Prints `case=<name>
cpu_s=<median>` lines and the ratios; with --readme writes them into
docs/benchmarks.md (section `depth-speed`, not checked by CI, since timings
vary from machine to machine), and otherwise nothing.
"""
import datetime
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ann_numpy  # noqa: E402
from backprop import cli, readme  # noqa: E402
from backprop.network import WORKED_EXAMPLE, Params, constant, model  # noqa: E402

UPDATES, SIZES, SEED = 10_000, (2, 8, 8, 8, 2), 3


def deep_example():
    """The worked example's sample and training on a seeded 2-8-8-8-2 network."""
    rng = np.random.default_rng(SEED)
    W = [constant(rng.uniform(-1, 1, (n, m))) for m, n in zip(SIZES, SIZES[1:])]
    b = [constant([0.35]) for _ in W]
    return WORKED_EXAMPLE._replace(start=Params.of(W, b), model=model(["sigmoid"] * len(W)))


def cpu_seconds(run):
    start = time.process_time()
    run()
    return time.process_time() - start


def torch_seconds(torch):
    """CPU seconds of the 2-8-8-8-2 network's UPDATES updates in PyTorch (float64, SGD)."""
    torch.set_num_threads(1)
    layers = []
    for m, n in zip(SIZES, SIZES[1:]):
        layers += [torch.nn.Linear(m, n).double(), torch.nn.Sigmoid()]
    net = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(net.parameters(), lr=WORKED_EXAMPLE.lr)
    x, t = torch.tensor(WORKED_EXAMPLE.x), torch.tensor(WORKED_EXAMPLE.t)

    def run():
        for _ in range(UPDATES):
            optimizer.zero_grad()
            (0.5 * ((t - net(x)) ** 2).sum()).backward()
            optimizer.step()
    return cpu_seconds(run)


def main(argv=None):
    parser = cli.Parser(description=__doc__, formatter_class=cli.RAW)
    parser.add_argument("--runs", type=cli.count(1, 50), default=5,
                        help="interleaved runs of each case, 1 to 50 (default: 5)")
    parser.add_argument("--readme", action="store_true",
                        help=f"write the result into {readme.HOMES['depth-speed']} (without "
                             "it nothing is written)")
    args = parser.parse_args(argv)
    deep = deep_example()
    times = {"2-2-2": [], "2-8-8-8-2": []}
    for _ in range(args.runs):
        times["2-2-2"].append(cpu_seconds(lambda: ann_numpy.train(UPDATES)))
        times["2-8-8-8-2"].append(cpu_seconds(lambda: ann_numpy.train(UPDATES, example=deep)))
    median = {case: statistics.median(s) for case, s in times.items()}
    lines = [f"case={case}:{UPDATES} cpu_s={s:.3f}" for case, s in median.items()]
    lines.append(f"ratio 2-8-8-8-2 / 2-2-2 = {median['2-8-8-8-2'] / median['2-2-2']:.2f}")
    try:
        import torch
    except ImportError:
        torch = None
        lines.append("PyTorch is not installed: no comparison with it")
    else:
        ours = median["2-8-8-8-2"]
        theirs = statistics.median(torch_seconds(torch) for _ in range(args.runs))
        lines += [f"case=pytorch:2-8-8-8-2:{UPDATES} cpu_s={theirs:.3f}",
                  f"ratio ours / PyTorch = {ours / theirs:.2f}"]
    print("\n".join(lines))
    if args.readme:
        machine = readme.machine()
        versions = f"Python {platform.python_version()}, NumPy {np.__version__}" + (
            f", PyTorch {torch.__version__}" if torch else "")
        readme.update({"depth-speed": (
            f"`python bench/depth.py --runs {args.runs}` on {datetime.date.today()}, on this "
            f"project's development machine ({machine}, {versions}): the median CPU seconds "
            f"of {UPDATES:,} online updates, each case run {args.runs} "
            f"time{'s' * (args.runs > 1)}:\n\n```\n"
            + "\n".join(lines) + "\n```\n")}, check=False)
    return 0


if __name__ == "__main__":
    cli.run(main)
