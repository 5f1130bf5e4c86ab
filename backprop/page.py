"""One update derived (backprop/derivation.py) as one self-contained HTML page
a student can hand in: the network drawn in inline SVG, the conventions in
force, every line of the derivation (name, formula, the numbers put in, the
value), each published value with its verdict (backprop/marking.py).

Inline CSS and SVG, no network access, readable without JavaScript (a few
lines of it highlight an edge's chain-rule lines on hover), a print
stylesheet. The same input gives the same bytes. The Lines are the only
source: nothing here computes a quantity; numbers print as the terminal
prints them, with an ASCII minus, so that each one copies into Python.
"""
import html
import re
from collections import namedtuple

from backprop import derivation, marking, schemes
from backprop.names import Names, rename, sizes

# One update on the page: the iteration it starts from, the Params there, both()'s
# (this scheme's Derivation, the other scheme's), [Mark] of its published values,
# {name: note} under the marked lines.
Pass = namedtuple("Pass", "n start derivations marks notes")

# --- the diagram's geometry (SVG user units; the SVG scales to the page's width) ---
BOX_W, LINE_H, PAD = 120, 15, 6  # a neuron's box, its text lines, the diagram's margin
FONT, EDGE_FONT = 12, 11          # px; monospace, about 0.6 em a character
CHAR = 0.6
SPACING = 84                      # between neurons' centres in a column
HEAD = 44                         # the column headings above the boxes
DRAWN = 10                        # a layer of more neurons is drawn in part:
SHOWN = 8                         # its first SHOWN neurons
LABELLED = 9                      # edge labels in a gap of at most this many drawn edges
POSITIVE, NEGATIVE, ZERO = "#1f5fa8", "#c0392b", "#888888"
MAX_STROKE = 5.0
DIGITS = 6                        # significant digits of a number in the diagram

VERDICT_CLASS = {marking.AGREES: "agrees", marking.CARRIED: "carried",
                 marking.CONVENTION: "convention", marking.WRONG: "wrong"}
IDENTIFIER = re.compile(r"([A-Za-z][A-Za-z0-9]*)((?:_[A-Za-z0-9.]*[A-Za-z0-9])*)(\+?)((?:_s\d+)?)")
NUMBER = re.compile(r"(?<![\w.])[−-]?(?:\d+(?:\.\d*)?(?:e[+−-]?\d+)?|inf|nan)(?![\w.])")


def ascii_number(text):
    """A number as printed with a true minus, in ASCII: it pastes into Python."""
    return text.replace("−", "-")


def value_text(x):
    """A value as the derivation prints it (12 significant digits), ASCII."""
    return ascii_number(derivation.result(x))


def short(x):
    """A number in the diagram: DIGITS significant digits, ASCII."""
    return ascii_number(f"{float(x) + 0.0:.{DIGITS}g}")


def name_html(name):
    """A quantity's name with its subscripts: dE_total/dout_o1 ->
    dE<sub>total</sub>/dout<sub>o1</sub>."""
    def one(m):
        base, sub, plus, sample = m.groups()
        parts = [p for p in (sub + sample).split("_") if p]
        return (html.escape(base) + (f"<sub>{html.escape(','.join(parts))}</sub>" if parts else "")
                + ("<sup>+</sup>" if plus else ""))
    out, last = [], 0
    for m in IDENTIFIER.finditer(name):
        out.append(html.escape(name[last:m.start()]))
        out.append(one(m))
        last = m.end()
    return powers("".join(out) + html.escape(name[last:]))


def powers(text):
    """e^(...) as e with the bracket's content raised (nested brackets kept)."""
    while (start := text.find("e^(")) >= 0:
        depth, k = 0, start + 2
        for k in range(start + 2, len(text)):
            depth += {"(": 1, ")": -1}.get(text[k], 0)
            if depth == 0:
                break
        text = f"{text[:start]}e<sup>{text[start + 3:k]}</sup>{text[k + 1:]}"
    return text


def numbers_html(text):
    """The numbers put in, each in a span of its own, in ASCII."""
    out, last = [], 0
    for m in NUMBER.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        out.append(f'<span class="num">{html.escape(ascii_number(m.group()))}</span>')
        last = m.end()
    return powers("".join(out) + html.escape(text[last:]))


def weights_in(ln, weights):
    """The weights a Line is about or through: in its name or its formula, as w, w+ or dw."""
    tokens = set(re.findall(r"[A-Za-z][A-Za-z0-9_.]*", f"{ln.name} {ln.formula}"))
    return [w for w in weights if w in tokens or f"d{w}" in tokens]


def line_html(ln, weights, mark=None, note=None, renaming=None):
    """One line of the derivation: name = formula, = the numbers put in = value,
    and its published value's verdict; as the terminal prints it (Line.text),
    in the source's names where `renaming` (the file's) gives them."""
    value = f'<span class="num value">{html.escape(value_text(ln.value))}</span>'
    shown = derivation.in_names(ln, renaming)
    head = f'<span class="name">{name_html(shown.name)}</span> = <span class="formula">' \
           f'{name_html(shown.formula)}</span>'
    if ln.template is not None and "{" not in ln.template:  # a constant: as given
        rows = [head]
    elif ln.template in (None, "{}", "{0}"):  # nothing to compute
        rows = [f"{head} = {value}"]
    else:
        rows = [head, f'= <span class="numbers">{numbers_html(ln.numbers())}</span> = {value}']
    attrs = f' data-name="{html.escape(ln.name)}"'
    used = weights_in(ln, weights)
    if used:
        attrs += f' data-w="{" ".join(used)}"'
    if mark is not None:
        attrs += f' data-verdict="{mark.verdict}"'
    body = "".join(f'<div class="eq">{row}</div>' for row in rows)
    if mark is not None:
        body += (f'<div class="mark {VERDICT_CLASS[mark.verdict]}"><span class="badge">'
                 f'{html.escape(mark.verdict)}</span> {html.escape(ascii_number(note))}</div>')
    return f'<div class="line"{attrs}>{body}</div>'


def section_html(section, weights, marks, notes, renaming=None):
    lines = "\n".join(line_html(ln, weights, marks.get(ln.name), notes.get(ln.name), renaming)
                      for ln in section.lines)
    return f'<section class="part"><h3>{html.escape(section.title)}</h3>\n{lines}\n</section>'


# --- the diagram ---

def shown_neurons(n):
    """The indices of a layer's neurons that are drawn: all up to DRAWN, else the first SHOWN."""
    return list(range(n)) if n <= DRAWN else list(range(SHOWN))


def column_heading(names, model, layer):
    """A column's heading: (its title, the activation or None)."""
    if layer == 0:
        return "inputs", None
    title = "outputs" if layer == names.depth else \
        "hidden layer" if names.depth == 2 else f"hidden layer {layer}"
    return title, model.activations[layer - 1].name


def weight_grid(names, W_before, W_after, layer):
    """[(j, k, name, before, after)] of the weights into `layer`."""
    return [(j, k, names.weight(layer, j, k), W_before[j][k], W_after[j][k])
            for j in range(len(W_before)) for k in range(len(W_before[j]))]


def label_width(text, font):
    return len(text) * font * CHAR


def edge_label(name, before, after):
    """An edge's label, two lines: its weight's name, its value before → after."""
    return name, f"{short(before)} → {short(after)}"


# an edge label's lines, and the room it takes, in SVG units
LABEL_LINE = EDGE_FONT * 1.3
LABEL_H = 2 * LABEL_LINE + 2


def gap_length(labels, targets):
    """The horizontal run of the edges of a gap between two columns: room for
    its labels at 1/(targets + 1) of the way (none: a fixed run)."""
    if not labels:
        return 140
    widest = max(label_width(t, EDGE_FONT) for label in labels for t in label)
    return max(140, (widest / 2 + 12) * (targets + 1))


def svg_text(x, y, text, cls, anchor="middle"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{cls}" text-anchor="{anchor}">'
            f'{html.escape(text)}</text>')


def neuron_rows(names, example, values, of, b_before, b_after, layer, j):
    """The lines of text in a neuron's box: (text, class)."""
    v, shown = names.neuron(layer, j), rename(example.names, names.neuron(layer, j))
    if layer == 0:
        return [(shown, "nm"), (f"x {short(example.x[0][j])}", "val")]
    rows = [(shown, "nm"), (f"net {short(values[f'net_{v}{of}'])}", "val"),
            (f"out {short(values[f'out_{v}{of}'])}", "val")]
    i = 0 if len(b_before[layer - 1]) == 1 else j
    rows.append((f"{rename(example.names, names.bias(layer, i))} "
                 f"{short(b_before[layer - 1][i])}", "val"))
    if example.train_biases:
        rows.append((f"→ {short(b_after[layer - 1][i])}", "val"))
    return rows


def diagram(p, example, sequential):
    """The network of pass p as an SVG: (svg text, [sentences on what is drawn]).
    Each edge's label sits 1/(m + 1) of the way along it, m the drawn neurons of
    the column it goes into: two labels of a gap are then at least
    SPACING/(m + 1) apart vertically, which the spacing keeps above a label's height."""
    ours = p.derivations[0]
    start = p.start
    names = Names(start, len(example.x))
    depth, layer_sizes = names.depth, sizes(start)
    W_after, b_after = ours.params[:depth], ours.params[depth:]
    W_before = [W.tolist() for W in start.W]
    b_before = [b.tolist() for b in start.b]
    values, of = ours.values, names.of(0)
    shown = [shown_neurons(n) for n in layer_sizes]
    rows = {(layer, j): neuron_rows(names, example, values, of, b_before, b_after, layer, j)
            for layer in range(len(layer_sizes)) for j in shown[layer]}
    box_w = max(100, max(label_width(t, FONT) for r in rows.values() for t, _ in r) + 14)
    labelled = [len(shown[l]) * len(shown[l - 1]) <= LABELLED for l in range(1, depth + 1)]
    spacing = max([SPACING] + [LABEL_H * (len(shown[l]) + 1) + 4
                               for l in range(1, depth + 1) if labelled[l - 1]])
    tallest = max(len(s) + (len(s) < n) for s, n in zip(shown, layer_sizes))
    height = HEAD + tallest * spacing + PAD
    grids = [weight_grid(names, W_before[l - 1], W_after[l - 1], l) for l in range(1, depth + 1)]
    runs = [gap_length([edge_label(rename(example.names, n), b, a) for j, k, n, b, a in grid
                        if j in shown[l + 1] and k in shown[l]] if labelled[l] else [],
                       len(shown[l + 1])) for l, grid in enumerate(grids)]
    xs = [PAD + box_w / 2]
    for run in runs:
        xs.append(xs[-1] + box_w + run)
    width = xs[-1] + box_w / 2 + PAD

    def y_of(layer, j):
        count = len(shown[layer]) + (len(shown[layer]) < layer_sizes[layer])
        top = HEAD + (tallest - count) * spacing / 2
        return top + (shown[layer].index(j) + 0.5) * spacing

    strongest = max([abs(w) for grid in grids for *_, w, _ in grid] + [1e-300])
    edges, labels, boxes, heads = [], [], [], []
    for l, grid in enumerate(grids, 1):
        carries = sequential and l > 1  # its updated weights carry the delta down
        for j, k, name, before, after in grid:
            if j not in shown[l] or k not in shown[l - 1]:
                continue
            x0, y0 = xs[l - 1] + box_w / 2, y_of(l - 1, k)
            x1, y1 = xs[l] - box_w / 2, y_of(l, j)
            colour = POSITIVE if before > 0 else NEGATIVE if before < 0 else ZERO
            stroke = 0.75 + (MAX_STROKE - 0.75) * min(1.0, abs(before) / strongest)
            dash = ' stroke-dasharray="7 4"' if carries else ""
            theirs = rename(example.names, name)  # the source's name, where the file gives one
            tip = f"{theirs}: {short(before)} before the update, {short(after)} after" + (
                f"; {theirs}+ carries the delta down (sequential)" if carries else "")
            edges.append(f'<g class="edge" data-w="{name}"><title>{html.escape(tip)}</title>'
                         f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" '
                         f'stroke="{colour}" stroke-width="{stroke:.2f}"{dash}/></g>')
            if labelled[l - 1]:
                t = 1 / (len(shown[l]) + 1)
                texts = edge_label(theirs, before, after)
                x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                w = max(label_width(text, EDGE_FONT) for text in texts)
                cls = "w" + (" carries" if carries else "")
                labels.append(
                    f'<g class="edge" data-w="{name}"><title>{html.escape(tip)}</title>'
                    f'<rect x="{x - w / 2 - 2:.1f}" y="{y - LABEL_H / 2:.1f}" '
                    f'width="{w + 4:.1f}" height="{LABEL_H:.1f}" class="lbg"/>'
                    + svg_text(x, y - LABEL_LINE / 2 + EDGE_FONT * 0.35, texts[0], cls + " wn")
                    + svg_text(x, y + LABEL_LINE / 2 + EDGE_FONT * 0.35, texts[1], cls)
                    + "</g>")
    notes = []
    for layer, n in enumerate(layer_sizes):
        title, activation = column_heading(names, example.model, layer)
        heads.append(svg_text(xs[layer], 16, title, "head"))
        if activation is not None:
            heads.append(svg_text(xs[layer], 16 + LINE_H, activation, "act"))
        for j in shown[layer]:
            y, lines = y_of(layer, j), rows[layer, j]
            h = len(lines) * LINE_H + 8
            boxes.append(f'<rect x="{xs[layer] - box_w / 2:.1f}" y="{y - h / 2:.1f}" '
                         f'width="{box_w:.0f}" height="{h}" rx="6" class="box"/>')
            boxes += [svg_text(xs[layer], y - h / 2 + 4 + (r + 0.8) * LINE_H, text, cls)
                      for r, (text, cls) in enumerate(lines)]
        if len(shown[layer]) < n:
            more = n - len(shown[layer])
            first, last = (rename(example.names, names.neuron(layer, k))
                           for k in (len(shown[layer]), n - 1))
            boxes.append(svg_text(xs[layer], y_of(layer, shown[layer][-1]) + spacing * 0.85,
                                  f"+{more} more: {first}..{last}", "more"))
            notes.append(f"The {title} has {n} neurons: the first {len(shown[layer])} are "
                         f"drawn, {more} are not ({first} to {last}); the derivation below "
                         "has every one.")
    if not all(labelled):
        notes.append(f"Where more than {LABELLED} edges are drawn between two columns they "
                     "carry no label: hover an edge for its weights, or read them in the "
                     "derivation.")
    svg = (f'<svg class="net" viewBox="0 0 {width:.0f} '
           f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" '
           f'aria-label="the network, its weights before and after the update">\n'
           + "\n".join(edges + heads + boxes + labels) + "\n</svg>")
    return svg, notes


def legend(sequential, example):
    items = [f'<span class="key" style="border-color:{POSITIVE}"></span> positive weight',
             f'<span class="key" style="border-color:{NEGATIVE}"></span> negative weight',
             "the wider the edge, the larger the weight before the update",
             "each edge: its weight's name, and its value before → after the update"]
    if sequential:
        items.append(f'<span class="key dashed" style="border-color:{ZERO}"></span> the '
                     "updated weight w+ carries the delta down to the layer below "
                     "(sequential scheme)")
    where = "sample 1's forward pass" if len(example.x) > 1 else "the forward pass"
    items.append(f"net and out: {where}, before the update")
    return "; ".join(items) + "."


# --- the page ---

def scheme_sentence(sequential, depth):
    if not sequential:
        return "parallel: every gradient from the parameters before the update (plain " \
               "gradient descent)"
    if depth == 1:
        return "sequential (a single layer: the same as the parallel scheme)"
    return "sequential: the output layer updated first, then each layer below with its " \
           "delta formed through the updated weights of the layer above"


def conventions(example, lr, sequential, n):
    """The conventions in force, as (term, text) pairs."""
    model, start = example.model, example.start
    shape = "-".join(map(str, sizes(start)))
    names = Names(start, len(example.x))
    layers = [column_heading(names, model, layer)[0] for layer in range(1, names.depth + 1)]
    def bias_name(layer, j):
        return rename(example.names, names.bias(layer, j))
    shared = [f"{bias_name(layer, 0)}, shared by the {title}" if len(b) == 1 else
              f"{bias_name(layer, 0)} to {bias_name(layer, len(b) - 1)}, one per neuron of "
              f"the {title}" for layer, (title, b) in enumerate(zip(layers, start.b), 1)]
    bias = ("a bias b on an input of 1: net = Σ w × x + b" if model.bias_input == 1 else
            "a threshold θ on an input of -1: net = Σ w × x - θ")
    bias += "; " + "; ".join(shared) + "; " + (
        "trained" if example.train_biases else "not trained (they stay as given)")
    samples = len(example.x)
    how = ("one sample" if samples == 1 else f"{samples} samples, " + (
        "online: one update per sample, in order" if example.online else
        "batch: one update, the gradient summed over the samples"))
    unit = "updates" if samples == 1 or not example.online else "passes over the samples"
    count = derivation.mse_count(1 if example.online else samples, example.t.shape[1])
    loss = model.loss.name + (f" (n = {count}: the samples × outputs of an update)"
                              if "n" in derivation.fields(model.loss.dE_dout_formula) else "")
    layers = ", ".join(f"{title} {f.name}" for title, f in zip(layers, model.activations))
    return [("Network", f"{shape} (inputs, then each layer's neurons): {layers}"),
            ("Loss", loss),
            ("Scheme", scheme_sentence(sequential, len(start.W))),
            ("Biases", bias),
            ("Learning rate", f"η = {lr:g}"),
            ("Samples", how),
            ("Iteration", f"iteration N is the state after N {unit}; iteration 0 is the initial "
                          f"network. This page derives the update from iteration {n:,} to "
                          f"{n + 1:,}."),
            ("Numbers", "factors to 9 significant digits, results to 12, as the terminal "
                        "prints them; each copies into Python or a spreadsheet as it stands")]


def summary_html(passes, scheme, renaming=None):
    """The published values' verdicts: how many of each, then each value that does not agree."""
    marks = [(p.n, m) for p in passes for m in p.marks]
    if not marks:
        return ""
    label = (lambda n: "") if [p.n for p in passes] == [0] else (lambda n: f"[iteration {n}] ")
    count = {v: sum(m.verdict == v for _, m in marks) for v in marking.VERDICTS}
    head = (f"{count[marking.AGREES]} of {len(marks)} agree, " + ", ".join(
        f"{count[v]} {marking.SAID[v]}" for v in marking.VERDICTS[1:]) + ".")
    items = "".join(
        f'<li class="mark {VERDICT_CLASS[m.verdict]}" data-name="{html.escape(m.name)}" '
        f'data-verdict="{m.verdict}"><span class="badge">{m.verdict}</span> {label(n)}'
        f'<span class="name">{name_html(rename(renaming, m.name))}</span>: '
        f'{html.escape(ascii_number(note))}</li>'
        for p in passes for m in p.marks if m.verdict != marking.AGREES
        for n, note in [(p.n, p.notes[m.name])])
    return (f'<section id="verdicts"><h2>Published values, against the {scheme} scheme</h2>'
            f'<p class="count">{html.escape(head)}</p>'
            + (f"<ul>{items}</ul>" if items else "") + "</section>")


def pass_html(p, example, lr, sequential):
    ours, other = p.derivations
    scheme, other_scheme = schemes.named(sequential)
    names = Names(p.start, len(example.x))
    weights = [names.weight(l, j, k) for l in range(1, names.depth + 1)
               for j in range(names.sizes[l]) for k in range(names.sizes[l - 1])]
    marks = {m.name: m for m in p.marks}
    svg, notes = diagram(p, example, sequential)
    parts = [f'<section class="pass"><h2>The update from iteration {p.n:,} to {p.n + 1:,}</h2>',
             f'<figure class="diagram">{svg}<figcaption>{legend(sequential, example)}'
             + "".join(f" {html.escape(n)}" for n in notes) + "</figcaption></figure>"]
    parts += [section_html(s, weights, marks, p.notes, example.names) for s in ours.sections]
    after = derivation.given("E_total+", f"E_total of the updated network ({scheme})", ours.error)
    parts.append('<section class="part"><h3>After the update</h3>'
                 + line_html(after, weights, marks.get("E_total+"), p.notes.get("E_total+"),
                             example.names)
                 + f"<p>Under the {other_scheme} scheme it would be "
                   f'<span class="num">{value_text(other.error)}</span>.</p>')
    if derivation.overflow(ours) is not None:
        name, value = derivation.overflow(ours)
        note = derivation.overflow_note(rename(example.names, name), value)
        parts.append(f"<p>{html.escape(note)}</p>")
    parts.append("</section></section>")
    return "\n".join(parts)


def document(example, lr, sequential, passes, title, command):
    """The page (str) of `passes` (Pass) of the example at learning rate lr;
    `command`: the command line that writes it, shown at its foot."""
    scheme = schemes.named(sequential)[0]
    terms = "".join(f"<dt>{html.escape(t)}</dt><dd>{html.escape(d)}</dd>"
                    for t, d in conventions(example, lr, sequential, passes[0].n))
    body = "\n".join(pass_html(p, example, lr, sequential) for p in passes)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>{html.escape(title)}</h1>
<p class="lead">Backpropagation step by step: the network, then every quantity of the update
with its name, its formula, the numbers put in and its value, in the order it is computed.</p>
{summary_html(passes, scheme, example.names)}
<section id="conventions"><h2>Conventions</h2><dl>{terms}</dl></section>
{body}
<footer><p>Written by <code>{html.escape(command)}</code>.</p></footer>
</main>
<script>{SCRIPT}</script>
</body>
</html>
"""


STYLE = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d8d8d8; --hl: #fff1a8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.3rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem;
  margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 0.4rem; }
.lead { color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
figure { margin: 1rem 0; }
svg.net { display: block; width: 100%; height: auto; }
svg.net text { font-family: "DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace; }
svg.net .head { font: bold 13px system-ui, "DejaVu Sans", sans-serif; }
svg.net .act { font-size: 12px; fill: var(--muted); }
svg.net .nm { font-size: 12px; font-weight: bold; }
svg.net .val { font-size: 12px; }
svg.net .more { font-size: 12px; fill: var(--muted); }
svg.net .w { font-size: 11px; }
svg.net .wn { font-weight: bold; }
svg.net .lbg { fill: #fff; fill-opacity: 0.9; }
svg.net .w.carries { font-style: italic; }
svg.net .box { fill: #f7f7f2; stroke: #777; }
svg.net .edge.hl line { stroke: #e0a000; }
svg.net .edge.hl text { fill: #8a5a00; font-weight: bold; }
figcaption { font-size: 0.9rem; color: var(--muted); margin-top: 0.5rem; }
.key { display: inline-block; width: 1.6em; border-top: 3px solid; vertical-align: middle; }
.key.dashed { border-top-style: dashed; }
.line { padding: 0.25rem 0.4rem; border-left: 3px solid transparent; break-inside: avoid; }
.line.hl { background: var(--hl); border-left-color: #e0a000; }
.eq { overflow-wrap: anywhere; }
.eq + .eq { padding-left: 2rem; }
.name { font-weight: 600; }
.num { font-family: "DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace;
  font-size: 0.92em; }
.value { font-weight: 600; }
.mark { font-size: 0.92rem; padding-left: 2rem; overflow-wrap: anywhere; }
.badge { display: inline-block; font-size: 0.78rem; font-weight: 700; padding: 0 0.4em;
  border-radius: 0.3em; border: 1px solid; text-transform: uppercase; }
.agrees .badge { color: #1d6b2f; }
.carried .badge { color: #1f5fa8; }
.convention .badge { color: #7a4c00; }
.wrong .badge { color: #fff; background: #b3261e; border-color: #b3261e; }
#verdicts ul { list-style: none; padding: 0; }
#verdicts li { padding: 0.2rem 0; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
@media print {
  @page { margin: 15mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  figure { break-inside: avoid; }
  .line.hl { background: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

SCRIPT = """
(function () {
  function mark(w, on) {
    document.querySelectorAll('[data-w]').forEach(function (el) {
      if (el.getAttribute('data-w').split(' ').indexOf(w) >= 0) el.classList.toggle('hl', on);
    });
  }
  document.querySelectorAll('svg .edge').forEach(function (edge) {
    var w = edge.getAttribute('data-w');
    edge.addEventListener('mouseenter', function () { mark(w, true); });
    edge.addEventListener('mouseleave', function () { mark(w, false); });
  });
})();
"""
