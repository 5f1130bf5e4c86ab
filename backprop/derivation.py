"""One update of any one-hidden-layer sigmoid network, derived the way the
worked example derives it, scalar by scalar: each quantity with its name, its
formula, the formula with the numbers put in, and its value.

Used by ann_numpy_no_loop.py (the first update of an example, checked against
published values) and by the training scripts' --trace N (the update from
state N). Names as in backprop/example.py; with several samples, a sample's
own quantities end in _s1, _s2, ... The arithmetic is the training scripts',
one scalar at a time, in the worked example's order.
"""
import math
import textwrap
from collections import namedtuple

import numpy as np

from backprop.activations import sigmoid
from backprop.names import Names, overflow_note, sizes

WIDTH = 100  # the terminal's columns: longer lines are wrapped at a + or -


def factor(x):
    """A factor as printed: 9 significant digits, a negative one in parentheses."""
    text = f"{float(x) + 0.0:.9g}"  # + 0.0: -0.0 prints as 0
    return f"(−{text[1:]})" if text.startswith("-") else text


def result(x):
    """A result as printed: 12 significant digits, the ones every machine agrees
    on (fewer when the rest are zeros)."""
    return f"{float(x) + 0.0:.12g}".replace("-", "−")  # + 0.0: -0.0 prints as 0


class Line(namedtuple("Line", "name formula template factors value compute")):
    """name = formula = template (its {} filled with the factors) = value,
    value = compute(*factors). template None: the line is name = formula = value."""

    __slots__ = ()

    def numbers(self):
        return None if self.template is None else self.template.format(*map(factor, self.factors))

    def text(self):
        """The line as printed, wrapped at WIDTH, indented by two."""
        pad = " " * (len(self.name) + 3)
        head = f"  {self.name} = {self.formula}"
        if self.template in (None, "{}"):  # nothing to compute: one line
            return "\n".join(wrap(f"{head} = {result(self.value)}", len(pad) + 2))
        body = f"{pad}= {self.numbers()} = {result(self.value)}"
        return "\n".join(wrap(head, len(pad) + 2) + wrap(body, len(pad) + 2))


def wrapped(text, indent):
    """Prose indented by `indent`, in lines of at most WIDTH columns."""
    pad = " " * indent
    return textwrap.wrap(text, WIDTH, initial_indent=pad, subsequent_indent=pad + "  ",
                         break_on_hyphens=False)


def wrap(line, indent):
    """`line` broken before a ' + ' or ' − ' into lines of at most WIDTH columns."""
    lines = []
    while len(line) > WIDTH:
        cut = max(line.rfind(" + ", 0, WIDTH), line.rfind(" − ", 0, WIDTH))
        if cut <= indent:
            break
        lines.append(line[:cut])
        line = " " * indent + line[cut + 1:]
    return lines + [line]


Section = namedtuple("Section", "title lines")


def line(name, formula, template, compute, *factors):
    return Line(name, formula, template, factors, compute(*factors), compute)


def given(name, formula, value):
    """A line that names a value already computed: name = formula = value."""
    return Line(name, formula, None, (), value, None)


def product(*factors):
    value = factors[0]
    for f in factors[1:]:
        value = value * f
    return value


def total(*terms):
    return sum(terms)


def sloped(out, same):
    """out (1 - out): the sigmoid's slope at its output (both factors are out)."""
    return out * (1 - same)


def stepped(value, lr, gradient):
    """value - lr * gradient: a parameter after its update."""
    return value - lr * gradient


def weighted_sum(*factors):
    """w1 x1 + w2 x2 + ... + b, from factors (w1, x1, w2, x2, ..., b)."""
    return sum(w * v for w, v in zip(factors[:-1:2], factors[1:-1:2])) + factors[-1]


def forward(names, params, x, t, s, updated=False):
    """Sample s's forward pass: (Section, out_h, out_o); `updated`: the
    parameters are those after the previous sample's update (online)."""
    W1, W2, b1, b2 = params
    of, lines = names.of(s), []

    def layer(W, b, inputs, input_names, weight, bias, neuron):
        outs = []
        for j, row in enumerate(W):
            terms = [f"{weight(j, k)} × {input_names[k]}" for k in range(len(row))]
            factors = [v for w, i in zip(row, inputs) for v in (w, i)]
            factors.append(b[0 if len(b) == 1 else j])
            # net = sum of weight * input + bias
            net = line(f"net_{neuron}{j + 1}{of}", " + ".join(terms + [bias(j)]),
                       " + ".join(["{} × {}"] * len(row) + ["{}"]), weighted_sum, *factors)
            # out = sigma(net) = 1 / (1 + e^-net)
            out = line(f"out_{neuron}{j + 1}{of}", f"1 / (1 + e^(−net_{neuron}{j + 1}))",
                       "1 / (1 + e^(−{}))", sigmoid, net.value)
            lines.extend([net, out])
            outs.append(out.value)
        return outs

    out_h = layer(W1, b1, x, [f"i{k + 1}" for k in range(len(x))], names.w1, names.b1, "h")
    out_o = layer(W2, b2, out_h, [f"out_h{k + 1}" for k in range(len(out_h))], names.w2,
                  names.b2, "o")
    errors = []
    for k, (target, out) in enumerate(zip(t, out_o)):
        # E_o = 1/2 (target - out)^2
        errors.append(line(f"E_o{k + 1}{of}", f"½ (target_o{k + 1} − out_o{k + 1})²",
                           "½ × ({} − {})²", lambda a, b: 0.5 * (a - b) ** 2, target, out))
    lines += errors + [line(f"E_total{of}", " + ".join(e.name for e in errors),
                            " + ".join(["{}"] * len(errors)), total, *(e.value for e in errors))]
    title = "Forward pass" + (f", sample {s + 1}" if names.samples > 1 else "")
    if updated:
        title += f", with the parameters after sample {s}'s update"
    return Section(title, lines), out_h, out_o


def output_layer(names, params, out_h, out_o, t, s):
    """Sample s's output-layer gradients: (Section, dE_total/dW2 rows, deltas dE_o/dnet_o)."""
    of, lines, grads, deltas = names.of(s), [], [], []
    for j, (target, out) in enumerate(zip(t, out_o)):
        o = f"o{j + 1}"
        # dE_total/dout_o = -(target - out_o)
        dE_dout = line(f"dE_total/dout_{o}{of}", f"−(target_{o} − out_{o})", "−({} − {})",
                       lambda a, b: -(a - b), target, out)
        # dout_o/dnet_o = out_o (1 - out_o)
        dout_dnet = line(f"dout_{o}/dnet_{o}{of}", f"out_{o} × (1 − out_{o})", "{} × (1 − {})",
                         sloped, out, out)
        lines += [dE_dout, dout_dnet]
        row = []
        for k, h in enumerate(out_h):
            w = names.w2(j, k)
            # dnet_o/dw = out_h of the hidden neuron the weight comes from
            dnet_dw = given(f"dnet_{o}/d{w}{of}", f"out_h{k + 1}", h)
            # dE_total/dw = dE_total/dout_o * dout_o/dnet_o * dnet_o/dw
            dE_dw = line(f"dE_total/d{w}{of}",
                         f"dE_total/dout_{o} × dout_{o}/dnet_{o} × dnet_{o}/d{w}", "{} × {} × {}",
                         product, dE_dout.value, dout_dnet.value, h)
            lines += [dnet_dw, dE_dw]
            row.append(dE_dw.value)
        grads.append(row)
        # dE_o/dnet_o = dE_total/dout_o * dout_o/dnet_o (delta_o)
        deltas.append(line(f"dE_{o}/dnet_{o}{of}", f"dE_total/dout_{o} × dout_{o}/dnet_{o}",
                           "{} × {}", product, dE_dout.value, dout_dnet.value))
    title = "Output layer" + (f", sample {s + 1}" if names.samples > 1 else "")
    return Section(title, lines), grads, deltas


def hidden_layer(names, W2_seen, seen, deltas, out_h, x, s, biases):
    """Sample s's hidden-layer gradients through W2_seen (named w5.. or w5+..):
    (Section, dE_total/dW1 rows, dE_total/dnet_h, printed if `biases`)."""
    of, lines, grads, hidden_deltas = names.of(s), list(deltas), [], []
    for k, h in enumerate(out_h):
        hk = f"h{k + 1}"
        parts = []
        for j, delta in enumerate(deltas):
            w = names.w2(j, k) + seen
            # dE_o/dout_h = dE_o/dnet_o * dnet_o/dout_h, and dnet_o/dout_h = the weight h -> o
            parts.append(line(f"dE_o{j + 1}/dout_{hk}{of}", f"dE_o{j + 1}/dnet_o{j + 1} × {w}",
                              "{} × {}", product, delta.value, W2_seen[j][k]))
        # dE_total/dout_h = sum over the outputs of dE_o/dout_h
        dE_dout_h = line(f"dE_total/dout_{hk}{of}", " + ".join(p.name.removesuffix(of)
                                                              for p in parts),
                         " + ".join(["{}"] * len(parts)), total, *(p.value for p in parts))
        # dout_h/dnet_h = out_h (1 - out_h)
        dout_dnet = line(f"dout_{hk}/dnet_{hk}{of}", f"out_{hk} × (1 − out_{hk})",
                         "{} × (1 − {})", sloped, h, h)
        lines += parts + [dE_dout_h, dout_dnet]
        row = []
        for i, v in enumerate(x):
            w = names.w1(k, i)
            # dnet_h/dw = the input the weight comes from
            dnet_dw = given(f"dnet_{hk}/d{w}{of}", f"i{i + 1}", v)
            # dE_total/dw = dE_total/dout_h * dout_h/dnet_h * dnet_h/dw
            dE_dw = line(f"dE_total/d{w}{of}",
                         f"dE_total/dout_{hk} × dout_{hk}/dnet_{hk} × dnet_{hk}/d{w}",
                         "{} × {} × {}", product, dE_dout_h.value, dout_dnet.value, v)
            lines += [dnet_dw, dE_dw]
            row.append(dE_dw.value)
        grads.append(row)
        # dE_total/dnet_h = dE_total/dout_h * dout_h/dnet_h (delta_h: the bias's gradient)
        hidden_deltas.append(line(f"dE_total/dnet_{hk}{of}",
                                  f"dE_total/dout_{hk} × dout_{hk}/dnet_{hk}", "{} × {}",
                                  product, dE_dout_h.value, dout_dnet.value))
        lines += hidden_deltas[-1:] if biases else []
    title = ("Hidden layer" + (f", sample {s + 1}" if names.samples > 1 else "")
             + (", through the updated W2 (sequential)" if seen else ""))
    return Section(title, lines), grads, hidden_deltas


def summed(names, grads, batch, weight):
    """dE_total/dw summed over the samples of a batch: (lines, rows)."""
    lines, rows = [], []
    for j in range(len(grads[0])):
        row = []
        for k in range(len(grads[0][j])):
            w = weight(j, k)
            parts = [f"dE_total/d{w}{names.of(s)}" for s in batch]
            sum_line = line(f"dE_total/d{w}", " + ".join(parts), " + ".join(["{}"] * len(parts)),
                            total, *(g[j][k] for g in grads))
            lines.append(sum_line)
            row.append(sum_line.value)
        rows.append(row)
    return lines, rows


def updates(W, grads, lr, weight, after):
    """w+ = w - eta dE_total/dw for every weight of W: (lines, W after)."""
    lines, rows = [], []
    for j, row in enumerate(W):
        new = []
        for k, w in enumerate(row):
            name = weight(j, k)
            # w+ = w - eta dE_total/dw
            new_w = line(f"{name}+{after}", f"{name} − η × dE_total/d{name}", "{} − {} × {}",
                         stepped, w, lr, grads[j][k])
            lines.append(new_w)
            new.append(new_w.value)
        rows.append(new)
    return lines, rows


def bias_lines(names, b, deltas, lr, bias, after):
    """A layer's bias gradients (dnet/db = 1: the sum of the deltas it feeds) and
    updates: (lines, b after). deltas: per neuron, summed over the batch's samples."""
    lines, new = [], []
    groups = [list(range(len(deltas)))] if len(b) == 1 else [[j] for j in range(len(deltas))]
    for j, group in enumerate(groups):
        name = bias(j)
        # dE_total/db = sum of dE/dnet over the neurons b feeds (dnet/db = 1)
        grad = line(f"dE_total/d{name}", " + ".join(deltas[n].name for n in group),
                    " + ".join(["{}"] * len(group)), total, *(deltas[n].value for n in group))
        # b+ = b - eta dE_total/db
        step = line(f"{name}+{after}", f"{name} − η × dE_total/d{name}", "{} − {} × {}",
                    stepped, b[j], lr, grad.value)
        lines += [grad, step]
        new.append(step.value)
    return lines, new


def delta_sums(names, per_sample, batch, neuron):
    """dE_total/dnet summed over a batch's samples, per neuron (Lines)."""
    if len(batch) == 1:
        return per_sample[0]
    return [line(f"dE_total/dnet_{neuron}{j + 1}",
                 " + ".join(d[j].name for d in per_sample), " + ".join(["{}"] * len(batch)),
                 total, *(d[j].value for d in per_sample)) for j in range(len(per_sample[0]))]


Derivation = namedtuple("Derivation", "sections values params error")


# Overflow gives inf or nan, which the derivation names (see overflow), not a warning.
@np.errstate(over="ignore", invalid="ignore")
def derive(params, x, t, lr, sequential, train_biases, online):
    """The derivation of one pass over the samples x, t (one update per sample
    if online, else one for all) from `params` (Params of arrays): Derivation
    of its Sections, {name: value} of every line, the Params after (as lists)
    and E_total after it."""
    W1, W2, b1, b2 = (p.tolist() for p in params)
    names = Names(params, len(x))
    batches = [[s] for s in range(len(x))] if online else [list(range(len(x)))]
    sections = []
    for batch in batches:
        # a single sample's update: its own suffix, online with several samples
        after = names.of(batch[0]) if online else ""
        update_of = (f" for sample {batch[0] + 1}" if after else
                     ", the gradient summed over the samples" if len(batch) > 1 else "")
        passes = []
        for s in batch:
            section, out_h, out_o = forward(names, (W1, W2, b1, b2), x[s], t[s], s,
                                            updated=online and s > 0)
            sections.append(section)
            passes.append((out_h, out_o))
        outputs = [output_layer(names, (W1, W2, b1, b2), out_h, out_o, t[s], s)
                   for s, (out_h, out_o) in zip(batch, passes)]
        sections += [section for section, _, _ in outputs]
        summed_lines, grad_W2 = ([], outputs[0][1]) if len(batch) == 1 else \
            summed(names, [g for _, g, _ in outputs], batch, names.w2)
        W2_lines, W2_new = updates(W2, grad_W2, lr, names.w2, after)
        sections.append(Section(f"Output layer: the update{update_of}", summed_lines + W2_lines))
        seen, W2_seen = ("+" + after, W2_new) if sequential else ("", W2)
        hidden = [hidden_layer(names, W2_seen, seen, deltas, out_h, x[s], s, train_biases)
                  for s, (out_h, _), (_, _, deltas) in zip(batch, passes, outputs)]
        sections += [section for section, _, _ in hidden]
        summed_lines, grad_W1 = ([], hidden[0][1]) if len(batch) == 1 else \
            summed(names, [g for _, g, _ in hidden], batch, names.w1)
        W1_lines, W1_new = updates(W1, grad_W1, lr, names.w1, after)
        sections.append(Section(f"Hidden layer: the update{update_of}", summed_lines + W1_lines))
        if train_biases:
            out_deltas = delta_sums(names, [d for _, _, d in outputs], batch, "o")
            hid_deltas = delta_sums(names, [d for _, _, d in hidden], batch, "h")
            sums = [] if len(batch) == 1 else out_deltas + hid_deltas
            b2_lines, b2_new = bias_lines(names, b2, out_deltas, lr, names.b2, after)
            b1_lines, b1_new = bias_lines(names, b1, hid_deltas, lr, names.b1, after)
            sections.append(Section(f"Biases (dnet/db = 1): the update{update_of}",
                                    sums + b2_lines + b1_lines))
            b1, b2 = b1_new, b2_new
        W1, W2 = W1_new, W2_new
    error = sum(forward(names, (W1, W2, b1, b2), x[s], t[s], s)[0].lines[-1].value
                for s in range(len(x)))
    values = {ln.name: ln.value for section in sections for ln in section.lines}
    return Derivation(sections, values, (W1, W2, b1, b2), error)


def overflow(derivation):
    """(name, value) of the derivation's first value that is not finite, or None."""
    return next(((name, value) for name, value in derivation.values.items()
                 if not math.isfinite(value)), None)


def render(derivation, notes=None):
    """The derivation as printed: each section under its heading, each line
    followed by its note from `notes` ({name: text}), if any."""
    notes = notes or {}
    out = []
    for section in derivation.sections:
        out += ["", section.title, "-" * len(section.title)]
        for ln in section.lines:
            out.append(ln.text())
            if ln.name in notes:
                out += wrapped(notes[ln.name], len(ln.name) + 5)
    return "\n".join(out)


def both(example, params, lr, sequential):
    """(this scheme's Derivation, the other scheme's) of one pass over the
    example's samples from `params`, each with E_total+ (after it) among its values."""
    def one(seq):
        d = derive(params, example.x, example.t, lr, seq, example.train_biases, example.online)
        return d._replace(values={**d.values, "E_total+": d.error})
    return one(sequential), one(not sequential)


def explain(example, lr, sequential, heading, derivations, notes=None):
    """A pass over the example's samples, derived, as printed: `heading`, the
    network and samples, every section, then E_total after the pass under both
    schemes. derivations: both()'s; notes: as for render."""
    x, trained, online = example.x, example.train_biases, example.online
    ours, other = derivations
    n_inputs, n_hidden, n_outputs = sizes(example.start)
    scheme, other_scheme = ("sequential", "parallel") if sequential else ("parallel", "sequential")
    how = ("the output layer first, then the hidden layer through the updated W2"
           if sequential else "every gradient from the parameters before the update")
    lines = [heading, *wrapped(
        f"A {n_inputs}-{n_hidden}-{n_outputs} network, {scheme} scheme ({how}), learning rate "
        f"η = {lr:g}, biases {'trained' if trained else 'not trained'}. Factors to 9 "
        "significant digits, results to 12.", 0)]
    if len(x) > 1:
        lines.append(f"{len(x)} samples, " + ("online: one update per sample, in order:"
                                              if online else "batch: one update, the gradient "
                                              "summed over the samples:"))
        lines += [f"  sample {s + 1}: inputs {', '.join(f'{v:g}' for v in x[s])}; targets "
                  f"{', '.join(f'{v:g}' for v in example.t[s])}" for s in range(len(x))]
    after = "After the pass" if len(x) > 1 and online else "After the update"
    lines += [render(ours, notes), "", after, "-" * len(after),
              given("E_total+", f"E_total of the updated network ({scheme})", ours.error).text()]
    if notes and "E_total+" in notes:
        lines += wrapped(notes["E_total+"], 13)
    lines.append(f"  under the {other_scheme} scheme it would be {result(other.error)}")
    if overflow(ours) is not None:
        lines += ["", *wrapped(overflow_note(*overflow(ours)), 0)]
    return "\n".join(lines)
