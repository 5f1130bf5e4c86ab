"""The training scripts' command line and report: parse, train, print the
error and outputs at log-spaced iterations, the final state, and how the run went.

Used by ann_numpy.py and ann_numpy_original.py through their main(). The
command line keeps what it prints, not the run's record, so that a long run
takes little memory.
"""
from collections import namedtuple

import numpy as np

from backprop.cli import RAW, Parser, iteration_count, positive_number
from backprop.network import MAX_ITERATIONS, START, WEIGHT_NAMES, T, forward, states, total_error

# The command line's default learning rate. It is the worked example's
# (network.LR), but a default of the command line, not a fact of the example.
DEFAULT_LR = 0.5

CONVENTION = (
    "Iteration N is the state after N updates; iteration 0 is the initial\n"
    "network. Biases b1 = 0.35 and b2 = 0.60 are not updated.\n"
    f"{MAX_ITERATIONS:,} updates take about 20 s and 60 MiB."
)
# Iterations whose states are held at once: four 2x2 arrays of floats each, 2 MiB.
BLOCK = 16_384


def parse_args(description, argv):
    parser = Parser(description=description, epilog=CONVENTION, formatter_class=RAW)
    parser.add_argument("iterations", nargs="?", default=1, type=iteration_count,
                        metavar="ITERATIONS",
                        help=f"number of updates, 0 to {MAX_ITERATIONS:,} (default: 1)")
    parser.add_argument("--lr", default=DEFAULT_LR, type=positive_number,
                        help=f"learning rate eta, finite and positive (default: {DEFAULT_LR})")
    return parser.parse_args(argv)


def checkpoints(iterations):
    """0, 1, 2, 5, 10, 20, 50, ... up to and including `iterations`."""
    marks = {0, iterations}
    scale = 1
    while scale <= iterations:
        marks.update(m * scale for m in (1, 2, 5) if m * scale <= iterations)
        scale *= 10
    return sorted(marks)


def number(x):
    """x to 12 significant digits, the ones that are the same on every machine."""
    return f"{x:#.12g}"


class Summary(namedtuple("Summary", "scheme lr error weights_finite out_o weights")):
    """What the report shows of a run: E_total and whether every weight is
    finite at each iteration (arrays), the outputs at the report's checkpoints
    (a dict by iteration), the final weights (w1..w8)."""

    __slots__ = ()

    @property
    def iterations(self):
        return len(self.error) - 1


def summarize(step, scheme, iterations, lr):
    """The Summary of `iterations` applications of `step`, gathered block by
    block; the same numbers as network.train's record."""
    marks, errors, finite, out_o, first = checkpoints(iterations), [], [], {}, 0
    for W1s, W2s, _, _ in states(step, iterations, lr, START, BLOCK):
        with np.errstate(over="ignore", invalid="ignore"):
            outputs = forward(W1s, W2s)[1]
            errors.append(total_error(outputs))
        finite.append(np.isfinite(W1s).all((1, 2)) & np.isfinite(W2s).all((1, 2)))
        out_o.update({n: outputs[n - first] for n in marks if first <= n < first + len(W1s)})
        first += len(W1s)
    weights = np.concatenate([W1s[-1].ravel(), W2s[-1].ravel()])
    return Summary(scheme, lr, np.concatenate(errors), np.concatenate(finite), out_o, weights)


def progress_note(summary):
    """Sentences on where the error stopped falling or the run stopped being finite."""
    error = summary.error
    finite = np.isfinite(error)
    if not finite.all():
        n = int(np.argmin(finite))
        return f"The error is not finite from iteration {n:,} on: the run diverged."
    weights_finite = summary.weights_finite
    if not weights_finite.all():
        n = int(np.argmin(weights_finite))
        return (f"Some weights are infinite from iteration {n:,} on: the run diverged "
                "(the saturated sigmoids keep the error finite).")
    if len(error) == 1:
        return "No update was made: this is the initial network."
    rises = np.flatnonzero(np.diff(error) >= 0)
    if rises.size == 0:
        return "The error fell at every update."
    n = int(rises[0])
    return (f"The error stopped falling after iteration {n:,}: it did not fall at "
            f"{rises.size:,} of {len(error) - 1:,} updates.")


def report(summary):
    lines = [f"{summary.scheme} updates, learning rate {summary.lr:g}; "
             "row N is the state after N updates", "",
             f"{'N':>9}  {'E_total':>17}  {'out_o1':>12}  {'out_o2':>12}"]
    for n in checkpoints(summary.iterations):
        o1, o2 = summary.out_o[n]
        # 12 significant digits: fixed decimals would print a small error as 0
        lines.append(f"{n:>9,}  {summary.error[n]:>#17.12g}  {o1:>12.9f}  {o2:>12.9f}")
    n = summary.iterations
    lines += ["", f"after {n:,} update{'s' * (n != 1)}:"]
    lines += [f"  out_o{k + 1} = {out:.12f}   (target {target:g})"
              for k, (out, target) in enumerate(zip(summary.out_o[n], T))]
    lines += [f"  E_total = {summary.error[-1]:#.12g}"]
    named = [f"{name} = {number(w)}" for name, w in zip(WEIGHT_NAMES, summary.weights)]
    lines += ["  " + "   ".join(named[:4]), "  " + "   ".join(named[4:])]
    lines += ["", progress_note(summary)]
    return "\n".join(lines)


def main(step, scheme, description, argv=None):
    """The training scripts' command line: `scheme` updates by `step`."""
    args = parse_args(description, argv)
    print(report(summarize(step, scheme, args.iterations, args.lr)))
    return 0
