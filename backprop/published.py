"""The published figures this project reproduces, as printed, and the rule for
whether a computed value agrees with one at its printed digits.

Sources, copied here digit for digit:
- the worked example: Matt Mazur, "A Step by Step Backpropagation Example",
  2015-03-17, https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/
- the original C# program's first two lines of output:
  https://github.com/animesh/ann/blob/master/ann/Program.cs
- the original README's tables: https://github.com/animesh/ANN (folder numpy/).
- the worked example as first printed, in a copy of the post committed on
  2017-01-27: https://github.com/vortune/actual-number-backpropagation
  (commit 98b2688, A_Step_by_Step_Backpropagation_Example.md).
"""
from collections import namedtuple
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal

from backprop.compare import gain

# A value an example file publishes: its digits in this project's conventions
# (its sign turned where the file declares the error term t - o), the key the
# file gives it (the source's name for it) and its digits as written there.
Printed = namedtuple("Printed", "digits key as_printed")

# Worked example, single step: (name, published value as printed).
FORWARD = [
    ("net_h1", "0.3775"),
    ("out_h1", "0.593269992"),
    ("out_h2", "0.596884378"),
    ("net_o1", "1.105905967"),
    ("out_o1", "0.75136507"),
    ("out_o2", "0.772928465"),
    ("E_o1", "0.274811083"),
    ("E_o2", "0.023560026"),
    ("E_total", "0.298371109"),
]
BACKWARD_OUTPUT = [
    ("dE_total/dout_o1", "0.74136507"),
    ("dout_o1/dnet_o1", "0.186815602"),
    ("dnet_o1/dw5", "0.593269992"),
    ("dE_total/dw5", "0.082167041"),
    ("w5 after the update", "0.35891648"),
    ("w6 after the update", "0.408666186"),
    ("w7 after the update", "0.511301270"),
    ("w8 after the update", "0.561370121"),
]
BACKWARD_HIDDEN = [
    ("dE_o1/dnet_o1", "0.138498562"),
    ("dE_o1/dout_h1", "0.055399425"),
    ("dE_o2/dout_h1", "-0.019049119"),
    ("dE_total/dout_h1", "0.036350306"),
    ("dout_h1/dnet_h1", "0.241300709"),
    ("dE_total/dw1", "0.000438568"),
    ("w1 after the update", "0.149780716"),
    ("w2 after the update", "0.19956143"),
    ("w3 after the update", "0.24975114"),
    ("w4 after the update", "0.29950229"),
]
# Figures reported for a number of rounds: (claim, published, quantity, rounds).
# quantity names a field of network.Record: "error" or "out_o1"/"out_o2".
HEADLINE = [
    ("E_total before any update", "0.298371109", "error", 0),
    ("E_total after the first round", "0.291027924", "error", 1),
    ("E_total after 10,000 rounds", "0.0000351085", "error", 10_000),
    ("out_o1 after 10,000 rounds", "0.015912196", "out_o1", 10_000),
    ("out_o2 after 10,000 rounds", "0.984065734", "out_o2", 10_000),
]
# The 10,000-round error as the post first printed it (the copy of 2017-01-27 cited
# above); the post prints 0.0000351085 today (HEADLINE).
FIRST_PRINTED = ("E_total after 10,000 rounds, as first printed", "0.000035085", "error", 10_000)
FIRST_PRINTED_COPY = ("vortune/actual-number-backpropagation",
                      "https://github.com/vortune/actual-number-backpropagation", "2017-01-27")
# The original C# program (animesh/ann, ann/Program.cs), its first two lines.
CSHARP = [
    ("C# Iteration = 1: Error", "0.298371108760003", "error", 1),
    ("C# Iteration = 1: Outputs[0]", "0.751365069552316", "out_o1", 1),
    ("C# Iteration = 1: Outputs[1]", "0.772928465321463", "out_o2", 1),
    ("C# Iteration = 2: Error", "0.291027773693599", "error", 2),
    ("C# Iteration = 2: Outputs[0]", "0.742088111190782", "out_o1", 2),
    ("C# Iteration = 2: Outputs[1]", "0.775284968294459", "out_o2", 2),
]


# A float64 run keeps at least this many correct significant digits (prove.py
# shows it); the digits after them differ from machine to machine, so no
# comparison uses them.
TRUSTED_DIGITS = 12


def exact(value):
    """A float (from its exact binary value) or a Decimal, as a Decimal."""
    return value if isinstance(value, Decimal) else Decimal(float(value))


def rounded(value, published):
    """`value` rounded (half to even) to as many decimals as `published` shows,
    for a `published` of any exponent; an infinite or nan `value` stays as it is."""
    value, last = exact(value), Decimal(published).as_tuple().exponent
    if not value.is_finite():
        return value
    # decimals below the value's own last digit are zeros: rounding there changes nothing
    last = max(last, value.as_tuple().exponent)
    # the digits the rounded value has, one more for a carry (0.96 to 1.0)
    digits = max(1, value.adjusted() - last + 2)
    context = Context(prec=digits, rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN)
    return value.quantize(Decimal((0, (1,), last)), context=context)


def agrees(value, published):
    """Whether `value` prints as `published` at the published digits, up to the
    TRUSTED_DIGITS-th significant one (only the C# program prints more)."""
    printed = Decimal(published)
    last = max(printed.as_tuple().exponent, printed.adjusted() - TRUSTED_DIGITS + 1)
    quantum = Decimal((0, (1,), last))  # 1E<last>, for any exponent
    return rounded(value, quantum) == rounded(printed, quantum)


# The original README (https://github.com/animesh/ANN, numpy/README.md).
# "Detailed Comparison Table": iterations, sequential [o1, o2], parallel [o1, o2].
ORIGINAL_OUTPUTS = [
    (1, ("0.75136507", "0.77292847"), ("0.74208811", "0.77528497")),
    (2, ("0.74208844", "0.77528538"), ("0.73247687", "0.77758193")),
    (5, ("0.71228562", "0.78200785"), ("0.70172928", "0.78413744")),
    (10, ("0.65689948", "0.79217359"), ("0.64517373", "0.79406246")),
    (100, ("0.17704935", "0.87728867"), ("0.17580714", "0.87774294")),
    (1_000, ("0.04406920", "0.95728851"), ("0.04405289", "0.95730291")),
    (10_000, ("0.01591276", "0.98406517"), ("0.01591362", "0.98406427")),
]
# "Error Progression": iterations, sequential error, parallel error.
ORIGINAL_ERRORS = [
    (1, "0.2983711088", "0.2983711088"),
    (2, "0.2910279239", "0.2910277737"),
    (5, "0.2682329155", "0.2682327612"),
    (10, "0.2288071136", "0.2288087405"),
    (100, "0.0203046657", "0.0203118271"),
    (1_000, "0.0011153760", "0.0011157856"),
    (10_000, "0.0000350915", "0.0000351085"),
]
# "Numerical Summary (100 iterations)"; the gains are percentages.
ORIGINAL_SUMMARY = [
    ("Sequential Error", "0.02030467", "sequential", "error"),
    ("Parallel Error", "0.02031183", "parallel", "error"),
    ("Sequential Prediction o1", "0.177049", "sequential", "out_o1"),
    ("Sequential Prediction o2", "0.877289", "sequential", "out_o2"),
    ("Parallel Prediction o1", "0.177081", "parallel", "out_o1"),
    ("Parallel Prediction o2", "0.877272", "parallel", "out_o2"),
    ("sequential error better by (%)", "0.0353", "both", "error_gain"),
    ("sequential closer to target by (%)", "0.0176", "both", "distance_gain"),
]
SUMMARY_ROUNDS = 100


def original_figures():
    """Every figure of the original README's tables and summary as
    (source, claimed scheme, published, quantity, rounds)."""
    figures = []
    for rounds, seq, par in ORIGINAL_OUTPUTS:
        for scheme, pair in (("sequential", seq), ("parallel", par)):
            figures += [(f"Comparison table, {rounds:,}, {scheme}", scheme, pair[k],
                         f"out_o{k + 1}", rounds) for k in range(2)]
    for rounds, seq, par in ORIGINAL_ERRORS:
        figures += [(f"Error table, {rounds:,}, {scheme}", scheme, value, "error", rounds)
                    for scheme, value in (("sequential", seq), ("parallel", par))]
    figures += [(f"Summary: {name}", scheme, pub, quantity, SUMMARY_ROUNDS)
                for name, pub, scheme, quantity in ORIGINAL_SUMMARY]
    return figures


def all_figures():
    """Every published figure reported after a number of rounds, as
    (source, claimed scheme, published, quantity, rounds): the worked example's
    and the C# program's (whose text describes the parallel scheme), then the
    original README's."""
    return [(claim, "parallel", pub, quantity, rounds)
            for claim, pub, quantity, rounds in HEADLINE + CSHARP] + original_figures()


def checkpoints():
    """Every iteration a published figure may stand for: its rounds, or one less."""
    return sorted({n for *_, rounds in all_figures() for n in (rounds, rounds - 1) if n >= 0})


def value(records, scheme, quantity, n):
    """`quantity` of the `scheme` run after n updates (records: scheme ->
    network.Record or highprec.Run): "error", "out_o1", "out_o2", or for scheme
    "both" the sequential scheme's gain over the parallel one in percent,
    "error_gain" (in E_total) or "distance_gain" (in the Euclidean distance of
    the outputs from the target)."""
    seq, par = records["sequential"], records["parallel"]
    if quantity == "error_gain":
        return gain(seq.error[n], par.error[n])
    if quantity == "distance_gain":
        return gain(seq.distance(n), par.distance(n))
    if quantity == "error":
        return records[scheme].error[n]
    return records[scheme].out_o[n][0][int(quantity[-1]) - 1]  # the only sample


def reproductions(published, quantity, rounds, records):
    """The (scheme, n) whose state after n updates agrees with `published`, for n
    the nominal number of rounds or one less (the state before the last update).
    Scheme "both" is the comparison of the two."""
    schemes = ["both"] if quantity.endswith("_gain") else ["parallel", "sequential"]
    return [(scheme, n) for scheme in schemes for n in (rounds, rounds - 1)
            if 0 <= n <= records["parallel"].iterations
            and agrees(value(records, scheme, quantity, n), published)]


def describe_all(found, rounds):
    """What reproduces a figure, from reproductions(): 'sequential, after 1 update'
    and the like, joined by semicolons, both schemes at once where they agree."""
    steps = sorted({n for _, n in found}, reverse=True)
    return "; ".join(describe("either scheme" if len([s for s, k in found if k == n]) == 2
                              else next(s for s, k in found if k == n), n, rounds)
                     for n in steps)


def describe(scheme, n, rounds):
    """'parallel, after 9,999 updates (before update 10,000)' and the like."""
    who = "sequential vs parallel" if scheme == "both" else scheme
    text = f"{who}, after {n:,} update{'s' * (n != 1)}"
    if n == rounds - 1:
        text += f" (before update {rounds:,})"
    return text
