"""The worked example's single step, scalar by scalar, beside its published
values; or the same derivation for anyone's network.

Without options: every quantity of the worked example's step (Mazur 2015,
cited in backprop/published.py), one scalar at a time with the example's
names, beside the published value and whether they agree at the printed
digits (to 12 decimals: the digits that are the same on every machine).
With --example FILE, --scheme or --lr: the first update of that network, derived
line by line (backprop/derivation.py), and the file's "published" values
checked line by line.
With --lr: at that learning rate.
Run: python ann_numpy_no_loop.py [--example FILE] [--scheme parallel|sequential] [--lr ETA]
"""
from backprop import cli, derivation, published
from backprop.example import FORMAT, derivation_refusal
from backprop.network import LR, RUN_LENGTH, T, WORKED_EXAMPLE, X
from backprop.cli import positive_number
from backprop.report import example_argument
from backprop.runs import runs

# The digits the worked example prints its intermediate values to.
WORKED_EXAMPLE_DECIMALS = "0.000000001"


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


def rounded_intermediate_note(q):
    """Why the published dE_o2/dout_h1 is one unit off in its last digit, if so."""
    published_value = dict(published.BACKWARD_HIDDEN)["dE_o2/dout_h1"]
    # dE_o2/dout_h1 = dE_o2/dnet_o2 * w7, from dE_o2/dnet_o2 rounded to 9 decimals as printed
    from_rounded, (dE_o2_dnet_o2, w7) = rounded_factors(line_named(worked_step(),
                                                                   "dE_o2/dout_h1"))
    if not published.agrees(from_rounded, published_value):
        return None
    return (f"dE_o2/dout_h1: the computed value {q['dE_o2/dout_h1']:.12f} rounds to "
            f"{published.rounded(q['dE_o2/dout_h1'], published_value)}; the published "
            f"{published_value} is dE_o2/dnet_o2 first rounded to {dE_o2_dnet_o2:.9f}, "
            f"times w7 = {w7}: {from_rounded:.10f}, rounded half away from zero.")


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


def line_named(d, name):
    """The Line of Derivation d that computes `name`, or None."""
    return next((ln for section in d.sections for ln in section.lines if ln.name == name), None)


def rounded_factors(ln):
    """(the line's value from its factors first rounded as the worked example
    prints them, to 9 decimals; those factors), or None for a line without factors."""
    if ln.compute is None:
        return None
    factors = [float(published.rounded(f, WORKED_EXAMPLE_DECIMALS)) for f in ln.factors]
    return ln.compute(*factors), factors


def disagreement(name, digits, ours, other, scheme):
    """Why a published value that disagrees might have been printed, or None."""
    other_scheme = "parallel" if scheme == "sequential" else "sequential"
    if name in other.values and published.agrees(other.values[name], digits):
        return (f"it is the {other_scheme} scheme's value "
                f"({derivation.result(other.values[name])})")
    ln = line_named(ours, name)
    rounded = rounded_factors(ln) if ln is not None else None
    if rounded is not None and published.agrees(rounded[0], digits):
        value, factors = rounded
        return (f"it is the value from the factors first rounded to 9 decimals, as the worked "
                f"example prints them: {ln._replace(factors=factors).numbers()} = "
                f"{derivation.result(value)}")
    return None


def check_published(example, ours, other, scheme):
    """({name: note under its line}, summary lines) for the example's published values."""
    notes, wrong, disagree, missing = {}, [], [], []
    for name, digits in example.published.items():
        if name not in ours.values:
            missing.append(name)
            continue
        value = ours.values[name]
        if published.agrees(value, digits):
            notes[name] = f"published {digits}: agrees"
            continue
        why = disagreement(name, digits, ours, other, scheme)
        wrong.append(name)
        notes[name] = f"published {digits}: DISAGREES" + (f"; {why}" if why else "")
        disagree += derivation.wrapped(
            f"{name}: published {digits}, computed {derivation.result(value)}; "
            + (why or "no explanation found: neither the other scheme nor factors rounded "
                      "to 9 decimals give it"), 2)
    found = len(example.published) - len(missing)
    summary = ["", "Published values", "----------------", *derivation.wrapped(
        f"{found - len(wrong)} of the {found} published values found agree with the {scheme} "
        "scheme at every printed digit (at most 12 significant).", 0)]
    if disagree:
        summary += ["Disagreeing:", *disagree]
    other_scheme = "parallel" if scheme == "sequential" else "sequential"
    theirs = [name for name in missing if name in other.values]
    if theirs:  # dE_total/dw1 (parallel) or step_w1 (sequential)
        summary += derivation.wrapped(f"Only in the {other_scheme} scheme's derivation "
                                      f"(--scheme {other_scheme}): " + ", ".join(theirs), 0)
    if len(theirs) < len(missing):
        # a bias's quantities, when the file does not train the biases
        summary += derivation.wrapped("Not in this derivation (the biases are not trained): "
                                      + ", ".join(n for n in missing if n not in theirs), 0)
    return notes, summary


def derived(example, sequential):
    """The first update of the example, derived, with its published values checked."""
    scheme = "sequential" if sequential else "parallel"
    ours, other = derivation.both(example, example.start, example.lr, sequential)
    notes, summary = (check_published(example, ours, other, scheme) if example.published
                      else ({}, []))
    heading = "The update from iteration 0 to 1, step by step"
    return derivation.ascii_numbers("\n".join([derivation.explain(
        example, example.lr, sequential, heading, (ours, other), notes), *summary]))


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
    args = parser.parse_args(argv)
    derive = not (args.example is None and args.scheme is None and args.lr is None)
    args.example = example_argument(parser, args.example, args.lr) if derive else None
    refusal = None if args.example is None else derivation_refusal(args.example)
    if refusal is not None:
        parser.error(f"argument --example: {refusal}")
    return args


def main(argv=None):
    args = parse_args(argv)
    if args.example is not None:
        print(derived(args.example, args.scheme == "sequential"))
        return 0
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
