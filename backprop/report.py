"""The training scripts' command line and report: parse, train, print the
error and outputs at log-spaced iterations, the final state, and how the run
went; with --csv, every iteration into a file.

Used by ann_numpy.py and ann_numpy_original.py through their main(). The
command line keeps what it prints, not the run's record, so that a long run
takes little memory.
"""
import argparse
from collections import namedtuple
from contextlib import nullcontext

import numpy as np

from backprop import example as example_file
from backprop.cli import RAW, Parser, iteration_count, positive_number
from backprop.files import atomic_file
from backprop.network import MAX_ITERATIONS, WORKED_EXAMPLE, outputs, sample_error, states

CONVENTION = (
    "Iteration N is the state after N updates; iteration 0 is the initial\n"
    "network. With several samples, iteration N is the state after N passes over\n"
    "them. Without --example: the worked example, whose biases b1 = 0.35 and\n"
    "b2 = 0.60 are not updated.\n"
    f"{MAX_ITERATIONS:,} updates take about 15 s and 60 MiB.\n\n" + example_file.FORMAT
)
# Iterations whose states are held at once: 2 MiB for the worked example.
BLOCK = 16_384
# The table shows the outputs when there are at most this many (samples x outputs).
OUTPUT_COLUMNS = 4


def example_argument(path):
    """An argument type: the Example in the file at `path`."""
    try:
        return example_file.load(path)
    except example_file.ExampleError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def parse_args(description, argv):
    parser = Parser(description=description, epilog=CONVENTION, formatter_class=RAW)
    parser.add_argument("iterations", nargs="?", default=1, type=iteration_count,
                        metavar="ITERATIONS",
                        help=f"number of updates, 0 to {MAX_ITERATIONS:,} (default: 1)")
    parser.add_argument("--lr", type=positive_number,
                        help="learning rate eta, finite and positive (default: the "
                             "example's; the worked example's is 0.5)")
    parser.add_argument("--example", type=example_argument, default=WORKED_EXAMPLE,
                        metavar="FILE", help="train the network in this JSON file "
                        "(format below; default: the worked example)")
    parser.add_argument("--csv", metavar="PATH",
                        help="also write every iteration into this CSV file: the "
                             "iteration, E_total, every parameter and every output")
    parser.add_argument("--trace", metavar="N", type=iteration_count,
                        help="also derive the update from iteration N to N+1 step by step, "
                             "as ann_numpy_no_loop.py does (N at most ITERATIONS)")
    args = parser.parse_args(argv)
    if args.trace is not None and args.trace > args.iterations:
        parser.error(f"argument --trace: must be at most the iteration count "
                     f"{args.iterations:,}, got {args.trace:,}")
    return args


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


class Summary(namedtuple("Summary", "scheme lr example error params_finite out_o params kept",
                         defaults=(None,))):
    """What the report shows of a run: E_total and whether every parameter is
    finite at each iteration (arrays), the outputs (S, n_outputs) at the
    report's checkpoints (a dict by iteration), the final Params, and the
    Params at the iteration summarize was asked to keep (or None)."""

    __slots__ = ()

    @property
    def iterations(self):
        return len(self.error) - 1


def csv_header(example):
    """The CSV file's column names."""
    b1_names, b2_names = example_file.bias_names(example.start.b1, example.start.b2)
    return ["iteration", "E_total", *example_file.weight_names(example), *b1_names, *b2_names,
            *example_file.output_names(example)]


def csv_rows(first, params, out_o, error):
    """A block of states as CSV rows: iteration, E_total, parameters, outputs."""
    columns = [np.arange(first, first + len(error)), error,
               *(p.reshape(len(error), -1) for p in params), out_o.reshape(len(error), -1)]
    return np.column_stack(columns)


def csv_writer(f, example):
    """summarize's rows for the open file f: the header is written now, then
    each block of states as CSV lines."""
    f.write(",".join(csv_header(example)) + "\n")
    return lambda block: np.savetxt(f, block, fmt=["%d"] + ["%.12g"] * (block.shape[1] - 1),
                                    delimiter=",")


def summarize(step, scheme, example, iterations, lr, rows=None, keep=None):
    """The Summary of `iterations` passes of `step` over the example's samples,
    gathered block by block; the same numbers as network.train's record.
    rows, if given, is called with each block's csv_rows; keep: an iteration
    whose Params the Summary keeps."""
    marks, errors, finite, out_o, first, kept = checkpoints(iterations), [], [], {}, 0, None
    for params, _ in states(step, example, iterations, lr, BLOCK, directions=False):
        with np.errstate(over="ignore", invalid="ignore"):
            outs = outputs(params, example.x)[1]
            error = sample_error(outs, example.t)
        errors.append(error)
        finite.append(np.logical_and.reduce(
            [np.isfinite(p.reshape(len(p), -1)).all(1) for p in params]))
        out_o.update({n: outs[n - first] for n in marks if first <= n < first + len(outs)})
        if rows is not None:
            rows(csv_rows(first, params, outs, error))
        if keep is not None and first <= keep < first + len(outs):
            kept = type(params)(*(p[keep - first] for p in params))
        first += len(outs)
    final = type(params)(*(p[-1] for p in params))
    return Summary(scheme, lr, example, np.concatenate(errors), np.concatenate(finite), out_o,
                   final, kept)


def progress_note(summary):
    """Sentences on where the error stopped falling or the run stopped being finite."""
    update, updates = ("update", "updates") if len(summary.example.x) == 1 else ("pass", "passes")
    error = summary.error
    finite = np.isfinite(error)
    if not finite.all():
        n = int(np.argmin(finite))
        return f"The error is not finite from iteration {n:,} on: the run diverged."
    params_finite = summary.params_finite
    if not params_finite.all():
        n = int(np.argmin(params_finite))
        return (f"Some weights are infinite from iteration {n:,} on: the run diverged "
                "(the saturated sigmoids keep the error finite).")
    if len(error) == 1:
        return f"No {update} was made: this is the initial network."
    rises = np.flatnonzero(np.diff(error) >= 0)
    if rises.size == 0:
        return f"The error fell at every {update}."
    n = int(rises[0])
    return (f"The error stopped falling after iteration {n:,}: it did not fall at "
            f"{rises.size:,} of {len(error) - 1:,} {updates}.")


def named_lines(names, values, suffix=""):
    """'name = value' four to a line, indented."""
    named = [f"{name} = {number(v)}" for name, v in zip(names, np.ravel(values))]
    return ["  " + "   ".join(named[k:k + 4]) + suffix for k in range(0, len(named), 4)]


def layer_lines(names, W):
    """A weight matrix's 'name = value' lines: whole rows, at most four names a
    line (two rows of two), a longer row over several lines."""
    rows = [names[k:k + W.shape[1]] for k in range(0, W.size, W.shape[1])]
    values = list(W)
    if W.shape[1] <= 2:
        rows = [sum(rows[k:k + 2], []) for k in range(0, len(rows), 2)]
        values = [np.concatenate(values[k:k + 2]) for k in range(0, len(values), 2)]
    return [line for row, v in zip(rows, values) for line in named_lines(row, v)]


def report(summary):
    example = summary.example
    samples = len(example.x)
    unit, pass_ = ("updates", "update") if samples == 1 else ("passes over the samples", "pass")
    lines = [f"{summary.scheme} updates, learning rate {summary.lr:g}; "
             f"row N is the state after N {unit}"]
    if samples > 1:
        lines.append(f"{samples} samples, " + ("online: one update per sample, in file order"
                     if example.online else "batch: one update a pass, the gradient summed "
                     "over the samples"))
    names = example_file.output_names(example)
    shown = names if len(names) <= OUTPUT_COLUMNS else []
    lines += ["",
             "  ".join([f"{'N':>9}", f"{'E_total':>17}", *(f"{name:>12}" for name in shown)])]
    for n in checkpoints(summary.iterations):
        outs = summary.out_o[n].ravel()[:len(shown)]
        # 12 significant digits: fixed decimals would print a small error as 0
        lines.append("  ".join([f"{n:>9,}", f"{summary.error[n]:>#17.12g}",
                                *(f"{o:>12.9f}" for o in outs)]))
    n = summary.iterations
    plural = "" if n == 1 else ("es" if pass_ == "pass" else "s")
    lines += ["", f"after {n:,} {pass_}{plural}:"]
    lines += [f"  {name} = {out:.12f}   (target {target:g})"
              for name, out, target in zip(names, summary.out_o[n].ravel(), example.t.ravel())]
    lines += [f"  E_total = {summary.error[-1]:#.12g}"]
    W1, W2, b1, b2 = summary.params
    weight_names = example_file.weight_names(example)
    lines += layer_lines(weight_names[:W1.size], W1) + layer_lines(weight_names[W1.size:], W2)
    if example.train_biases or not example_file.is_worked_example(example):
        b1_names, b2_names = example_file.bias_names(b1, b2)
        lines += named_lines(b1_names + b2_names, np.concatenate([b1, b2]),
                             "" if example.train_biases else "   (not trained)")
    lines += ["", progress_note(summary)]
    return "\n".join(lines)


def main(step, scheme, description, argv=None):
    """The training scripts' command line: `scheme` updates by `step`."""
    args = parse_args(description, argv)
    example = args.example
    lr = example.lr if args.lr is None else args.lr
    # the CSV file opened first: an unwritable path fails at once
    with atomic_file(args.csv) if args.csv is not None else nullcontext() as f:
        rows = None if f is None else csv_writer(f, example)
        summary = summarize(step, scheme, example, args.iterations, lr, rows, keep=args.trace)
    print(report(summary))
    if args.csv is not None:
        print(f"\nwrote {args.csv}: a row per iteration, 0 to {args.iterations:,}")
    if args.trace is not None:
        # here: the training scripts start sooner without the derivation
        from backprop.derivation import both, explain

        n, sequential = args.trace, scheme == "sequential"
        print("\n" + explain(example, lr, sequential,
                             f"The update from iteration {n:,} to {n + 1:,}, step by step",
                             both(example, summary.kept, lr, sequential)))
    return 0

