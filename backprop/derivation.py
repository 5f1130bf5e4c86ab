"""One update of any network of layers (any depth, activations, loss, biases or
thresholds), derived the way the worked example derives it, scalar by scalar:
each quantity with its name, its formula, the formula with the numbers put in,
and its value. The output layer first, then each layer below.

Used by ann_numpy_no_loop.py (the first update of an example, checked against
published values) and by the training scripts' --trace N (the update from
state N). Names as in backprop/names.py; with several samples, a sample's own
quantities end in _s1, _s2, ... The arithmetic is the training scripts', one
scalar at a time, with the activations and losses of backprop/activations.py.
"""
import math
import re
import string
import textwrap
from collections import namedtuple

import numpy as np

from backprop.activations import OUT_MINUS_T_FORMULA, is_out_minus_t
from backprop.names import Names, overflow_note, rename, sizes
from backprop.network import WORKED_EXAMPLE
from backprop.schemes import named

WIDTH = 100  # the terminal's columns: longer lines are wrapped at a + or −
# a negative factor, printed in parentheses, that fills a pair of them: ((-0.25)) or ((-0.25),
LONE = re.compile(r"\(\((-[^()]*)\)([),])")
# A minus sign (U+2212) before a digit: a number's sign, printed as ASCII "-" so that
# every number can be pasted into float() or a spreadsheet; an operator keeps "−".
NUMBER_SIGN = re.compile(r"−(?=[0-9.])")


def factor(x):
    """A factor as printed: 9 significant digits, a negative one in parentheses."""
    text = f"{float(x) + 0.0:.9g}"  # + 0.0: -0.0 prints as 0
    return f"({text})" if text.startswith("-") else text


def result(x):
    """A result as printed: 12 significant digits, the ones every machine agrees
    on (fewer when the rest are zeros), its sign the ASCII "-"."""
    return f"{float(x) + 0.0:.12g}"  # + 0.0: -0.0 prints as 0


def ascii_numbers(text):
    """`text` with every number's sign ASCII: a formula's −2 or e^(−0.1) as -2, e^(-0.1)."""
    return NUMBER_SIGN.sub("-", text)


class Line(namedtuple("Line", "name formula template factors value compute inputs",
                      defaults=(None,))):
    """name = formula = template (its {} filled with the factors) = value,
    value = compute(*factors). template None: the line is name = formula = value.
    inputs: the factors' names, where the formula does not show them in order
    (a formula of activations.py); None: the formula's names, one per {}."""

    __slots__ = ()

    def numbers(self):
        if self.template is None:
            return None
        # a negative factor alone in parentheses needs no more: max(-0.25, 0), e^(−(-0.066))
        return ascii_numbers(LONE.sub(r"(\1\2", self.template.format(*map(factor,
                                                                          self.factors))))

    def text(self):
        """The line as printed, wrapped at WIDTH, indented by two."""
        pad = " " * (len(self.name) + 3)
        head = f"  {self.name} = {self.formula}"
        if self.template is not None and "{" not in self.template:  # a constant: as given
            return "\n".join(wrap(head, len(pad) + 2))
        if self.template in (None, "{}", "{0}"):  # nothing to compute: one line
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


def fields(formula):
    """The named fields of a printed formula (activations.py's FORMULAS), in order, once each."""
    return list(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(formula) if f))


def formula_line(name, formula, variables, compute):
    """The line of a printed formula of activations.py (a string, or a pair: with
    names, with the numbers put in): variables {field: (its name, its value)};
    value = compute(**{field: value}) of the fields the formula prints."""
    named, numbered = (formula, formula) if isinstance(formula, str) else formula
    order = fields(numbered)
    template = numbered.format(**{f: f"{{{i}}}" for i, f in enumerate(order)})

    def from_factors(*factors):
        return compute(**dict(zip(order, factors)))
    factors = tuple(variables[f][1] for f in order)
    return Line(name, named.format(**{f: v[0] for f, v in variables.items()}), template,
                factors, from_factors(*factors), from_factors,
                tuple(variables[f][0] for f in order))


def product(*factors):
    value = factors[0]
    for f in factors[1:]:
        value = value * f
    return value


def total(*terms):
    return sum(terms)


def negated_total(*terms):
    return -sum(terms)


def stepped(value, lr, gradient):
    """value - lr * gradient: a parameter after its update."""
    return value - lr * gradient


def weighted_sum(*factors):
    """w1 x1 + w2 x2 + ... + b, from factors (w1, x1, w2, x2, ..., b)."""
    return sum(w * v for w, v in zip(factors[:-1:2], factors[1:-1:2])) + factors[-1]


def thresholded_sum(*factors):
    """w1 x1 + w2 x2 + ... - theta, from factors (w1, x1, w2, x2, ..., theta)."""
    return weighted_sum(*factors[:-1], -factors[-1])


def layer_title(names, layer):
    """Output layer; Hidden layer (one hidden layer) or Hidden layer 1, 2, .."""
    if layer == names.depth:
        return "Output layer"
    return "Hidden layer" if names.depth == 2 else f"Hidden layer {layer}"


def sample_title(names, title, s):
    return title + (f", sample {s + 1}" if names.samples > 1 else "")


def forward(names, model, params, x, t, s, n, updated=False):
    """Sample s's forward pass: (Section, nets, outs) of every layer, outs[0]
    being x; n: mse's count; `updated`: the parameters are those after the
    previous sample's update (online)."""
    of, lines, nets, outs, plus = names.of(s), [], [], [list(x)], model.bias_input == 1
    for layer, (W, b, f) in enumerate(zip(*params, model.activations), 1):
        inputs = [names.input(layer, k) for k in range(len(outs[-1]))]
        neurons = [names.neuron(layer, j) for j in range(len(W))]
        net_lines = []
        for j, row in enumerate(W):
            terms = [f"{names.weight(layer, j, k)} × {inputs[k]}" for k in range(len(row))]
            factors = [v for w, i in zip(row, outs[-1]) for v in (w, i)]
            factors.append(b[0 if len(b) == 1 else j])
            sign = " + " if plus else " − "
            # net = sum of weight * input + bias (or - theta, on an input of -1)
            net_lines.append(line(f"net_{neurons[j]}{of}",
                                  " + ".join(terms) + sign + names.bias(layer, j),
                                  " + ".join(["{} × {}"] * len(row)) + sign + "{}",
                                  weighted_sum if plus else thresholded_sum, *factors))
        variables = {f"net{k + 1}": (f"net_{v}", net.value)
                     for k, (v, net) in enumerate(zip(neurons, net_lines))}
        out_lines = [out_line(f, neurons, j, of, variables) for j in range(len(W))]
        if f.slope is None:  # softmax: each out needs every net of the layer
            lines += net_lines + out_lines
        else:
            lines += [ln for pair in zip(net_lines, out_lines) for ln in pair]
        nets.append([ln.value for ln in net_lines])
        outs.append([ln.value for ln in out_lines])
    errors = [formula_line(f"E_{o}{of}", model.loss.formula, targeted(o, target, out, n),
                           lambda t, out, n=n: model.loss.term(out, t, n))
              for o, target, out in zip(map(names.output, range(len(t))), t, outs[-1])]
    lines += errors + [line(f"E_total{of}", " + ".join(e.name for e in errors),
                            " + ".join(["{}"] * len(errors)), total, *(e.value for e in errors))]
    title = sample_title(names, "Forward pass", s)
    if updated:
        title += f", with the parameters after sample {s}'s update"
    return Section(title, lines), nets, outs


def out_line(f, neurons, j, of, variables):
    """out = f(net) of neuron j of a layer (variables: its nets, net1..)."""
    variables = {**variables, "net": variables[f"net{j + 1}"]}
    if f.slope is None:
        # out_j = e^net_j / sum_k e^net_k: the whole layer's softmax, neuron j of it
        def compute(**nets):
            return f.f(np.array([nets[f"net{k + 1}"] for k in range(len(neurons))]))[j]
    else:
        # out = f(net)
        def compute(net):
            return f.f(net)
    return formula_line(f"out_{neurons[j]}{of}", f.formula(len(neurons), j), variables, compute)


def targeted(neuron, target, out, n):
    """A loss formula's variables for output `neuron`."""
    return {"t": (f"target_{neuron}", target), "out": (f"out_{neuron}", out), "n": ("n", n)}


def neuron_gradients(names, layer, j, of, dE_dout, f, net, out, inputs, delta_name,
                     gradient="dE_total/d"):
    """The lines of neuron j of `layer` from its dE_total/dout Line: its slope,
    then each incoming weight's dnet/dw and dE_total/dw (named `gradient` and
    the weight: step_w1 where it is not the gradient): (lines, dE_total/dw
    row, delta Line named delta_name)."""
    v = names.neuron(layer, j)
    # dout/dnet: the activation's slope
    dout_dnet = formula_line(f"dout_{v}/dnet_{v}{of}", f.slope_formula,
                             {"net": (f"net_{v}", net), "out": (f"out_{v}", out)},
                             lambda net=net, out=out: float(f.slope(net, out)))
    lines, row = [dout_dnet], []
    for k, value in enumerate(inputs):
        w = names.weight(layer, j, k)
        # dnet/dw = the input the weight comes from
        dnet_dw = given(f"dnet_{v}/d{w}{of}", names.input(layer, k), value)
        # dE_total/dw = dE_total/dout * dout/dnet * dnet/dw
        dE_dw = line(f"{gradient}{w}{of}", f"dE_total/dout_{v} × dout_{v}/dnet_{v} × dnet_{v}/d{w}",
                     "{} × {} × {}", product, dE_dout.value, dout_dnet.value, value)
        lines += [dnet_dw, dE_dw]
        row.append(dE_dw.value)
    # delta = dE_total/dnet = dE_total/dout * dout/dnet
    delta = line(f"{delta_name}{of}", f"dE_total/dout_{v} × dout_{v}/dnet_{v}", "{} × {}",
                 product, dE_dout.value, dout_dnet.value)
    return lines, row, delta


def output_layer(names, model, nets, outs, t, s, n):
    """Sample s's output-layer gradients: (Section, dE_total/dW rows, deltas
    dE/dnet, whether the section printed the deltas)."""
    of, lines, grads, deltas, depth = names.of(s), [], [], [], names.depth
    f, loss, inputs = model.activations[-1], model.loss, outs[-2]
    out_minus_t = is_out_minus_t(f, loss)
    for j, (target, out) in enumerate(zip(t, outs[-1])):
        o = names.output(j)
        if out_minus_t:
            # delta = dE_total/dnet_o = out_o - target_o: the slope cancels the loss's denominator
            delta = formula_line(f"{names.delta(depth, j, False)}{of}", OUT_MINUS_T_FORMULA,
                                 targeted(o, target, out, n), lambda out, t: out - t)
            lines.append(delta)
            row = []
            for k, value in enumerate(inputs):
                w = names.weight(depth, j, k)
                # dnet_o/dw = the input the weight comes from
                dnet_dw = given(f"dnet_{o}/d{w}{of}", names.input(depth, k), value)
                # dE_total/dw = dE_total/dnet_o * dnet_o/dw
                dE_dw = line(f"dE_total/d{w}{of}", f"dE_total/dnet_{o} × dnet_{o}/d{w}",
                             "{} × {}", product, delta.value, value)
                lines += [dnet_dw, dE_dw]
                row.append(dE_dw.value)
        else:
            # dE_total/dout_o: the loss's derivative
            dE_dout = formula_line(f"dE_total/dout_{o}{of}", loss.dE_dout_formula,
                                   targeted(o, target, out, n),
                                   lambda t, out, n=n: loss.dE_dout50(out, t, n))
            more, row, delta = neuron_gradients(names, depth, j, of, dE_dout, f, nets[-1][j],
                                                out, inputs, names.delta(depth, j, True))
            # the deltas are printed where the layer below uses them, or here without one
            lines += [dE_dout, *more] + ([delta] if depth == 1 else [])
        grads.append(row)
        deltas.append(delta)
    section = Section(sample_title(names, "Output layer", s), lines)
    return section, grads, deltas, out_minus_t or depth == 1


def hidden_layer(names, model, layer, W_seen, seen, above, shown, nets, outs, s):
    """Sample s's gradients of hidden `layer`, its deltas formed from the deltas
    `above` (Lines; printed first unless `shown`) through the weights W_seen of
    the layer above (named w.. or, sequential, w+..: what each weight gets is
    then its step, step_w1, not its gradient): (Section, dE_total/dW rows, deltas)."""
    of, grads, deltas = names.of(s), [], []
    lines = [] if shown else list(above)
    f = model.activations[layer - 1]
    for k, (net, out) in enumerate(zip(nets[layer - 1], outs[layer])):
        v = names.neuron(layer, k)
        parts = []
        for j, delta in enumerate(above):
            w = names.weight(layer + 1, j, k) + seen
            # dE_above/dout = dE/dnet_above * dnet_above/dout, and dnet_above/dout = the
            # weight from this neuron into it
            parts.append(line(f"dE_{names.neuron(layer + 1, j)}/dout_{v}{of}",
                              f"{delta.name.removesuffix(of)} × {w}", "{} × {}", product,
                              delta.value, W_seen[j][k]))
        # dE_total/dout = sum over the neurons above of dE_above/dout
        dE_dout = line(f"dE_total/dout_{v}{of}", " + ".join(p.name.removesuffix(of)
                                                           for p in parts),
                       " + ".join(["{}"] * len(parts)), total, *(p.value for p in parts))
        more, row, delta = neuron_gradients(names, layer, k, of, dE_dout, f, net, out,
                                            outs[layer - 1], names.delta(layer, k, False),
                                            gradient_name(bool(seen), layer, names.depth))
        # the delta: the biases' gradient, and what the layer below is formed from
        lines += parts + [dE_dout, *more, delta]
        grads.append(row)
        deltas.append(delta)
    title = sample_title(names, layer_title(names, layer), s)
    if seen:
        title += f", through the updated W{layer + 1} (sequential)"
    return Section(title, lines), grads, deltas


def gradient_name(sequential, layer, depth):
    """What a parameter's update direction of `layer` is named before the
    parameter's name: dE_total/d (dE_total/dw1), or step_ (step_w1) under the
    sequential scheme below the output layer, where it is formed through the
    updated weights above and is not the gradient."""
    return "step_" if sequential and layer < depth else "dE_total/d"


def summed(names, grads, batch, layer, gradient):
    """dE_total/dw (or step_w) summed over the samples of a batch: (lines, rows)."""
    lines, rows = [], []
    for j in range(len(grads[0])):
        row = []
        for k in range(len(grads[0][j])):
            w = names.weight(layer, j, k)
            parts = [f"{gradient}{w}{names.of(s)}" for s in batch]
            sum_line = line(f"{gradient}{w}", " + ".join(parts), " + ".join(["{}"] * len(parts)),
                            total, *(g[j][k] for g in grads))
            lines.append(sum_line)
            row.append(sum_line.value)
        rows.append(row)
    return lines, rows


def updates(names, W, grads, lr, layer, after, gradient):
    """w+ = w - eta dE_total/dw (or step_w) for every weight of W: (lines, W after)."""
    lines, rows = [], []
    for j, row in enumerate(W):
        new = []
        for k, w in enumerate(row):
            name = names.weight(layer, j, k)
            # w+ = w - eta dE_total/dw
            new_w = line(f"{name}+{after}", f"{name} − η × {gradient}{name}", "{} − {} × {}",
                         stepped, w, lr, grads[j][k])
            lines.append(new_w)
            new.append(new_w.value)
        rows.append(new)
    return lines, rows


def bias_lines(names, b, deltas, lr, layer, after, plus, gradient):
    """A layer's bias gradients (dnet/db = 1: the sum of the deltas it feeds; a
    threshold's, dnet/db = -1, minus it) and updates: (lines, b after).
    deltas: per neuron, summed over the batch's samples; after: the suffix of
    an online update's sample, which its gradient's name ends in too."""
    lines, new = [], []
    groups = [list(range(len(deltas)))] if len(b) == 1 else [[j] for j in range(len(deltas))]
    for j, group in enumerate(groups):
        name = names.bias(layer, j)
        terms = " + ".join(deltas[n].name.removesuffix(after) for n in group)
        template = " + ".join(["{}"] * len(group))
        # dE_total/db = sum of dE/dnet over the neurons b feeds (dnet/db = 1), or minus it
        # for a threshold on an input of -1 (dnet/db = -1)
        grad = line(f"{gradient}{name}{after}", terms if plus else f"−({terms})",
                    template if plus else f"−({template})", total if plus else negated_total,
                    *(deltas[n].value for n in group))
        # b+ = b - eta dE_total/db
        step = line(f"{name}+{after}", f"{name} − η × {gradient}{name}", "{} − {} × {}",
                    stepped, b[j], lr, grad.value)
        lines += [grad, step]
        new.append(step.value)
    return lines, new


def delta_sums(names, per_sample, batch, layer):
    """dE_total/dnet summed over a batch's samples, per neuron (Lines)."""
    if len(batch) == 1:
        return per_sample[0]
    return [line(f"dE_total/dnet_{names.neuron(layer, j)}",
                 " + ".join(d[j].name for d in per_sample), " + ".join(["{}"] * len(batch)),
                 total, *(d[j].value for d in per_sample)) for j in range(len(per_sample[0]))]


def mse_count(samples, outputs):
    """n = samples x outputs of an update: what mse averages over."""
    return samples * outputs


Derivation = namedtuple("Derivation", "sections values params error")


# Overflow gives inf or nan (log(0): -inf), which the derivation names (see overflow),
# not a warning.
@np.errstate(over="ignore", invalid="ignore", divide="ignore")
def derive(params, x, t, lr, sequential, train_biases, online, model):
    """The derivation of one pass over the samples x, t (one update per sample
    if online, else one for all) from `params` (Params of arrays) of the
    network `model` computes: Derivation of its Sections, {name: value} of
    every line, the Params after (as lists: each W, then each b) and E_total after it."""
    W, b = [p.tolist() for p in params.W], [p.tolist() for p in params.b]
    names, depth, plus = Names(params, len(x), model), len(W), model.bias_input == 1
    batches = [[s] for s in range(len(x))] if online else [list(range(len(x)))]
    sections = []
    for batch in batches:
        # a single sample's update: its own suffix, online with several samples
        after = names.of(batch[0]) if online else ""
        update_of = (f" for sample {batch[0] + 1}" if after else
                     ", the gradient summed over the samples" if len(batch) > 1 else "")
        n = mse_count(len(batch), len(t[0]))
        passes = []
        for s in batch:
            section, nets, outs = forward(names, model, (W, b), x[s], t[s], s, n,
                                          updated=online and s > 0)
            sections.append(section)
            passes.append((nets, outs))
        W_new, deltas = list(W), {}
        for layer in range(depth, 0, -1):  # the output layer first
            if layer == depth:
                done = [output_layer(names, model, nets, outs, t[s], s, n)
                        for s, (nets, outs) in zip(batch, passes)]
                shown = done[0][3]
            else:
                # sequential: through the layer above as just updated; parallel: as it was
                seen, W_seen = ("+" + after, W_new[layer]) if sequential else ("", W[layer])
                done = [hidden_layer(names, model, layer, W_seen, seen, deltas[layer + 1][i],
                                     shown, nets, outs, s)
                        for i, (s, (nets, outs)) in enumerate(zip(batch, passes))]
                shown = True
            sections += [d[0] for d in done]
            deltas[layer] = [d[2] for d in done]
            gradient = gradient_name(sequential, layer, depth)
            summed_lines, grad = ([], done[0][1]) if len(batch) == 1 else \
                summed(names, [d[1] for d in done], batch, layer, gradient)
            W_lines, W_new[layer - 1] = updates(names, W[layer - 1], grad, lr, layer, after,
                                                gradient)
            sections.append(Section(f"{layer_title(names, layer)}: the update{update_of}",
                                    summed_lines + W_lines))
        if train_biases:
            sums, b_lines, b_new = [], [], list(b)
            for layer in range(depth, 0, -1):
                layer_deltas = delta_sums(names, deltas[layer], batch, layer)
                sums += [] if len(batch) == 1 else layer_deltas
                more, b_new[layer - 1] = bias_lines(names, b[layer - 1], layer_deltas, lr,
                                                    layer, after, plus,
                                                    gradient_name(sequential, layer, depth))
                b_lines += more
            kind = "Biases (dnet/db = 1)" if plus else "Thresholds (dnet/db = −1)"
            sections.append(Section(f"{kind}: the update{update_of}", sums + b_lines))
            b = b_new
        W = W_new
    n = mse_count(len(x), len(t[0]))
    error = sum(forward(names, model, (W, b), x[s], t[s], s, n)[0].lines[-1].value
                for s in range(len(x)))
    values = {ln.name: ln.value for section in sections for ln in section.lines}
    return Derivation(sections, values, (*W, *b), error)


def overflow(derivation):
    """(name, value) of the derivation's first value that is not finite, or None."""
    return next(((name, value) for name, value in derivation.values.items()
                 if not math.isfinite(value)), None)


def in_names(ln, renaming):
    """Line ln with its name and formula in the source's names (a names.Renaming, or None)."""
    if renaming is None:
        return ln
    return ln._replace(name=renaming.text(ln.name), formula=renaming.text(ln.formula))


def render(derivation, notes=None, renaming=None):
    """The derivation as printed: each section under its heading, each line
    followed by its note from `notes` ({name: text}), if any; the names the
    source's where `renaming` (a names.Renaming) gives them."""
    notes = notes or {}
    out = []
    for section in derivation.sections:
        out += ["", section.title, "-" * len(section.title)]
        for ln in section.lines:
            out.append(in_names(ln, renaming).text())
            if ln.name in notes:
                out += wrapped(notes[ln.name], len(ln.name) + 5)
    return "\n".join(out)


def both(example, params, lr, sequential):
    """(this scheme's Derivation, the other scheme's) of one pass over the
    example's samples from `params`, each with E_total+ (after it) among its values."""
    def one(seq):
        d = derive(params, example.x, example.t, lr, seq, example.train_biases, example.online,
                   example.model)
        return d._replace(values={**d.values, "E_total+": d.error})
    return one(sequential), one(not sequential)


def explain(example, lr, sequential, heading, derivations, notes=None):
    """A pass over the example's samples, derived, as printed: `heading`, the
    network and samples, every section, then E_total after the pass under both
    schemes. derivations: both()'s; notes: as for render."""
    x, trained, online = example.x, example.train_biases, example.online
    ours, other = derivations
    shape, depth = "-".join(map(str, sizes(example.start))), len(example.start.W)
    scheme, other_scheme = named(sequential)
    how = ("every gradient from the parameters before the update" if not sequential else
           "a single layer: the same as the parallel scheme" if depth == 1 else
           "the output layer first, then the hidden layer through the updated W2" if depth == 2
           else "the output layer first, then each layer below through the updated weights of "
                "the layer above")
    network = ("" if example.model.names == WORKED_EXAMPLE.model.names
               else f"{example.model.description}; ")
    count = ("" if "n" not in fields(example.model.loss.dE_dout_formula) else
             f" n = {mse_count(len(x) if not online else 1, example.t.shape[1])}: the samples x "
             "outputs of an update, which mse averages over.")
    lines = [heading, *wrapped(
        f"A {shape} network, {network}{scheme} scheme ({how}), learning rate "
        f"η = {lr:g}, biases {'trained' if trained else 'not trained'}. Factors to 9 "
        f"significant digits, results to 12.{count}", 0)]
    if len(x) > 1:
        lines.append(f"{len(x)} samples, " + ("online: one update per sample, in order:"
                                              if online else "batch: one update, the gradient "
                                              "summed over the samples:"))
        lines += [f"  sample {s + 1}: inputs {', '.join(f'{v:g}' for v in x[s])}; targets "
                  f"{', '.join(f'{v:g}' for v in example.t[s])}" for s in range(len(x))]
    after = "After the pass" if len(x) > 1 and online else "After the update"
    lines += [render(ours, notes, example.names), "", after, "-" * len(after),
              in_names(given("E_total+", f"E_total of the updated network ({scheme})",
                             ours.error), example.names).text()]
    if notes and "E_total+" in notes:
        lines += wrapped(notes["E_total+"], 13)
    lines.append(f"  under the {other_scheme} scheme it would be {result(other.error)}")
    if overflow(ours) is not None:
        name, value = overflow(ours)
        lines += ["", *wrapped(overflow_note(rename(example.names, name), value), 0)]
    return ascii_numbers("\n".join(lines))
