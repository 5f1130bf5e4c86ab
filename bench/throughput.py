"""Benchmark: network-updates per second of the sequential scheme at each depth
(1 to 4 hidden layers of 2-2-...-2, and 2-8-8-8-2), sigmoid layers on the 1/2
squared error and the worked example's sample, side by side in one run: the
one-network training loop (ann_numpy.train) and the batched engine
(backprop/batched.py) on NETWORKS networks at once, seeded random starts.

Run: python bench/throughput.py [--readme]. Prints one line per case,
`case=<name> sizes=<layer sizes> networks=<N> updates_per_s=<number>`, then a
summary; with --readme writes them into docs/benchmarks.md (section `throughput`, not
checked by CI, since timings vary from machine to machine).
"""
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ann_numpy  # noqa: E402
from backprop import batched, cli, readme  # noqa: E402
from backprop.network import B1, B2, WORKED_EXAMPLE, Params, model  # noqa: E402

MIN_SECONDS = 1.0  # each case runs at least this long
NETWORKS, SEED = 10_000, 0
SIZES = [(2, 2, 2), (2, 2, 2, 2), (2, 2, 2, 2, 2), (2, 2, 2, 2, 2, 2), (2, 8, 8, 8, 2)]


def start(sizes, rng):
    """A network of the layer sizes `sizes`: weights uniform in [-1, 1], the
    worked example's biases (b1 in each hidden layer, b2 in the output layer)."""
    W = [rng.uniform(-1, 1, (n, m)) for m, n in zip(sizes, sizes[1:])]
    return Params.of(W, [np.array([B1])] * (len(W) - 1) + [np.array([B2])])


def example(params):
    """The worked example's sample and training, on the sigmoid network `params`."""
    return WORKED_EXAMPLE._replace(start=params, model=model(["sigmoid"] * len(params.W)))


def updates_per_second(update):
    """How many network-updates per second `update()` makes, each call returning how many."""
    done, begin = 0, time.perf_counter()
    while time.perf_counter() - begin < MIN_SECONDS:
        done += update()
    return done / (time.perf_counter() - begin)


def loop_rate(sizes, rng):
    ex = example(start(sizes, rng))
    return updates_per_second(lambda: ann_numpy.train(1_000, example=ex).iterations)


def batched_rate(sizes, rng):
    starts = [start(sizes, rng) for _ in range(NETWORKS)]
    ex, lr = example(starts[0]), np.full(NETWORKS, WORKED_EXAMPLE.lr)
    state = [batched.stack(starts)]

    def update():
        state[0] = batched.one_pass(state[0], lr, ex.x, ex.t, ex.train_biases, ex.model, True,
                                    ex.online)[0]
        return NETWORKS
    return updates_per_second(update)


def main(argv=None):
    parser = cli.Parser(description=__doc__)
    parser.add_argument("--readme", action="store_true",
                        help=f"write the result into {readme.HOMES['throughput']}")
    args = parser.parse_args(argv)
    rng, rates = np.random.default_rng(SEED), []
    for sizes in SIZES:
        rates += [("loop", sizes, 1, loop_rate(sizes, rng)),
                  ("batched", sizes, NETWORKS, batched_rate(sizes, rng))]
    lines = [f"case={case} sizes={'-'.join(map(str, sizes))} networks={n} updates_per_s={rate:.0f}"
             for case, sizes, n, rate in rates]
    summary = "At " + ", ".join(
        f"{'-'.join(map(str, sizes))} {rate / loop:,.0f} times ({rate / 1e6:.1f} million)"
        for (_, sizes, _, loop), (_, _, _, rate) in zip(rates[::2], rates[1::2])) + (
        f": the batched engine's network-updates per second on {NETWORKS:,} networks, against "
        "the one-network loop's.")
    print("\n".join(lines) + "\n\n" + summary)
    if args.readme:
        machine = readme.machine()
        readme.update({"throughput": f"`python bench/throughput.py` on this project's "
                       f"development machine ({machine}, NumPy {np.__version__}):\n\n```\n"
                       + "\n".join(lines) + f"\n```\n\n{summary}\n"}, check=False)
    return 0


if __name__ == "__main__":
    cli.run(main)
