"""A worked example's published values marked the way an examiner marks them.
Each value, in the order the derivation (backprop/derivation.py) prints its
quantities, gets the first verdict that fits:

1. AGREES: the exact value prints as published at every digit written (at most
   12 significant, published.agrees);
2. CARRIED: right from the source's own earlier values (error carried forward):
   the line's formula recomputed from its factors as the source has them, each
   its published value where published, else computed line by line from the
   published values it depends on, else exact (a product may also start from a
   published part of it: dE_o1/dnet_o1 x dnet_o1/dw5 for dE_total/dout_o1 x
   dout_o1/dnet_o1 x dnet_o1/dw5); or with the unpublished factors rounded to
   the value's own decimals or significant digits, as a source that rounds as
   it goes does (the worked example's dE_o2/dout_h1); within half a unit of the
   last digit written, so that a tie rounds either way;
3. CONVENTION: a known convention gives it (CONVENTIONS): the other scheme (its
   exact value, or from the source's own values as in 2), the opposite sign, a
   factor of 2 or of 1/n, the value before the update; for a per-pass metric
   (backprop/metrics.py), the state after the pass;
4. WRONG: none does; it should be the value from the source's own earlier
   values where they enter it, else the exact one, at the digits written.
"""
import re
from collections import namedtuple
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext

import numpy as np

from backprop import derivation
from backprop.derivation import Line, product, stepped
from backprop.names import SAMPLE_SUFFIX, rename
from backprop.published import agrees, exact, rounded

AGREES, CARRIED, CONVENTION, WRONG = "agrees", "carried", "convention", "wrong"
VERDICTS = (AGREES, CARRIED, CONVENTION, WRONG)
# What the summary calls each verdict
SAID = {AGREES: "agree", CARRIED: "right from the source's own values",
        CONVENTION: "explained by a convention", WRONG: "wrong"}

# The conventions a source may follow where the file does not (what each does to a value).
OTHER = "the {} scheme"
SIGN = "the opposite sign: the error term (t − o) instead of (o − t)"
TWICE = "a factor of 2: the loss without the ½"
HALF = "a factor of ½: the loss with a ½"
MEAN = "a factor of 1/n: the mean loss, n = {}"
SUM = "a factor of n: the summed loss, n = {}"
BEFORE = "the value before the update instead of after"
AFTER = "the state after the pass instead of before it"
CONVENTIONS = (OTHER, SIGN, TWICE, HALF, MEAN, SUM, BEFORE, AFTER)

# A quantity after an update: w5+, b_h1+_s2
UPDATED = re.compile(r"\+(_s\d+)?$")

# A verdict: the quantity's name, its Printed (published.py), the verdict, why
# (a phrase), the convention's name (CONVENTION) and the value it should have
# (WRONG, as digits), or None; work: the recomputation behind CARRIED or WRONG
# (a Work) or None.
Mark = namedtuple("Mark", "name printed verdict why convention should work")
# A recomputation: the Line as recomputed (its factors the ones used), its value,
# the published quantities it starts from, the factors rounded (name, decimals text).
Work = namedtuple("Work", "line value used rounded")


def within(value, digits):
    """Whether `value` is within half a unit of the last digit of `digits` that
    is compared (at most the 12th significant), a tie either way."""
    printed, value = Decimal(digits), exact(value)
    last = max(printed.as_tuple().exponent, printed.adjusted() - 11)
    with localcontext(Context(prec=40, Emax=MAX_EMAX, Emin=MIN_EMIN)):
        half = Decimal((0, (5,), last - 1)) * (1 + Decimal("1e-9"))
        return value.is_finite() and abs(value - printed) <= half


def decimals(digits):
    """The quantum of `digits`' last decimal (1E-4 for 0.1191), and its significant digits."""
    d = Decimal(digits)
    return Decimal((0, (1,), d.as_tuple().exponent)), max(1, len(d.as_tuple().digits))


def round_significant(value, digits):
    """`value` rounded to `digits` significant digits, half away from zero, as a float."""
    return float(f"{value:.{digits}g}") if value == value else value


def formula_names(ln):
    """The names of a Line's factors, in order (the formula's, one per {})."""
    if ln.inputs is not None:
        return list(ln.inputs)
    if ln.template is None or "{" not in ln.template:
        return []
    pattern = "".join("(.+?)" if part == "\0" else re.escape(part)
                      for part in re.sub(r"\{\d*\}", "\0", ln.template))
    match = re.fullmatch(pattern, ln.formula)
    return list(match.groups()) if match and len(match.groups()) == len(ln.factors) else []


class Source:
    """The derivation's lines as the source has them: its published values where
    published, and what follows from them."""

    def __init__(self, ours, published):
        self.lines = {ln.name: ln for section in ours.sections for ln in section.lines}
        self.published = published  # {name: Printed}
        self.memo = {}
        # a product's leading factors -> the line that is their product (a delta)
        self.products = {}
        for name, ln in self.lines.items():
            if ln.compute is product:
                self.products.setdefault(tuple(self.factors(ln)), name)

    def resolve(self, name, line_name):
        """The line a name in the formula of line `line_name` stands for, or None
        (a parameter, an input, a target, η): the sample's own, else the shared one."""
        of = SAMPLE_SUFFIX.search(line_name)
        for candidate in ([name + of.group()] if of else []) + [name]:
            if candidate in self.lines:
                return candidate
        return None

    def factors(self, ln):
        """The line names of ln's factors (None where a factor is no line)."""
        names = formula_names(ln)
        return [self.resolve(n, ln.name) for n in names] if names else [None] * len(ln.factors)

    def value(self, name):
        """(the value of line `name` by the source's numbers, the published names it
        follows from): published, or recomputed from them, or exact."""
        if name in self.memo:
            return self.memo[name]
        self.memo[name] = (self.lines[name].value, ())  # no cycle can loop
        if name in self.published:
            result = (float(Decimal(self.published[name].digits)), (name,))
        else:
            ln = self.lines[name]
            alias = self.resolve(ln.formula, name) if ln.template is None else None
            if alias is not None and alias != name:
                result = self.value(alias)
            elif ln.compute is None:
                result = (ln.value, ())
            else:
                work = self.work(ln, part=True)
                result = (work.value, work.used) if work.used else (ln.value, ())
        self.memo[name] = result
        return result

    def work(self, ln, part, rounding=None):
        """Work: ln recomputed from its factors' values by the source (part: from a
        published product of its leading factors, if any; rounding: (quantum,
        significant digits) to round its unpublished factors to, or None)."""
        names = self.factors(ln)
        values, used, rounded_names = [], [], []
        for name, value in zip(names, ln.factors):
            if name is None:
                values.append(value)
                continue
            v, u = self.value(name)
            if rounding is not None and name not in self.published:
                quantum, significant = rounding
                v = (float(rounded(v, quantum)) if quantum is not None
                     else round_significant(v, significant))
                places = (f"{-quantum.as_tuple().exponent} decimals" if quantum is not None
                          else f"{significant} significant digits")
                rounded_names.append(f"{name} rounded to {places} ({derivation.result(v)})")
            values.append(v)
            used += u
        if part and ln.compute is product:
            for k in range(len(names) - 1, 1, -1):
                whole = self.products.get(tuple(names[:k]))
                if whole is not None and whole in self.published and whole != ln.name:
                    v, u = self.value(whole)
                    values = [v, *values[k:]]
                    used = [*u, *(x for n in names[k:] if n for x in self.value(n)[1])]
                    recomputed = Line(ln.name, " × ".join([whole, *ln.formula.split(" × ")[k:]]),
                                      " × ".join(["{}"] * len(values)), tuple(values),
                                      product(*values), product)
                    return Work(recomputed, recomputed.value, tuple(dict.fromkeys(used)), ())
        return Work(ln._replace(factors=tuple(values)), ln.compute(*values),
                    tuple(dict.fromkeys(used)), tuple(rounded_names))

    def candidates(self, ln, digits):
        """Every Work of the source's own values for published line ln."""
        works = [self.work(ln, part=False), self.work(ln, part=True)]
        if any(n is not None and n not in self.published for n in self.factors(ln)):
            quantum, significant = decimals(digits)
            works += [self.work(ln, False, (quantum, None)),
                      self.work(ln, False, (None, significant))]
        return [w for w in works if w.used or w.rounded]


def kind(name, ln):
    """"update" (a parameter after its update), "gradient" (a derivative of E),
    "loss" (E) or None."""
    if UPDATED.search(name) and ln is not None and ln.compute is stepped:
        return "update"
    if name.startswith("dE"):
        return "gradient"
    if name.startswith("E_"):
        return "loss"
    return None


def metric_conventions(name, value, after, count):
    """(convention, value) of each convention a per-pass metric `name` (metrics.py)
    of `value` may follow: its value `after` the pass; the running error also
    without the ½ or with it, or averaged over (or summed for) the pass's
    `count` samples x outputs."""
    found = [(TWICE, 2 * value), (HALF, value / 2)] if name == "running_error" else []
    if name == "running_error" and count > 1:
        found += [(MEAN.format(count), value / count), (SUM.format(count), value * count)]
    return found + [(AFTER, after)]


def convention_values(name, ln, factors, value, n, before):
    """(convention, value) of each convention that applies to quantity `name`
    (Line ln, None for E_total+) computed from `factors` (its value: `value`):
    n the samples x outputs a mean loss divides by, `before` the value before
    the update (E_total+: E_total) or None."""
    what = kind(name, ln)
    scaled = [(TWICE, 2), (HALF, 0.5)] + ([(MEAN.format(n), 1 / n), (SUM.format(n), n)]
                                          if n > 1 else [])
    if what == "update":
        w, lr, g = factors
        return ([(SIGN, stepped(w, lr, -g))] + [(c, stepped(w, lr, g * k)) for c, k in scaled]
                + [(BEFORE, w)])
    found = [(SIGN, -value)] if what == "gradient" else []
    found += [(c, value * k) for c, k in scaled] if what in ("gradient", "loss") else []
    if before is not None:
        found.append((BEFORE, before))
    return found


# the recomputations overflow where the derivation did: inf, named by the derivation
@np.errstate(over="ignore", invalid="ignore", divide="ignore")
def mark_all(ours, other, other_scheme, published, n, renaming=None, shifted=None):
    """[Mark] of every published value found in Derivation `ours` (values:
    E_total+ among them), in its order, against the other scheme's Derivation
    `other`; and the published names it does not have. n: the samples x outputs
    of an update (a mean loss's divisor); renaming: the source's names (a
    names.Renaming) the recomputations are written in, or None; shifted:
    {name: [(convention, value)]}, more conventions a value may follow (a
    per-pass metric's, metric_conventions)."""
    source, theirs = Source(ours, published), Source(other, published)
    order = list(dict.fromkeys([*source.lines, "E_total+"]))
    marks = [mark(source, name, published[name], ours, other, other_scheme, n, theirs,
                  (shifted or {}).get(name, []), renaming)
             for name in order if name in published]
    return marks, [name for name in published if name not in ours.values]


def mark(source, name, printed, ours, other, other_scheme, n, theirs, shifted, renaming):
    """The Mark of one published value (theirs: the other scheme's Source;
    shifted: more (convention, value) it may follow)."""
    digits, ln, value = printed.digits, source.lines.get(name), ours.values[name]
    if agrees(value, digits):
        return Mark(name, printed, AGREES, "agrees", None, None, None)
    works = [] if ln is None else source.candidates(ln, digits)
    for work in works:
        if within(work.value, digits):
            return Mark(name, printed, CARRIED, carried_text(work, source.published, renaming),
                        None, None, work)
    convention = OTHER.format(other_scheme)
    if name in other.values and within(other.values[name], digits):
        return Mark(name, printed, CONVENTION,
                    f"{convention}'s value ({derivation.result(other.values[name])})",
                    convention, None, None)
    # the other scheme's value as the source has it: from its own values, or rounded as
    # it rounds (a sequential hidden step through its own rounded w5+)
    other_ln = theirs.lines.get(name)
    for work in [] if other_ln is None else theirs.candidates(other_ln, digits):
        if within(work.value, digits):
            return Mark(name, printed, CONVENTION,
                        carried_text(work, source.published, renaming,
                                     f"{convention}'s value from the source's own values"),
                        convention, None, work)
    before = ours.values.get("E_total") if name == "E_total+" else None
    tries = [(ln.factors if ln else (), value, "")]
    tries += [(w.line.factors, w.value, " from the source's own values") for w in works[:1]
              if not w.rounded and w.line.template == ln.template]
    for factors, v, how in tries:
        for convention, changed in convention_values(name, ln, factors, v, n, before) + (
                shifted if how == "" else []):
            if within(changed, digits):
                return Mark(name, printed, CONVENTION,
                            f"{convention} ({derivation.result(changed)}{how})", convention,
                            None, None)
    work = next((w for w in works if not w.rounded and not agrees(w.value, result_of(value))),
                None)
    right = value if work is None else work.value
    should = str(rounded(right, digits)) if exact(right).is_finite() else \
        derivation.result(right)
    why = (f"should be {should}: exact {derivation.result(value)}" if work is None else
           f"should be {should} from the source's own values: {work_text(work, renaming)} "
           f"(exact {derivation.result(value)})")
    return Mark(name, printed, WRONG, why, None, should, work)


def result_of(value):
    """A value's 12 significant digits, as digits agrees() compares with."""
    return f"{float(value):.12g}"


def work_text(work, renaming=None):
    """formula = the numbers put in = the result, of a Work (its names the
    source's, where `renaming` gives them)."""
    numbers, value = work.line.numbers(), derivation.result(work.value)
    formula = rename(renaming, work.line.formula)
    if numbers is None or numbers.strip("()") == value:  # one factor: nothing to compute
        return f"{formula} = {value}"
    return f"{formula} = {numbers} = {value}"


def source_name(name, printed):
    """A published value as the source has it, and as this project reads it."""
    text = f"{printed.key} = {printed.as_printed}"
    if printed.key != name or printed.digits != printed.as_printed:
        text += f" ({name} = {printed.digits})" if printed.digits != printed.as_printed \
            else f" ({name})"
    return text


def carried_text(work, published, renaming=None, head="right from the source's own values"):
    """The phrase of a CARRIED verdict (or of `head`'s): the recomputation and
    what it starts from."""
    used = ", ".join(source_name(n, published[n]) for n in work.used)
    text = f"{head}: {work_text(work, renaming)}"
    if work.rounded:
        text += f", with {' and '.join(work.rounded)}, as the value is written"
    if used:
        text += f"; from the source's {used}"
    return text
