"""The published figures this project reproduces, as printed, and the rule for
whether a computed value agrees with one at its printed digits.

Sources: the worked example (../shared/spec/published-values.md, Mazur 2015),
the original C# program's output, and the original README's tables.
"""
from decimal import ROUND_HALF_EVEN, Decimal

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
# The original C# program (animesh/ann, ann/Program.cs), its first two lines.
CSHARP = [
    ("C# Iteration = 1: Error", "0.298371108760003", "error", 1),
    ("C# Iteration = 1: Outputs[0]", "0.751365069552316", "out_o1", 1),
    ("C# Iteration = 1: Outputs[1]", "0.772928465321463", "out_o2", 1),
    ("C# Iteration = 2: Error", "0.291027773693599", "error", 2),
    ("C# Iteration = 2: Outputs[0]", "0.742088111190782", "out_o1", 2),
    ("C# Iteration = 2: Outputs[1]", "0.775284968294459", "out_o2", 2),
]


def rounded(value, published):
    """`value` rounded (half to even, from its exact binary value) to as many
    decimals as `published` shows."""
    return Decimal(float(value)).quantize(Decimal(published), rounding=ROUND_HALF_EVEN)


def agrees(value, published):
    """Whether `value` prints as `published` at the published digits."""
    return rounded(value, published) == Decimal(published)


def value(record, quantity, n):
    """`quantity` ("error", "out_o1" or "out_o2") of `record` after n updates."""
    if quantity == "error":
        return record.error[n]
    return record.out_o[n, int(quantity[-1]) - 1]


def reproductions(published, quantity, rounds, records):
    """The (scheme, n) among the records whose state after n updates, for n the
    nominal number of rounds or one less, agrees with `published`."""
    return [(record.scheme, n)
            for record in records
            for n in (rounds, rounds - 1)
            if 0 <= n <= record.iterations and agrees(value(record, quantity, n), published)]


def describe(scheme, n, rounds):
    """'parallel, after 9,999 updates (before the 10,000th)' and the like."""
    text = f"{scheme}, after {n:,} update{'s' * (n != 1)}"
    if n == rounds - 1:
        text += f" (before update {rounds:,})"
    return text
