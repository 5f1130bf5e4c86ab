"""The worked example's single step, scalar by scalar, beside its published
values; or the same derivation for anyone's network.

Without options: every quantity of the worked example's step (Mazur 2015,
cited in backprop/published.py), one scalar at a time with the example's
names, beside the published value and whether they agree at the printed
digits (to 12 decimals: the digits that are the same on every machine).
With --example FILE, --scheme or --lr: the first update of that network (at
that learning rate), derived line by line (backprop/derivation.py), and the
file's published values marked as an examiner does (backprop/marking.py);
exit status 1 if one is wrong. With --html PATH, also the same as one
self-contained HTML page (backprop/page.py).
Run: python ann_numpy_no_loop.py [--example FILE] [--scheme parallel|sequential] [--lr ETA]
       [--html PATH]
"""
import shlex
import sys
from collections import Counter

from backprop import cli, derivation, marking, metrics, page, published, schemes
from backprop.cli import positive_number
from backprop.example import FORMAT, derivation_refusal
from backprop.files import ROOT, atomic_file
from backprop.network import LR, RUN_LENGTH, T, WORKED_EXAMPLE, X
from backprop.report import example_argument, summarize
from backprop.names import rename, sizes
from backprop.runs import runs

def worked_step():
    """The derivation of the worked example's step (parallel)."""
    example = WORKED_EXAMPLE
    return derivation.derive(example.start, example.x, example.t, LR, False, False, True,
                             example.model)


def single_step():
    """Every quantity of the worked example's step, by the name it is published under."""
    values = worked_step().values
    step = published.FORWARD + published.BACKWARD_OUTPUT + published.BACKWARD_HIDDEN
    return {name: values[name.replace(" after the update", "+")] for name, _ in step}


def worked_marks():
    """[Mark] of the worked example's published single-step values (backprop/marking.py)."""
    step = published.FORWARD + published.BACKWARD_OUTPUT + published.BACKWARD_HIDDEN
    values = {name.replace(" after the update", "+"): digits for name, digits in step}
    printed = {name: published.Printed(digits, name, digits) for name, digits in values.items()}
    ours, other = derivation.both(WORKED_EXAMPLE, WORKED_EXAMPLE.start, LR, False)
    return marking.mark_all(ours, other, "sequential", printed, 1)[0]


def rounded_intermediate_note(q):
    """Why the published dE_o2/dout_h1 is one unit off in its last digit, if so:
    the marking finds it right from the worked example's own value of
    dE_o2/dnet_o2 rounded as it prints it."""
    published_value = dict(published.BACKWARD_HIDDEN)["dE_o2/dout_h1"]
    m = next(m for m in worked_marks() if m.name == "dE_o2/dout_h1")
    if m.verdict != marking.CARRIED or not m.work.rounded:
        return None
    # dE_o2/dout_h1 = dE_o2/dnet_o2 * w7, from dE_o2/dnet_o2 rounded as printed
    dE_o2_dnet_o2, w7 = m.work.line.factors
    return (f"dE_o2/dout_h1: the computed value {q['dE_o2/dout_h1']:.12f} rounds to "
            f"{published.rounded(q['dE_o2/dout_h1'], published_value)}; the published "
            f"{published_value} is dE_o2/dnet_o2 first rounded to {dE_o2_dnet_o2:.9f}, "
            f"times w7 = {w7}: {m.work.value:.10f}, rounded half away from zero.")


def print_table(title, rows):
    """rows: (name, published, computed); returns the names that disagree."""
    print(f"\n{title}")
    print(f"  {'quantity':<30} {'published':>17}  {'computed (float64)':>18}  agrees")
    disagree = []
    for name, pub, value in rows:
        ok = published.agrees(value, pub)
        print(f"  {name:<30} {pub:>17}  {value:>18.12f}  {'yes' if ok else 'NO'}")
        disagree += [] if ok else [name]
    return disagree


def state(example, scheme, n):
    """The example's Params after n passes of `scheme`."""
    if n == 0:
        return example.start
    step = schemes.script(scheme).step
    return summarize(step, scheme, example, n, example.lr, keep=n).kept


def marked(example, sequential, n, published_values):
    """(this scheme's Derivation of the update from iteration n, the other
    scheme's, [Mark], the published names not in it) for one iteration's values;
    with published metrics (backprop/metrics.py), each Derivation ends in them."""
    scheme, other_scheme = schemes.named(sequential)
    at = {s: state(example, s, n) for s in (scheme, other_scheme)}
    ours = derivation.both(example, at[scheme], example.lr, sequential)[0]
    other = derivation.both(example, at[other_scheme], example.lr, not sequential)[0]
    count = derivation.mse_count(1 if example.online else len(example.x), example.t.shape[1])
    wanted = [name for name in metrics.NAMES if name in published_values]
    shifted = {}
    if wanted:
        ours = metrics.with_metrics(example, at[scheme], ours, n, wanted)
        other = metrics.with_metrics(example, at[other_scheme], other, n, wanted)
        after = metrics.after(example, ours, wanted)
        shifted = {name: marking.metric_conventions(name, ours.values[name], after[name],
                                                    example.t.size) for name in wanted}
    marks, missing = marking.mark_all(ours, other, other_scheme, published_values, count,
                                      example.names, shifted)
    return ours, other, marks, missing


def note(m, key=True, renaming=None):
    """The note under a marked value's line (`key`: with the source's name for
    it, unless the line is printed in it: `renaming`, the file's names)."""
    p = m.printed
    text = f"published {p.as_printed}"
    if key and p.key not in (m.name, rename(renaming, m.name)):
        text += f" as {p.key}"
    if p.digits != p.as_printed:
        text += f" (read as {p.digits}: the error term t − o)"
    return text + ": " + {marking.AGREES: "agrees", marking.CARRIED: m.why,
                          marking.CONVENTION: f"explained by {m.why}",
                          marking.WRONG: f"WRONG: {m.why}"}[m.verdict]


def summary(example, scheme, marked_iterations):
    """The lines at the top: how many of each verdict, then each value that does
    not agree, one a line, and the published names not in the derivation."""
    marks = [(n, m) for n, (_, _, ms, _) in marked_iterations.items() for m in ms]
    missing = [(n, name) for n, (*_, absent) in marked_iterations.items() for name in absent]
    label = (lambda n: "") if list(marked_iterations) == [0] else (lambda n: f"[iteration {n}] ")
    count = {v: sum(m.verdict == v for _, m in marks) for v in marking.VERDICTS}
    which = Counter(m.convention for _, m in marks if m.verdict == marking.CONVENTION)
    said = dict(marking.SAID)
    if which:
        said[marking.CONVENTION] += " (" + "; ".join(f"{c}: {k}" for c, k in which.items()) + ")"
    head = f"Published values, against the {scheme} scheme"
    lines = [head, "-" * len(head), *derivation.wrapped(
        f"{count[marking.AGREES]} of {len(marks)} agree, " + ", ".join(
            f"{count[v]} {said[v]}" for v in marking.VERDICTS[1:]) + ".", 0)]
    titles = {marking.CARRIED: "Right from the source's own values (error carried forward):",
              marking.CONVENTION: "Explained by a convention:", marking.WRONG: "Wrong:"}
    for verdict, title in titles.items():
        chosen = [(n, m) for n, m in marks if m.verdict == verdict]
        if chosen:
            lines.append(title)
            for n, m in chosen:
                name = m.name if m.printed.key == m.name else f"{m.printed.key} ({m.name})"
                lines += derivation.wrapped(f"{label(n)}{name}: {note(m, False)}", 2)
    other_scheme = schemes.named(scheme == "sequential")[1]
    theirs = [(n, name) for n, name in missing if name in marked_iterations[n][1].values]
    if theirs:  # dE_total/dw1 (parallel) or step_w1 (sequential)
        lines.append(f"Only in the {other_scheme} scheme's derivation (--scheme {other_scheme}):")
        lines += [f"  {label(n)}{name}" for n, name in theirs]
    if len(theirs) < len(missing):
        # a bias's quantities, when the file does not train the biases
        lines.append("Not in this derivation (the biases are not trained):")
        lines += [f"  {label(n)}{name}" for n, name in missing if (n, name) not in theirs]
    return lines, count[marking.WRONG]


def derived(example, sequential):
    """(the example's first update derived, or with published values the update
    from each iteration they are given for, each value marked; how many are wrong)."""
    scheme, _ = schemes.named(sequential)
    if not example.published:
        heading = "The update from iteration 0 to 1, step by step"
        return derivation.ascii_numbers(derivation.explain(
            example, example.lr, sequential, heading,
            derivation.both(example, example.start, example.lr, sequential))), 0
    done = {n: marked(example, sequential, n, values) for n, values in example.published.items()}
    lines, wrong = summary(example, scheme, done)
    for n, (ours, other, marks, _) in done.items():
        heading = f"The update from iteration {n:,} to {n + 1:,}, step by step"
        lines += ["", derivation.explain(example, example.lr, sequential, heading, (ours, other),
                                         {m.name: note(m, True, example.names) for m in marks})]
    return derivation.ascii_numbers("\n".join(lines)), wrong


def passes(example, sequential):
    """[page.Pass] of what derived() prints: the first update, or the update
    from each iteration with published values, those values marked."""
    scheme, _ = schemes.named(sequential)
    if not example.published:
        return [page.Pass(0, example.start, derivation.both(example, example.start, example.lr,
                                                            sequential), [], {})]
    done = []
    for n, values in example.published.items():
        ours, other, marks, _ = marked(example, sequential, n, values)
        done.append(page.Pass(n, state(example, scheme, n), (ours, other), marks,
                              {m.name: note(m, True, example.names) for m in marks}))
    return done


def worked_pass():
    """The page.Pass of the worked example's step, its published values marked."""
    marks = worked_marks()
    return page.Pass(0, WORKED_EXAMPLE.start,
                     derivation.both(WORKED_EXAMPLE, WORKED_EXAMPLE.start, LR, False), marks,
                     {m.name: note(m) for m in marks})


def html(argv, command=None):
    """The page (bytes) that `ann_numpy_no_loop.py ARGV --html PATH` writes (argv
    without --html); `command`: the command line its foot names (None: this one)."""
    args = parse_args(argv)
    if args.example is None:
        example, sequential, done = WORKED_EXAMPLE, False, [worked_pass()]
        title = "The worked example's update (Mazur 2015), step by step"
    else:
        example, sequential = args.example, args.scheme == "sequential"
        done = passes(example, sequential)
        shape = "-".join(map(str, sizes(example.start)))
        title = f"A {shape} network's update, step by step"
    if command is None:
        command = shlex.join(["python", "ann_numpy_no_loop.py", *argv, "--html", "PATH"])
    return page.document(example, example.lr, sequential, done, title, command).encode()


def page_command(example_file, name):
    """(argv, the command line) of the committed page docs/`name` of `example_file`
    (relative to the project's folder; None: the worked example)."""
    shown = [] if example_file is None else ["--example", example_file]
    argv = [] if example_file is None else ["--example", str(ROOT / example_file)]
    return argv, shlex.join(["python", "ann_numpy_no_loop.py", *shown, "--html", f"docs/{name}"])


def parse_args(argv):
    parser = cli.Parser(description=__doc__, epilog=FORMAT, formatter_class=cli.RAW)
    parser.add_argument("--example", metavar="FILE",
                        help="derive the first update of the network in this JSON file "
                             "(format below) and check its published values")
    parser.add_argument("--scheme", choices=("parallel", "sequential"),
                        help="the scheme to derive (default: parallel, the worked example's "
                             "text); alone, for the worked example")
    parser.add_argument("--lr", type=positive_number,
                        help="learning rate eta, finite and positive (default: the file's; "
                             "the worked example's is 0.5); alone, for the worked example")
    parser.add_argument("--html", metavar="PATH",
                        help="also write the derivation as one self-contained HTML page "
                             "(the network drawn, every line, the verdicts)")
    args = parser.parse_args(argv)
    derive = not (args.example is None and args.scheme is None and args.lr is None)
    args.example = example_argument(parser, args.example, args.lr) if derive else None
    refusal = None if args.example is None else derivation_refusal(args.example)
    if refusal is not None:
        parser.error(f"argument --example: {refusal}")
    return args


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse_args(argv)
    if args.html is not None:
        # opened first: an unwritable path fails at once, and no half-written page is left
        with atomic_file(args.html, "wb") as f:
            f.write(html(cli.without(argv, "--html")))
    if args.example is not None:
        text, wrong = derived(args.example, args.scheme == "sequential")
        print(text)
        # 1 when a published value is wrong: a teacher can mark many files by script
        return 1 if wrong else 0
    q = single_step()
    print(f"Worked example: one parallel step at eta = {LR}, inputs {X[0]}, {X[1]}, "
          f"targets {T[0]}, {T[1]}.")
    disagree = []
    for title, pairs in [("Forward pass (iteration 0, the initial network)", published.FORWARD),
                         ("Backward pass, output layer", published.BACKWARD_OUTPUT),
                         ("Backward pass, hidden layer (original w5..w8)",
                          published.BACKWARD_HIDDEN)]:
        disagree += print_table(title, [(name, pub, q[name]) for name, pub in pairs])
    note = rounded_intermediate_note(q)
    for name in disagree:
        print(f"\n  {note}" if name == "dE_o2/dout_h1" and note else
              f"\n  {name}: differs from the exact computation; no explanation found.")

    records = runs(RUN_LENGTH)
    # The text's procedure is the parallel scheme; the C# program prints, at its
    # Iteration = k, the state after k - 1 updates.
    figures = [(claim, pub, quantity, rounds,
                published.value(records, "parallel", quantity,
                                rounds - claim.startswith("C#")))
               for claim, pub, quantity, rounds in published.HEADLINE + published.CSHARP]
    disagree = print_table(
        "Figures after a number of rounds, against the text's procedure: parallel updates, "
        "the state after that many updates\n(the C# program's Iteration = k: after k - 1 "
        "updates)", [(claim, pub, computed) for claim, pub, _, _, computed in figures])
    for claim, pub, quantity, rounds, _ in figures:
        if claim in disagree:
            found = published.reproductions(pub, quantity, rounds, records)
            print(f"  {claim} {pub} is reproduced by: "
                  + (published.describe_all(found, rounds) if found else "nothing here"))
    return 0


if __name__ == "__main__":
    cli.run(main)
