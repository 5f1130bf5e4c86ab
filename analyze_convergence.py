"""The numerical comparison of the two schemes, what training the biases
changes, and the reconciliation of every published figure with the
computation that reproduces it.

Run: python analyze_convergence.py [--check]. Prints the analysis and writes
it between the `match` (README.md), `analysis`, `conclusions`, `biases`
(docs/convergence.md) and `reconciliation` (docs/reconciliation.md) markers;
--check writes nothing and fails with a diff when a page is stale.
Iteration N is the state after N updates throughout.
"""
import numpy as np

import ann_numpy_no_loop
from backprop import cli, highprec, published, readme
from backprop.compare import HEADER, ITERATIONS, gain, lead_segments
from backprop.names import bias_names
from backprop.files import ROOT
from backprop.network import B1, B2, LR, RUN_LENGTH, WEIGHT_NAMES, T
from backprop.runs import example_runs, runs
from backprop.schemes import SCHEMES

EXAMPLES = ROOT / "examples"


def lead_table(seq, par):
    rows = []
    for n in ITERATIONS[1:]:
        diff = par.error[n] - seq.error[n]
        lower = "sequential" if diff > 0 else "parallel" if diff < 0 else "equal"
        rows.append((f"{n:,}", lower, f"{-diff:+.3e}",
                     f"{-gain(seq.error[n], par.error[n]):+.6f}%"))
    return readme.markdown_table(
        [HEADER, "Lower error", "Sequential − parallel", "Sequential − parallel (% of parallel)"],
        rows)


def distance_table(seq, par):
    return readme.markdown_table(
        [HEADER, "Seq. abs(out_o1 − 0.01)", "Seq. abs(out_o2 − 0.99)",
         "Par. abs(out_o1 − 0.01)", "Par. abs(out_o2 − 0.99)",
         "Distance, sequential − parallel (% of parallel)"],
        [(f"{n:,}", *(f"{d:.9f}" for r in (seq, par) for d in np.abs(r.out_o[n, 0] - T)),
          f"{-gain(seq.distance(n), par.distance(n)):+.6f}%") for n in ITERATIONS])


def weights_table(seq, par):
    return readme.markdown_table(
        ["Weight", f"Sequential after {RUN_LENGTH:,}", f"Parallel after {RUN_LENGTH:,}",
         "Sequential − parallel"],
        [(name, f"{s:.11f}", f"{p:.11f}", f"{s - p:+.3e}")
         for name, s, p in zip(WEIGHT_NAMES, seq.weights(RUN_LENGTH), par.weights(RUN_LENGTH))])


def gradient_table(seq, par):
    def norms(record, n):
        return (f"{np.linalg.norm(record.grad_W1[n]):.6e}",
                f"{np.linalg.norm(record.grad_W2[n]):.6e}")
    return readme.markdown_table(
        [HEADER, "Seq. ‖dW1‖", "Seq. ‖dW2‖", "Par. ‖dW1‖", "Par. ‖dW2‖"],
        [(f"{n:,}", *norms(seq, n), *norms(par, n)) for n in ITERATIONS])


def analysis_section(seq, par):
    segments = "; ".join(
        f"the {leader} scheme after update{'s' * (b > a)} {a:,}" + (f" to {b:,}" if b > a else "")
        for a, b, leader in lead_segments(seq, par))
    return "\n\n".join([
        f"Which scheme has the lower error, over every iteration from 1 to {RUN_LENGTH:,}: "
        f"{segments}.",
        lead_table(seq, par),
        "Distance of each output from its target, and of both together (Euclidean):",
        distance_table(seq, par),
        f"Final weights after {RUN_LENGTH:,} updates:",
        weights_table(seq, par),
        "How large each step is: the Frobenius norm (the square root of the sum of squares) "
        "of the step taken from iteration N, divided by η. For the parallel scheme, and for "
        "W2 under both schemes, that is the gradient. For the sequential scheme's W1 it is "
        "the hidden-layer step formed through the updated W2.",
        gradient_table(seq, par),
    ]) + "\n"


def original_gains(n, errors, distances):
    """Which of the states after n - 1 and n updates the original README's two
    summary percentages match; errors, distances: the sequential gains then."""
    (_, better, *_), (_, closer, *_) = published.ORIGINAL_SUMMARY[-2:]

    def states(pub, values):
        found = [f"{k:,}" for k, v in zip((n - 1, n), values) if published.agrees(v, pub)]
        return " and ".join(found) if found else "neither"

    return (f"The original README's \"{better}% better\" is the gain after "
            f"{states(better, errors)} updates ({errors[0]:.4f}% and {errors[1]:.4f}%); its "
            f"\"{closer}% closer\" the gain after {states(closer, distances)} "
            f"({distances[0]:.4f}% after {n - 1:,}, {distances[1]:.4f}% after {n:,}).")


def conclusions_section(records):
    seq, par = records["sequential"], records["parallel"]
    (a, b, first), *rest = lead_segments(seq, par)
    n_sum = published.SUMMARY_ROUNDS
    gain_now = gain(seq.error[n_sum], par.error[n_sum])
    gain_before = gain(seq.error[n_sum - 1], par.error[n_sum - 1])
    closer_now = gain(seq.distance(n_sum), par.distance(n_sum))
    closer_before = gain(seq.distance(n_sum - 1), par.distance(n_sum - 1))
    lines = [
        f"- **Which scheme is ahead from the start?** The {first} scheme: it has the lower "
        f"error after update{'s' * (b > a)} {a:,}" + (f" to {b:,}" if b > a else "") +
        f" (after 1 update: sequential {seq.error[1]:.10f}, parallel {par.error[1]:.10f})" +
        "".join(f"; the {leader} scheme leads after updates {c:,} to {d:,}"
                for c, d, leader in rest) +
        ". The original README's \"sequential updates show slightly faster initial "
        f"convergence\" does not hold for the first {b:,} updates.",
        f"- **How much better?** After {n_sum:,} updates the sequential error is "
        f"{gain_now:.4f}% lower than the parallel one ({seq.error[n_sum]:.10f} against "
        f"{par.error[n_sum]:.10f}), and its outputs are {closer_now:.4f}% closer to the "
        f"target. " + original_gains(n_sum, (gain_before, gain_now), (closer_before, closer_now))
        + " After "
        f"{RUN_LENGTH:,} updates the sequential error is "
        f"{gain(seq.error[RUN_LENGTH], par.error[RUN_LENGTH]):.4f}% "
        f"lower ({seq.error[RUN_LENGTH]:.4e} against {par.error[RUN_LENGTH]:.4e}).",
        f"- **Consistent across all iterations?** No: the lead changes hands "
        f"{len(rest)} time{'s' * (len(rest) != 1)} in {RUN_LENGTH:,} updates "
        "(see the analysis above).",
        "- **Which scheme is the worked example's?** The parallel one: it reproduces the "
        "worked example's single step (`python ann_numpy_no_loop.py`) and both lines of the "
        "C# program. Yet the worked example's own error \"after the first round\" and its "
        "outputs after 10,000 rounds are the sequential scheme's (see the reconciliation).",
    ]
    return "\n".join(lines) + "\n"


# The exact values are printed to this many significant digits: as many as the
# C# program prints, the most any source does.
EXACT_DIGITS = 15


def exact_runs():
    """Both schemes at 50 digits (highprec.Run), at every iteration a published
    figure may stand for: the same digits on every machine."""
    return highprec.runs(LR, published.checkpoints())


def fifty_digit_runs():
    """The 50-digit runs exact_runs uses (highprec.run's arguments), which
    regenerate.py computes beside the others."""
    return list(highprec.requests(LR, published.checkpoints()).values())


def reconciliation_rows(exact):
    """(source, published, exact value, what it is) for every published figure,
    the two outputs of one table cell merged into one row. exact: exact_runs()."""
    rows = []
    for source, claimed, pub, quantity, rounds in published.all_figures():
        found = published.reproductions(pub, quantity, rounds, exact)
        scheme, n = found[0] if found else (claimed, rounds)
        ours = f"{published.value(exact, scheme, quantity, n):.{EXACT_DIGITS}g}"
        what = published.describe_all(found, rounds) if found else "**nothing here reproduces it**"
        if rows and rows[-1][0] == source and rows[-1][3] == what:
            rows[-1] = (source, f"{rows[-1][1]}, {pub}", f"{rows[-1][2]}, {ours}", what)
        else:
            rows.append((source, pub, ours, what))
    return rows


def single_step_sentence():
    """How many single-step values agree at their printed digits, and why not all."""
    q = ann_numpy_no_loop.single_step()
    step = published.FORWARD + published.BACKWARD_OUTPUT + published.BACKWARD_HIDDEN
    disagree = [name for name, pub in step if not published.agrees(q[name], pub)]
    note = ann_numpy_no_loop.rounded_intermediate_note(q)
    text = (f"The worked example's single step: {len(step) - len(disagree)} of its {len(step)} "
            "published values agree with the float64 computation at every printed digit "
            "(`python ann_numpy_no_loop.py` prints them all).")
    if disagree == ["dE_o2/dout_h1"] and note:
        return f"{text} The exception: {note}"
    return f"{text} Disagreeing: {', '.join(disagree)}."


# The worked example with its biases fixed, and trained in the two ways an example file allows.
# (the table's label, the label in a sentence, the example file: None for the worked
# example itself, whose runs the tables above share: examples/mazur.json gives the same
# bits, tests/test_examples.py)
BIAS_SETTINGS = (("fixed (the worked example)", "fixed biases", None),
                 ("trained, one per layer", "one trained bias per layer", "mazur_bias_shared.json"),
                 ("trained, one per neuron", "one trained bias per neuron",
                  "mazur_bias_per_neuron.json"))
BIAS_CHECKPOINTS = (1, 100, RUN_LENGTH)


def bias_runs():
    """{(setting, scheme): network.Record of RUN_LENGTH updates} for BIAS_SETTINGS."""
    return {(setting, scheme): record for setting, _, name in BIAS_SETTINGS
            for scheme, record in (runs(RUN_LENGTH) if name is None
                                   else example_runs(RUN_LENGTH, name)).items()}


def biases_section(records):
    def biases(record):
        final = type(record.params)(*(p[-1] for p in record.params))
        names = sum(bias_names(final), [])
        return ", ".join(f"{name} = {value:#.6g}"
                         for name, value in zip(names, np.concatenate(final.b)))

    rows = [(setting, scheme, *(f"{records[setting, scheme].error[n]:#.9g}"
                                for n in BIAS_CHECKPOINTS), biases(records[setting, scheme]))
            for setting, _, _ in BIAS_SETTINGS for scheme in SCHEMES]
    table = readme.markdown_table(
        ["Biases", "Scheme", *(f"E_total after {n:,} update{'s' * (n != 1)}"
                               for n in BIAS_CHECKPOINTS), f"Biases after {RUN_LENGTH:,}"],
        rows, align="llrrrl")
    (fixed, *_), (shared, *_), (per_neuron, *_) = BIAS_SETTINGS

    def fold(setting, scheme):
        return records[fixed, scheme].error[-1] / records[setting, scheme].error[-1]

    per_neuron_lower = [all(records[per_neuron, scheme].error[n] < records[shared, scheme].error[n]
                            for n in BIAS_CHECKPOINTS) for scheme in SCHEMES]
    final = {key: record.error[-1] for key, record in records.items()}
    seq_lower = {words: final[setting, "sequential"] < final[setting, "parallel"]
                 for setting, words, _ in BIAS_SETTINGS}

    def listed(words):
        return " and ".join(f"with {w}" for w in words) if words else "in no setting"
    findings = [
        f"Training the biases lowers E_total after {RUN_LENGTH:,} updates "
        f"{fold(shared, 'parallel'):.1f}-fold with one bias per layer and "
        f"{fold(per_neuron, 'parallel'):.1f}-fold with one per neuron under the parallel scheme "
        f"({fold(shared, 'sequential'):.1f}-fold and {fold(per_neuron, 'sequential'):.1f}-fold "
        f"under the sequential one).",
        ("One bias per neuron ends lower than one per layer at every iteration shown, under "
         "both schemes." if all(per_neuron_lower) else
         "One bias per neuron does not end lower than one per layer at every iteration shown "
         "under both schemes."),
        f"The sequential scheme ends lower than the parallel one "
        f"{listed([w for w, lower in seq_lower.items() if lower])}, not "
        f"{listed([w for w, lower in seq_lower.items() if not lower])}.",
    ]
    files = " and ".join(f"`examples/{name}`" for *_, name in BIAS_SETTINGS[1:])
    intro = (f"The worked example never updates its biases b1 = {B1:g} and b2 = {B2:g}. The "
             f"files {files} are the same network, learning rate {LR:g}, with the biases "
             f"trained: one bias per layer (its gradient is the sum over the neurons it feeds) "
             f"or one per neuron, starting from the same values. Iteration N is the state "
             f"after N updates.")
    return "\n\n".join([intro, table, "\n".join(f"- {line}" for line in findings)]) + "\n"


def match_section(exact):
    """The short answer to 'does it match the worked example?': what reproduces
    each of its figures after a number of rounds, and the one it first printed."""
    rows = [(claim, pub, published.describe_all(published.reproductions(pub, quantity, rounds,
                                                                          exact), rounds))
            for claim, pub, quantity, rounds in published.HEADLINE]
    table = readme.markdown_table(["The worked example's figure", "Published",
                                   "Reproduced by (scheme, state after N updates)"],
                                  rows, align="lrl")
    claim, first, quantity, rounds = published.FIRST_PRINTED
    today = dict((c, pub) for c, pub, _, _ in published.HEADLINE)["E_total after 10,000 rounds"]

    def whose(pub):
        """'the sequential scheme's after 10,000 updates' and the like."""
        return " or ".join(f"the {scheme} scheme's after {n:,} update{'s' * (n != 1)}"
                           for scheme, n in published.reproductions(pub, quantity, rounds, exact))

    # the figures after an update as first printed: the first-printed one replaces today's
    after_update = [(first if (q, n) == (quantity, rounds) else pub, q, n)
                    for _, pub, q, n in published.HEADLINE if n > 0]
    sequential = all(("sequential", n) in published.reproductions(pub, q, n, exact)
                     for pub, q, n in after_update)
    name, url, date = published.FIRST_PRINTED_COPY
    history = (f"A copy of the post committed on {date} ([{name}]({url})) prints the error "
               f"after {rounds:,} rounds as {first}, where the post prints {today} today: "
               f"{first} is {whose(first)}, {today} {whose(today)}.")
    if sequential:
        history += (" So every figure the post first printed after an update ("
                    + ", ".join(pub for pub, _, _ in after_update)
                    + ") is the sequential scheme's, after as many updates as it says.")
    return f"{table}\n\n{history}\n"


def reconciliation_section(exact):
    rows = reconciliation_rows(exact)
    missing = [row[0] for row in rows if "nothing" in row[3]]
    table = readme.markdown_table(
        ["Published figure", "Published", f"Exact (50-digit run, {EXACT_DIGITS} digits shown)",
         "What reproduces it at every printed digit"],
        rows, align="lrrl")
    verdict = (f"Nothing here reproduces: {', '.join(missing)}." if missing else
               f"All {len(rows)} rows are reproduced at every printed digit.")
    return f"{single_step_sentence()}\n\n{table}\n\n{verdict}\n"


SECTIONS = ("match", "analysis", "conclusions", "biases", "reconciliation")


def compute():
    records = runs(RUN_LENGTH)
    seq, par = records["sequential"], records["parallel"]
    biases = bias_runs()
    exact = exact_runs()  # last: regenerate.py computes these 50-digit runs meanwhile
    sections = {"match": match_section(exact),
                "analysis": analysis_section(seq, par),
                "conclusions": conclusions_section(records),
                "biases": biases_section(biases),
                "reconciliation": reconciliation_section(exact)}
    text = "\n\n".join(f"== {name} ==\n\n{body}" for name, body in sections.items())
    return text, sections


def main(argv=None):
    return readme.generator_main(__doc__, compute, SECTIONS, argv)


if __name__ == "__main__":
    cli.run(main)
