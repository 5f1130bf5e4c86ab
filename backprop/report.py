"""The training scripts' command line and report: parse, train, print the
error and outputs at log-spaced iterations, the final state, and how the run
went; with --csv, every iteration into a file.

Used by ann_numpy.py and ann_numpy_original.py through their main(). The
command line keeps what it prints, not the run's record, so that a long run
takes little memory.
"""
import sys
from collections import namedtuple
from contextlib import nullcontext

import numpy as np

from backprop import example as example_file
from backprop import names, progress
from backprop.cli import RAW, Parser, iteration_count, positive_number, without
from backprop.schemes import SCRIPTS
from backprop.network import (MAX_ITERATIONS, MAX_WORK, WORKED_EXAMPLE,
                              stacked_layers, states)

CONVENTION = (
    "Iteration N is the state after N updates; iteration 0 is the initial\n"
    "network. With several samples, iteration N is the state after N passes over\n"
    "them. Without --example: the worked example, whose biases b1 = 0.35 and\n"
    "b2 = 0.60 are not updated.\n"
    f"A run makes at most {MAX_WORK:,} parameters x samples x iterations.\n\n"
    + example_file.FORMAT
)
# The bytes of the states held at once (and of their layers' values), whatever
# the network: a large network's block is a few iterations, or one.
BLOCK_BYTES = 2 * 2**20
# A sigmoid whose slope out (1 - out) is below float64's epsilon is saturated:
# the gradient through it vanishes.
EPSILON = np.finfo(float).eps
# The table shows the outputs when there are at most this many (samples x outputs).
OUTPUT_COLUMNS = 4


def example_argument(parser, path, lr=None):
    """The Example in the file at `path` (--example), of learning rate `lr` if
    given (--lr: the file need not give one), or the worked example for a
    `path` None; a mistake is the parser's one-line error."""
    if path is None:
        return WORKED_EXAMPLE if lr is None else WORKED_EXAMPLE._replace(lr=lr)
    try:
        return example_file.load(path, lr)
    except example_file.ExampleError as e:
        parser.error(f"argument --example: {e}")


def parse_args(description, argv):
    parser = Parser(description=description, epilog=CONVENTION, formatter_class=RAW)
    parser.add_argument("iterations", nargs="?", default=1, type=iteration_count,
                        metavar="ITERATIONS",
                        help=f"number of updates, 0 to {MAX_ITERATIONS:,} (default: 1)")
    parser.add_argument("--lr", type=positive_number,
                        help="learning rate eta, finite and positive (default: the "
                             "example's; the worked example's is 0.5)")
    parser.add_argument("--example", metavar="FILE", help="train the network in this JSON file "
                        "(format below; default: the worked example)")
    parser.add_argument("--csv", metavar="PATH",
                        help="also write every iteration into this CSV file: the "
                             "iteration, E_total, every parameter and every output")
    parser.add_argument("--trace", metavar="N", type=iteration_count,
                        help="also derive the update from iteration N to N+1 step by step, "
                             "as ann_numpy_no_loop.py does (N at most ITERATIONS)")
    parser.add_argument("--html", metavar="PATH",
                        help="with --trace N: also write that update as one self-contained "
                             "HTML page (the network drawn, every line of the derivation)")
    args = parser.parse_args(argv)
    if args.html is not None and args.trace is None:
        parser.error("argument --html: needs --trace N (the update to write)")
    args.example = example_argument(parser, args.example, args.lr)
    if args.trace is not None and args.trace > args.iterations:
        parser.error(f"argument --trace: must be at most the iteration count "
                     f"{args.iterations:,}, got {args.trace:,}")
    refusal = example_file.derivation_refusal(args.example)
    if args.trace is not None and refusal is not None:
        parser.error(f"argument --trace: {refusal}")
    per_pass = args.example.parameters * len(args.example.x)
    if per_pass * args.iterations > MAX_WORK:
        parser.error(f"argument ITERATIONS: at most {MAX_WORK // per_pass:,} for this network: "
                     f"parameters x samples x iterations ({args.example.parameters:,} x "
                     f"{len(args.example.x):,} x {args.iterations:,}) must be at most "
                     f"{MAX_WORK:,}")
    return args


def block(example):
    """How many iterations summarize holds at once: BLOCK_BYTES of their
    parameters and of each sample's net and out in every layer, at least one."""
    neurons = sum(len(W) for W in example.start.W)  # in every layer
    per_iteration = 8 * (example.parameters + 2 * len(example.x) * neurons)
    return max(1, BLOCK_BYTES // per_iteration)


# The worked example's block, in iterations.
BLOCK = block(WORKED_EXAMPLE)


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


class Summary(namedtuple("Summary", "scheme lr example error params_finite out_o params kept "
                         "overflow saturated", defaults=(None, None, None))):
    """What the report shows of a run: E_total and whether every parameter is
    finite at each iteration (arrays), the outputs (S, n_outputs) at the
    report's checkpoints (a dict by iteration), the final Params, the Params
    at the iteration summarize was asked to keep (or None), the first weighted
    sum that is not finite as (iteration, name, value) (or None), and whether
    a sigmoid is saturated at each iteration (an array)."""

    __slots__ = ()

    @property
    def iterations(self):
        return len(self.error) - 1


def csv_header(example):
    """The CSV file's column names: the source's, where the file names them (see shown)."""
    return ["iteration", *shown(example, ["E_total", *names.weight_names(example),
                                          *sum(names.bias_names(example.start, example.model),
                                               []), *names.output_names(example)])]


def shown(example, quantities):
    """The names of `quantities` as printed: the source's where the example file
    gives them (names.Renaming), else this project's."""
    return [names.rename(example.names, name) for name in quantities]


def csv_rows(first, params, out_o, error):
    """A block of states as CSV rows: iteration, E_total, parameters, outputs."""
    columns = [np.arange(first, first + len(error)), error,
               *(p.reshape(len(error), -1) for p in params), out_o.reshape(len(error), -1)]
    return np.column_stack(columns)


def csv_writer(f, example):
    """summarize's rows for the open file f: the header is written now (quoted
    by the csv module: a field with a comma or a quote, a source's name w1,1, in
    quotes), then each block of states as CSV lines."""
    import csv  # here, not above: a run without --csv starts sooner

    csv.writer(f, lineterminator="\n").writerow(csv_header(example))
    return lambda block: np.savetxt(f, block, fmt=["%d"] + ["%.12g"] * (block.shape[1] - 1),
                                    delimiter=",")


def first_overflow(example, first, nets):
    """(iteration, name, value) of the first weighted sum of a block of states
    (from iteration `first`; nets: each layer's, as stacked_layers gives them)
    that is not finite, sample by sample and layer by layer, or None."""
    flat = np.concatenate(nets, axis=-1).reshape(len(nets[0]), -1)
    bad = np.argwhere(~np.isfinite(flat))
    if bad.size == 0:
        return None
    i, k = bad[0]
    sample, j = divmod(int(k), flat.shape[1] // len(example.x))
    for layer, net in enumerate(nets, 1):  # which layer's neuron j is
        if j < net.shape[-1]:
            break
        j -= net.shape[-1]
    neuron = names.neuron_name(len(nets), layer, j)
    name = f"net_{neuron}{names.sample_suffix(sample, len(example.x))}"
    return first + int(i), name, flat[i, k]


def summarize(step, scheme, example, iterations, lr, rows=None, keep=None, tick=None):
    """The Summary of `iterations` passes of `step` over the example's samples,
    gathered block by block; the same numbers as network.train's record.
    rows, if given, is called with each block's csv_rows; keep: an iteration
    whose Params the Summary keeps; tick, if given, with the number of
    iterations done after each block."""
    marks, errors, finite, out_o, first, kept = checkpoints(iterations), [], [], {}, 0, None
    overflow, saturated = None, []
    for params, _ in states(step, example, iterations, lr, block(example), directions=False):
        # a diverging run's inf, nan or log(0) is said in the report, not warned of
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            nets, layer_outs = stacked_layers(params, example.x, example.model)
            outs = layer_outs[-1]
            error = example.model.loss.error(outs, example.t)
            # a sigmoid layer's dout/dnet = out (1 - out), below epsilon: saturated
            saturated.append(np.logical_or.reduce(
                [(f.slope(net, out) < EPSILON).reshape(len(out), -1).any(1)
                 for f, net, out in zip(example.model.activations, nets, layer_outs[1:])
                 if f.name == "sigmoid"] or [np.zeros(len(outs), bool)]))
        errors.append(error)
        finite.append(np.logical_and.reduce(
            [np.isfinite(p.reshape(len(p), -1)).all(1) for p in params]))
        overflow = overflow or first_overflow(example, first, nets)
        out_o.update({n: outs[n - first] for n in marks if first <= n < first + len(outs)})
        if rows is not None:
            rows(csv_rows(first, params, outs, error))
        if keep is not None and first <= keep < first + len(outs):
            kept = type(params)(*(p[keep - first] for p in params))
        first += len(outs)
        if tick is not None:
            tick(first - 1)
    final = type(params)(*(p[-1] for p in params))
    return Summary(scheme, lr, example, np.concatenate(errors), np.concatenate(finite), out_o,
                   final, kept, overflow, np.concatenate(saturated))


def first_false(flags):
    """The index of the first False in `flags`, or len(flags) if there is none."""
    return len(flags) if flags.all() else int(np.argmin(flags))


def within_resolution(error, rises, outputs):
    """Whether each of the error's rises (indices n: error[n+1] >= error[n]) is no
    larger than `outputs` sigmoid outputs, in (0, 1), changing in their last bits
    can make the 1/2 squared error: it is then at float64's resolution, not rising."""
    # an output in (0, 1) moves by eps/2 a unit in its last place; with each of
    # the m outputs off by two such units, E_total = 1/2 sum (target - out)^2
    # changes by at most eps sum |target - out| + m eps^2/2 <= eps sqrt(2 m E) + m eps^2/2
    bound = EPSILON * np.sqrt(2 * outputs * error[rises]) + outputs * EPSILON**2 / 2
    return bool(np.all(error[rises + 1] - error[rises] <= bound))


def progress_note(summary):
    """Sentences on where the error stopped falling, and why (saturated sigmoids
    or float64's resolution), or where the run stopped being finite."""
    update, updates = ("update", "updates") if len(summary.example.x) == 1 else ("pass", "passes")
    error = summary.error
    not_finite, weights = first_false(np.isfinite(error)), first_false(summary.params_finite)
    if summary.overflow is not None and summary.overflow[0] <= min(not_finite, weights - 1):
        n, name, value = summary.overflow
        return names.overflow_note(names.rename(summary.example.names, name), value, n)
    if not_finite < len(error):
        return f"The error is not finite from iteration {not_finite:,} on: the run diverged."
    if weights < len(error):
        return (f"Some weights are infinite from iteration {weights:,} on: the run diverged "
                "(the saturated sigmoids keep the error finite).")
    if len(error) == 1:
        return f"No {update} was made: this is the initial network."
    rises = np.flatnonzero(np.diff(error) >= 0)
    if rises.size == 0:
        return f"The error fell at every {update}."
    n = int(rises[0])
    count = f"it did not fall at {rises.size:,} of {len(error) - 1:,} {updates}."
    if summary.saturated[n:n + 2].any():
        why = "the sigmoids saturated (a slope out (1 - out) below float64's epsilon)"
    elif (summary.example.model.names[1] == "half_sse"  # within_resolution's bound
          and summary.example.model.activations[-1].name == "sigmoid"
          and within_resolution(error, rises, summary.example.t.size)):
        why = (f"at E_total = {error[n]:.2g} it has reached float64's resolution, where each "
               "rise is no larger than a change in the outputs' last bits can make (not "
               "saturation)")
    else:
        return f"The error stopped falling after iteration {n:,}: {count}"
    return f"The error stopped falling after iteration {n:,}: {why}; {count}"


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
    if example.model.names != WORKED_EXAMPLE.model.names:  # not two sigmoid layers, half_sse
        shape = "-".join(map(str, names.sizes(example.start)))
        lines.append(f"a {shape} network, {example.model.description}")
    if samples > 1:
        lines.append(f"{samples} samples, " + ("online: one update per sample, in file order"
                     if example.online else "batch: one update a pass, the gradient summed "
                     "over the samples"))
    error_name, *outputs = shown(example, ["E_total", *names.output_names(example)])
    columns = outputs if len(outputs) <= OUTPUT_COLUMNS else []
    lines += ["",
             "  ".join([f"{'N':>9}", f"{error_name:>17}", *(f"{name:>12}" for name in columns)])]
    for n in checkpoints(summary.iterations):
        outs = summary.out_o[n].ravel()[:len(columns)]
        # 12 significant digits: fixed decimals would print a small error as 0
        lines.append("  ".join([f"{n:>9,}", f"{summary.error[n]:>#17.12g}",
                                *(f"{o:>12.9f}" for o in outs)]))
    n = summary.iterations
    plural = "" if n == 1 else ("es" if pass_ == "pass" else "s")
    lines += ["", f"after {n:,} {pass_}{plural}:"]
    lines += [f"  {name} = {out:.12f}   (target {target:g})"
              for name, out, target in zip(outputs, summary.out_o[n].ravel(), example.t.ravel())]
    lines += [f"  {error_name} = {summary.error[-1]:#.12g}"]
    params, weights = summary.params, shown(example, names.weight_names(example))
    for W in params.W:  # layer by layer
        lines += layer_lines(weights[:W.size], W)
        weights = weights[W.size:]
    if example.train_biases or not example_file.is_worked_example(example):
        lines += named_lines(shown(example, sum(names.bias_names(params, example.model), [])),
                             np.concatenate(params.b),
                             "" if example.train_biases else "   (not trained)")
    lines += ["", progress_note(summary)]
    return "\n".join(lines)


def opened(path, mode="w"):
    """A file to write `path` through (files.atomic_file); None for a path None."""
    if path is None:
        return nullcontext()
    # here, not above: a run that writes no file starts without files.py's pathlib
    from backprop.files import atomic_file

    return atomic_file(path, mode)


def main(step, scheme, description, argv=None):
    """The training scripts' command line: `scheme` updates by `step`."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse_args(description, argv)
    example = args.example
    lr = example.lr if args.lr is None else args.lr
    # the page and the CSV file opened first: an unwritable path fails at once
    with opened(args.html, "wb") as page:
        with opened(args.csv) as f:
            rows = None if f is None else csv_writer(f, example)
            unit = "updates" if len(example.x) == 1 else "passes"
            with progress.Bar(f"{scheme} updates", args.iterations, unit) as bar:
                summary = summarize(step, scheme, example, args.iterations, lr, rows,
                                    keep=args.trace, tick=bar.show)
        print(report(summary))
        if args.csv is not None:
            print(f"\nwrote {args.csv}: a row per iteration, 0 to {args.iterations:,}")
        if args.trace is not None:
            traced(example, lr, scheme, args, argv, summary, page)
    return 0


def traced(example, lr, scheme, args, argv, summary, page):
    """Print the derivation of the update from iteration args.trace; into the
    open file `page`, if any, as an HTML page."""
    # here: the training scripts start sooner without the derivation
    import shlex

    from backprop import page as pages
    from backprop.derivation import both, explain

    n, sequential = args.trace, scheme == "sequential"
    derivations = both(example, summary.kept, lr, sequential)
    print("\n" + explain(example, lr, sequential,
                         f"The update from iteration {n:,} to {n + 1:,}, step by step",
                         derivations))
    if page is not None:
        shape = "-".join(map(str, names.sizes(example.start)))
        command = shlex.join(["python", f"{SCRIPTS[scheme]}.py", *without(argv, "--html"),
                              "--html", "PATH"])
        page.write(pages.document(
            example, lr, sequential, [pages.Pass(n, summary.kept, derivations, [], {})],
            f"A {shape} network's update from iteration {n:,}, step by step", command).encode())

