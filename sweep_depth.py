"""Is sequential better in deeper networks? Both schemes at 1 to 4 hidden layers.

1. What each step is: one sequential step, layer by layer, against the gradient
   of E_total (50-digit central differences), both at 50 digits (backprop/highprec.py).
2. How fast each converges: both schemes on the batched engine, over learning
   rates and seeded random starts, on the worked example's sample and on XOR.
Run: python sweep_depth.py [--grid small|large] [--out DIR] [--quiet] [--check].
The small grid (the default, sized to keep `make` short) writes the
sections `depth-steps` and `depth-sweep` of docs/sweeps.md and figures/depth_sweep.png;
--grid large prints its tables, and writes its figure only where --out says;
--check writes nothing and fails when the page or the figure is stale.
"""
from collections import namedtuple
from dataclasses import replace
from functools import lru_cache
from decimal import Decimal, localcontext
from pathlib import Path

import numpy as np

from backprop import cli, example, highprec, progress, readme
from backprop import convergence as sweep
from backprop.files import FIGURES, FOLDER, ROOT
from backprop.network import RUN_LENGTH, WORKED_EXAMPLE, Params, model
from backprop.schemes import SCHEMES

D = Decimal
(FIGURE,) = FIGURES["sweep_depth"]
SECTIONS = ("depth-steps", "depth-sweep", "depth-answer")

# --- 1. what each step is -------------------------------------------------------

DEPTHS = (1, 2, 3, 4)  # hidden layers
# The wider network: seeded weights uniform in [-1, 1], to 2 decimals; the worked
# example's biases (0.35 in every hidden layer, 0.60 at the outputs), not trained.
WIDE, WIDE_SEED = (2, 8, 8, 8, 2), 3
# The coefficient: distance / eta at this eta, where the terms in eta^2 and beyond
# are a millionth of the first (the limit as eta -> 0, to 6 digits).
SMALL_RATE = "1e-6"
STEP_RATES = ("0.01", "0.1", "0.5", "1", "2", "5", "10")
SHOWN_RATES = ("0.1", "0.5", "2", "10")  # the table's columns of distance / (c eta)
# Central differences at 50 digits: truncation ~h^2 = 1e-40, rounding ~1e-50/h = 1e-30.
H = D("1e-20")
PARALLEL_BOUND = 1e-20  # the parallel step's largest distance from the gradient stays below


def chain(depth):
    """The worked example with `depth` hidden layers (a highprec.Spec): its hidden
    layer (W1 = [[0.15, 0.20], [0.25, 0.30]], b1 = 0.35) repeated `depth` times,
    then its output layer (W2, b2 = 0.60); its sample, biases not trained."""
    hidden, output = highprec.WORKED_EXAMPLE.start.layers
    return replace(highprec.WORKED_EXAMPLE, start=replace(
        highprec.WORKED_EXAMPLE.start, layers=(hidden,) * depth + (output,)))


def wide():
    """The worked example's sample on the WIDE network (a highprec.Spec)."""
    rng = np.random.default_rng(WIDE_SEED)
    sizes = list(zip(WIDE, WIDE[1:]))
    layers = tuple(highprec.Layer(tuple(tuple(D(f"{w:.2f}") for w in row)
                                        for row in rng.uniform(-1, 1, (n, m))),
                                  (D("0.60") if k == len(sizes) - 1 else D("0.35"),), "sigmoid")
                   for k, (m, n) in enumerate(sizes))
    return replace(highprec.WORKED_EXAMPLE, start=replace(highprec.WORKED_EXAMPLE.start,
                                                          layers=layers))


def step_networks():
    """{name: highprec.Spec} of every network whose step is measured."""
    nets = {"-".join(["2"] * (depth + 2)): chain(depth) for depth in DEPTHS}
    nets["-".join(map(str, WIDE))] = wide()
    return nets


def weights(net):
    """Every weight of a highprec.Network, layer by layer, row by row."""
    return tuple(w for layer in net.layers for row in layer.W for w in row)


def layer_ranges(net):
    """[range of each layer's weights in weights(net)], from the first hidden layer."""
    ranges, first = [], 0
    for layer in net.layers:
        size = len(layer.W) * len(layer.W[0])
        ranges.append(range(first, first + size))
        first += size
    return ranges


def gradient50(spec):
    """dE_total/dw of every weight by central differences at 50 digits."""
    w = weights(spec.start)

    def error(shift, k):
        moved = tuple(v + shift * (j == k) for j, v in enumerate(w))
        return highprec.total_error(highprec.with_weights(moved, spec), spec.samples)

    with localcontext() as ctx:
        ctx.prec = highprec.DIGITS
        return [(error(H, k) - error(-H, k)) / (2 * H) for k in range(len(w))]


def step50(spec, lr, sequential):
    """One update's step divided by lr, (w - w_after) / lr, every weight, at 50 digits."""
    with localcontext() as ctx:
        ctx.prec = highprec.DIGITS
        lr = D(lr)
        after = highprec.update(spec.start, lr, list(spec.samples), sequential,
                                spec.train_biases)
        return [(a - b) / lr for a, b in zip(weights(spec.start), weights(after))]


def distances(step, gradient, ranges):
    """[‖step − ∇‖ / ‖∇‖ of each layer] (floats from 50-digit sums)."""
    with localcontext() as ctx:
        ctx.prec = highprec.DIGITS
        return [float((sum((step[k] - gradient[k]) ** 2 for k in r)
                       / sum(gradient[k] ** 2 for k in r)).sqrt()) for r in ranges]


Steps = namedtuple("Steps", "coefficient at parallel")


def measure_steps(spec):
    """Steps of a network: per layer (first hidden to output), the coefficient
    c = distance / eta at SMALL_RATE; at[lr] the sequential step's distance per
    layer at each of STEP_RATES; and the parallel step's largest distance."""
    gradient, ranges = gradient50(spec), layer_ranges(spec.start)
    small = distances(step50(spec, SMALL_RATE, True), gradient, ranges)
    return Steps([d / float(SMALL_RATE) for d in small],
                 {lr: distances(step50(spec, lr, True), gradient, ranges) for lr in STEP_RATES},
                 max(distances(step50(spec, STEP_RATES[-1], False), gradient, ranges)))


def all_steps():
    return {name: measure_steps(spec) for name, spec in step_networks().items()}


def residual(steps, layer, lr):
    """distance / (c eta) - 1 of a layer at a learning rate: 0 where exactly linear."""
    return steps.at[lr][layer] / (steps.coefficient[layer] * float(lr)) - 1


def steps_section(found):
    rows, linear, compounding = [], [], []
    for name, steps in found.items():
        hidden = len(steps.coefficient) - 1
        for layer in range(hidden):
            rows.append((name, f"hidden layer {layer + 1}", hidden - layer,
                         f"{steps.coefficient[layer]:.4f}",
                         *(f"{1 + residual(steps, layer, lr):.4f}" for lr in SHOWN_RATES)))
            worst = max(abs(residual(steps, layer, lr)) for lr in STEP_RATES
                        if float(lr) <= 0.1)
            linear.append((name, hidden - layer, worst))
        below = steps.coefficient[:hidden]
        compounding.append((name, below[::-1]))  # by distance from the output, 1 first
    table = readme.markdown_table(
        ["Network", "Layer", "Layers above it", "c = distance ÷ η (η → 0)",
         *(f"distance ÷ (c η) at η = {lr}" for lr in SHOWN_RATES)],
        rows, align="ll" + "r" * (2 + len(SHOWN_RATES)))
    one_layer = [w for _, k, w in linear if k == 1]
    deeper = [w for _, k, w in linear if k > 1]
    parallel = max(s.parallel for s in found.values())
    growth = "; ".join(f"{n}: {c[0]:.4f} one layer below the output, {c[-1]:.4f} {len(c)} "
                       f"below ({c[-1] / c[0] - 1:+.0%})" for n, c in compounding if len(c) > 1)
    steps_up = [np.diff(c) for _, c in compounding if len(c) > 1]
    rising = all(np.all(d > 0) for d in steps_up)
    levelling = all(np.all(np.diff(d) < 0) for d in steps_up)
    worked = found["2-2-2"].coefficient[0]
    return "\n\n".join([
        "**What is proved.** The sequential scheme runs the same forward pass as the "
        "parallel one; only the weights that carry the delta down differ, each "
        "W′ = W − η δ outᵀ. So the output layer's step is the gradient, and a layer k "
        "layers below the output gets a delta that is a polynomial in η of degree "
        "2^k − 1 without a constant term added to the gradient's (δ below the output: "
        "degree 1; each layer further down doubles it and adds 1). Its distance from "
        "the gradient is c_k η + O(η²): exactly linear one layer below the output, "
        "linear at small η further down.",
        f"**What is measured.** For {len(found)} networks, the worked example's sample "
        f"and its biases (not trained): the worked example 2-2-2, and with its hidden "
        f"layer repeated to 2, 3 and 4 hidden layers (each a copy of W1 = [[0.15, 0.20], "
        f"[0.25, 0.30]], b = 0.35, below the output layer W2); and {'-'.join(map(str, WIDE))}, "
        f"weights uniform in [−1, 1] (seed {WIDE_SEED}, 2 decimals). The gradient is from "
        f"{highprec.DIGITS}-digit central differences (h = {H:.0e}), the steps from one "
        f"{highprec.DIGITS}-digit update (`backprop/highprec.py`): the parallel step "
        f"is the gradient to {below_text(parallel, PARALLEL_BOUND)} at every layer "
        f"(η = {STEP_RATES[-1]}), which checks the central differences. c is the "
        f"sequential step's distance ÷ η at η = {SMALL_RATE}; at depth 1 it is "
        f"{worked:.4f}, the proof's coefficient.",
        f"**Linear in η?** One layer below the output, distance ÷ (c η) stays within "
        f"{at_most(max(one_layer))} of 1 at every η up to {STEP_RATES[-1]} in every "
        f"network: exactly linear, as proved. Further down it is within "
        f"{at_most(max(deeper))} of 1 up to η = 0.1, and the table shows it at larger η.",
        "**Does it compound with distance from the output?** "
        + ("c grows with the distance from the output in every network, "
           if rising else "c does not grow with the distance from the output in every network, ")
        + ("but each layer further down adds less than the one above it: it levels off, "
           "it does not multiply. " if levelling else "")
        + f"{growth}.",
        table,
    ]) + "\n"


def below_text(x, bound):
    return f"< {bound:g}" if x < bound else f"{x:.1e}"


def at_most(x):
    """x rounded up to one significant digit, or '1e-12' for anything smaller."""
    if x < 1e-12:
        return "1e-12"
    exponent = int(np.floor(np.log10(x)))
    mantissa = int(np.ceil(round(x / 10 ** exponent, 9)))
    return f"{mantissa}e{exponent}" if mantissa < 10 else f"1e{exponent + 1}"


# --- 2. how fast each converges ------------------------------------------------

Grid = namedtuple("Grid", "rates starts updates wide")
GRIDS = {"small": Grid(9, 40, 2_000, False), "large": Grid(19, 100, 10_000, True)}
SEED = 2027
# XOR (examples/xor.json's samples, online): an output stuck at 0.5 on one sample,
# the others exact, has E_total = 1/2 0.5^2 = 0.125; half of it, as the worked
# example's threshold is half of a saturated network's error. Below it every output
# is within 0.354 of its target: every sample on the right side of 0.5.
XOR_THRESHOLD = 0.0625
# Each task's learning rates: the worked example's from where every start of both
# schemes gets there within the small grid's budget at every depth up to where both
# fail from most starts; XOR's up to 5, above which its runs are chaotic (which starts
# get there changes with the last bit of exp: tests/test_reproducible.py fails).
Task = namedtuple("Task", "example outputs threshold rates")


@lru_cache(maxsize=None)
def tasks():
    """{name: Task}: the worked example's sample (biases fixed: 0.35 in each hidden
    layer, 0.60 at the outputs) and XOR (per-neuron biases, trained); read once."""
    xor = example.load(ROOT / "examples" / "xor.json")
    return {"worked example": Task(WORKED_EXAMPLE, 2, sweep.THRESHOLD, (2.5, 200.0)),
            "XOR": Task(xor, 1, XOR_THRESHOLD, (0.5, 5.0))}


def networks(grid):
    """The hidden layers of each network the grid trains: 2 neurons a layer at each
    of DEPTHS, the worked example's shape extended; and WIDE's where grid.wide."""
    return [(2,) * depth for depth in DEPTHS] + ([WIDE[1:-1]] if grid.wide else [])


def chained(hidden):
    """Whether hidden layers are the worked example's extended: 2 neurons each."""
    return set(hidden) == {2}


def sizes_of(task, hidden):
    return (2, *hidden, task.outputs)


def network_name(task, hidden):
    return "-".join(map(str, sizes_of(task, hidden)))


def starts(task, hidden, n, seed):
    """n seeded random starts (the batched engine's Params): weights uniform in
    [-1, 1]; per-neuron biases too where the task trains them."""
    rng = np.random.default_rng([seed, task.outputs, *hidden])
    sizes = sizes_of(task, hidden)
    W = [rng.uniform(-1, 1, (m, k, n)) for k, m in zip(sizes, sizes[1:])]
    if task.example.train_biases:
        b = [rng.uniform(-1, 1, (m, n)) for m in sizes[1:]]
    else:
        b = [np.full((1, 1), 0.60 if last else 0.35) for last in [False] * len(hidden) + [True]]
    return Params.of(W, b)


def sweep_one(task, hidden, grid, seed=SEED):
    """{scheme: updates until E_total < threshold (rates, starts)}, negative codes
    (sweep.STILL_FALLING, STALLED, DIVERGED) where never within grid.updates; both
    schemes in one batch, the same starts at every rate."""
    lrs = np.geomspace(*task.rates, grid.rates)
    per_pass = len(task.example.x)  # online: an update per sample
    p = starts(task, hidden, grid.starts, seed)
    copies = 2 * grid.rates
    w = Params(*(np.tile(a, copies) if a.shape[-1] == grid.starts else a for a in p))
    lr = np.tile(np.repeat(lrs, grid.starts), 2)
    sequential = np.repeat([True, False], grid.rates * grid.starts)
    ex = task.example._replace(model=model(["sigmoid"] * (len(hidden) + 1)))
    found = sweep.counts(lr, w, grid.updates // per_pass, task.threshold, sequential, example=ex)
    found = np.where(found >= 0, found * per_pass, found).reshape(2, grid.rates, grid.starts)
    return {"sequential": found[0], "parallel": found[1]}


def run(grid, quiet=False):
    """{task name: {hidden layers: sweep_one()}}."""
    result = {}
    jobs = [(name, hidden) for name in tasks() for hidden in networks(grid)]
    with progress.Bar("depth sweep", len(jobs), "networks' groups", quiet=quiet) as bar:
        for k, (name, hidden) in enumerate(jobs):
            result.setdefault(name, {})[hidden] = sweep_one(tasks()[name], hidden, grid)
            bar.show(k + 1)
    return result


# Runs (a rate and a start) of each scheme that never get there, of `runs` each, and
# the band of sequential − parallel, in runs.
Fails = namedtuple("Fails", "sequential parallel runs low high")


def fail_difference(result):
    """Fails of a network: the runs of each scheme that never get there, over every
    rate, and the band of their difference over sweep.BOOTSTRAP resamplings of the starts."""
    starts = result["sequential"].shape[1]
    picks = np.random.default_rng(sweep.BOOTSTRAP_SEED).integers(0, starts,
                                                                 (sweep.BOOTSTRAP, starts))
    fail = {name: (c < 0).astype(int) for name, c in result.items()}
    resampled = (fail["sequential"][:, picks] - fail["parallel"][:, picks]).sum(axis=(0, 2))
    low, high = np.percentile(resampled, sweep.BAND)
    return Fails(int(fail["sequential"].sum()), int(fail["parallel"].sum()),
                 fail["sequential"].size, low, high)


def runs_text(x):
    """A difference in runs, signed, to the whole run: '+9', '-3', '+0'."""
    return f"{round(float(x)):+d}"


Summary = namedtuple("Summary", "s band fails")


def summarise(result):
    """{task: {hidden layers: Summary}}: sweep.summary, its ratio's band, fail_difference."""
    return {task: {hidden: Summary(sweep.summary(r), np.round(sweep.bootstrap_ratio(r), 3),
                                   fail_difference(r))
                   for hidden, r in by_net.items()} for task, by_net in result.items()}


def ratio3(x):
    """The ratio of the medians as drawn and printed: 3 decimals."""
    return np.round(x, 3)


def rates_text(lrs, mask):
    return ", ".join(f"{lr:.3g}" for lr in lrs[mask])


def verdicts(summary):
    """Per rate: 'faster', 'slower' (band beyond 1), 'same' (1 within the band), or
    'none' (no ratio: most starts of a scheme never get there), 'unbanded' (a
    ratio, but in too many resamplings most starts of a scheme never get there)."""
    ratio, (low, high) = ratio3(summary.s["ratio"]), summary.band
    out = np.full(len(ratio), "none", dtype=object)
    out[np.isfinite(ratio)] = "unbanded"
    known = np.isfinite(ratio) & np.isfinite(low) & np.isfinite(high)
    out[known] = "same"
    out[known & (high < 1)] = "faster"
    out[known & (low > 1)] = "slower"
    return out


def count(x):
    """A median count of updates, or a dash where there is none."""
    return f"{x:,.0f}" if np.isfinite(x) else "—"


def span(values):
    """'x' or 'x to y' of ratios."""
    low, high = f"{values.min():.3f}", f"{values.max():.3f}"
    return low if low == high else f"{low} to {high}"


def layers_text(hidden):
    """'1 hidden layer', '3 hidden layers' (of 2 neurons), '3 hidden layers of 8'."""
    text = f"{len(hidden)} hidden layer{'s' * (len(hidden) > 1)}"
    return text if chained(hidden) else f"{text} of {hidden[0]}"


def depth_sentence(task, hidden, summary, lrs, grid):
    v, ratio = verdicts(summary), ratio3(summary.s["ratio"])
    parts = []
    for what, text, band in [("faster", "sequential faster", "its band below 1"),
                             ("slower", "sequential slower", "its band above 1"),
                             ("same", "not distinguishable", "1 within its band"),
                             ("unbanded", "not distinguishable", "no band: in over 2.5% of "
                              "the resamplings most starts of a scheme never get there")]:
        mask = v == what
        if mask.any():
            parts.append(f"{text} at η = {rates_text(lrs, mask)} (ratio {span(ratio[mask])}, "
                         f"{band})")
    mask = v == "none"
    if mask.any():
        parts.append(f"no ratio at η = {rates_text(lrs, mask)}, where most starts of a scheme "
                     "never get there")
    f = summary.fails
    difference = (f"(difference {runs_text(f.sequential - f.parallel)} runs, band "
                  f"{runs_text(f.low)} to {runs_text(f.high)})")
    if f.low > 0 or f.high < 0:
        fails = (f"sequential fails {'more' if f.low > 0 else 'less'} often: {f.sequential} "
                 f"of its {f.runs} runs never get there within {grid.updates:,} updates, "
                 f"{f.parallel} of parallel's {difference}")
    else:
        fails = (f"how often they never get there is not distinguishable: {f.sequential} of "
                 f"sequential's {f.runs} runs, {f.parallel} of parallel's {difference}")
    heading = (f"{task[0].upper()}{task[1:]}, {layers_text(hidden)} "
               f"({network_name(tasks()[task], hidden)})")
    return f"**{heading}:** " + "; ".join(parts) + f". {fails[0].upper()}{fails[1:]}."


def best(summary):
    """The index of the rate where sequential is faster by the most (its band below
    1), or None."""
    faster = verdicts(summary) == "faster"
    return int(np.argmin(np.where(faster, ratio3(summary.s["ratio"]), np.inf))) \
        if faster.any() else None


def gain(summary, lrs, short=False):
    """'7% fewer (ratio 0.931 at η = 38.7)' at the best rate; short: '7% (0.931 at η = 38.7)'."""
    i = best(summary)
    ratio = ratio3(summary.s["ratio"][i])
    return (f"{1 - ratio:.0%}{'' if short else ' fewer'} ({'' if short else 'ratio '}"
            f"{ratio:.3f} at η = {lrs[i]:.3g})")


def which(hiddens):
    """'1 hidden layer', '2, 3 and 4 hidden layers' (of 2 neurons), '3 hidden layers of 8'."""
    if len(hiddens) == 1:
        return layers_text(hiddens[0])
    depths = [str(len(h)) for h in hiddens]
    return f"{', '.join(depths[:-1])} and {depths[-1]} hidden layers"


def close_up_to(by_net, tolerance=0.01):
    """The highest rate index up to which every network's ratio is within
    `tolerance` of 1 at every rate, or None."""
    close = np.all([ratio3(np.abs(s.s["ratio"] - 1)) <= tolerance for s in by_net.values()],
                   axis=0)  # nan: not close
    return None if not close[0] else (int(np.argmin(close)) - 1 if not close.all()
                                      else len(close) - 1)


def beyond(summary, other):
    """Per rate: whether summary's ratio is below other's beyond both bands."""
    with np.errstate(invalid="ignore"):
        return summary.band[1] < other.band[0]  # nan: no band, not beyond


def both_banded(summary, other):
    """Per rate: whether both ratios have a band."""
    return np.isfinite(summary.band).all(axis=0) & np.isfinite(other.band).all(axis=0)


def grouped(masks, lrs):
    """{'rates as text': [hidden layers whose mask holds there]} of {hidden: mask}."""
    out = {}
    for hidden, mask in masks.items():
        if mask.any():
            out.setdefault(rates_text(lrs, mask), []).append(hidden)
    return out


def in_groups(groups):
    """'with 2 hidden layers at η = 28.5, 36.4; with 3 and 4 hidden layers at η = ...'."""
    return "; ".join(f"with {which(hs)} at η = {rates}" for rates, hs in groups.items())


def no_ratio(summary):
    """Whether a network has no ratio at any rate."""
    return bool(np.all(verdicts(summary) == "none"))


def gains_text(by_net, lrs):
    """How much fewer updates sequential needs at best, network by network; or that
    it never needs distinguishably fewer. Networks without a ratio at any rate are
    left out (trouble_text names them); '' where that leaves none."""
    faster = [h for h, s in by_net.items() if best(s) is not None]
    never = [h for h, s in by_net.items() if best(s) is None and not no_ratio(s)]
    if not faster and not never:
        return ""
    parts = []
    if faster:
        first, *rest = faster
        parts.append(f"at best {gain(by_net[first], lrs)} with {layers_text(first)}"
                     + "".join(f", {gain(by_net[h], lrs, True)} with {len(h)}" for h in rest))
    if never:
        parts.append(f"never distinguishably with {which(never)}")
    text = "sequential needs fewer updates than parallel (the ratio's band below 1): " \
        + "; ".join(parts) if faster else f"sequential is never distinguishably faster with " \
        f"{which(never)}"
    one = by_net.get((2,))
    deeper = grouped({h: beyond(s, one) & (verdicts(s) == "faster")
                      for h, s in by_net.items() if one is not None and len(h) > 1}, lrs)
    if deeper:
        text += (". The gain is larger than with 1 hidden layer, beyond both bands, "
                 + in_groups(deeper))
    return text + ". "


def trouble_text(by_net, lrs, grid):
    """Where sequential is slower (band above 1), where it fails more or less often,
    and where there is no ratio at any rate."""
    slower = grouped({h: verdicts(s) == "slower" for h, s in by_net.items()}, lrs)
    out = [f"Sequential is slower (the band above 1) {in_groups(slower)}. "] if slower else []
    for more, word in ((True, "more"), (False, "less")):
        hs = [h for h, s in by_net.items()
              if (s.fails.low > 0 if more else s.fails.high < 0)]
        if hs:
            fails = [by_net[h].fails for h in hs]
            out.append(f"Sequential fails {word} often with {which(hs)} (its runs that never "
                       f"get there minus parallel's, of {fails[0].runs:,} each: "
                       + ", ".join(runs_text(f.sequential - f.parallel) for f in fails)
                       + "; the band beyond 0). ")
    none = [h for h, s in by_net.items() if no_ratio(s)]
    if none:
        out.append(f"With {which(none)} there is no ratio at any rate: most starts of a scheme "
                   f"never get there within {grid.updates:,} updates. ")
    return "".join(out)


def answer(summaries, grid):
    """The paragraph that answers the question, per task from its networks of 2
    neurons a layer, then what width changes."""
    out = []
    for task, by_net in summaries.items():
        lrs = np.geomspace(*tasks()[task].rates, grid.rates)
        chains = {h: s for h, s in by_net.items() if chained(h)}
        close = close_up_to(chains)
        out.append(continued(
            f"On {'the worked example' if task == 'worked example' else task}'s task, ",
            gains_text(chains, lrs)
            + (f"Up to η = {lrs[close]:.3g} the medians are within 1% of each other at "
               "every depth. " if close is not None else "")
            + trouble_text(chains, lrs, grid)))
        for hidden, s in by_net.items():
            if not chained(hidden):
                narrow = (2,) * len(hidden)
                apart = beyond(s, chains[narrow]) | beyond(chains[narrow], s)
                names = [network_name(tasks()[task], h) for h in (hidden, narrow)]
                out.append(continued(
                    f"Width changes this: at η = {rates_text(lrs, apart)} the ratio in "
                    f"{names[0]} differs from {names[1]}'s beyond both bands. In {names[0]}, "
                    if apart.any() else f"Width does not distinguishably change this: in "
                    f"{names[0]}, " if both_banded(s, chains[narrow]).any()
                    else f"Width: in {names[0]}, ",
                    gains_text({hidden: s}, lrs) + trouble_text({hidden: s}, lrs, grid)))
    return "".join(out).rstrip()


def continued(opening, sentences):
    """'On XOR's task, ' + 'With 1 hidden layer ...': the first sentence continues the opening."""
    return opening + sentences[:1].lower() + sentences[1:]


def sweep_section(result, summaries, grid):
    task_list = tasks()
    worked, xor = task_list["worked example"], task_list["XOR"]
    never = max(max(s.s[name]["failed"][0] for name in SCHEMES)
                for s in summaries["worked example"].values())
    lowest_rate_text = ("every start of both schemes gets there within it in every network"
                        if never == 0 else f"up to {round(never * grid.starts)} of the "
                        f"{grid.starts} starts of a scheme never get there within it")
    wide = (f", and {layers_text(WIDE[1:-1])} ("
            + ", ".join(network_name(t, WIDE[1:-1]) for t in task_list.values()) + ")"
            if grid.wide else "")
    bullets = [
        f"**Set-up:** for each task and each depth of {DEPTHS[0]} to {DEPTHS[-1]} hidden "
        f"layers of 2 neurons{wide}, both schemes train {grid.rates} learning rates, log-spaced "
        f"(the worked example's task from {worked.rates[0]:g} to {worked.rates[1]:g}, XOR "
        f"from {xor.rates[0]:g} to {xor.rates[1]:g}: above that, XOR's runs are chaotic, and "
        f"a change in the last bit of exp changes which starts get there), times "
        f"{grid.starts} seeded random starts "
        f"(the same starts at every rate and for both schemes; weights uniform in [−1, 1]). "
        f"The worked example's task: its sample, biases fixed at 0.35 in every hidden layer "
        f"and 0.60 at the outputs. XOR: `examples/xor.json`'s four samples, online, one output, "
        f"per-neuron biases uniform in [−1, 1] and trained.",
        f"**What is counted:** the updates until E_total falls below the threshold (XOR: "
        f"E_total is measured after each pass of four updates). The worked example's "
        f"threshold is the learning-rate sweep's, {task_list['worked example'].threshold:g}: "
        f"half of a saturated network's error. XOR's is {XOR_THRESHOLD:g}: half of 0.125, "
        f"the error of a network whose output is stuck at 0.5 on one sample and exact on "
        f"the others; below it every output is on the right side of 0.5.",
        f"**Budget:** {grid.updates:,} updates a network (XOR: {grid.updates // 4:,} passes). "
        f"At the worked example's lowest rate, {worked.rates[0]:g}, {lowest_rate_text}. "
        f"The learning-rate sweep's budget is the worked example's run of {RUN_LENGTH:,}; "
        "this grid " + ("is the default, sized to keep `make` short (its cost is in the "
                        "benchmarks); "
           "`python sweep_depth.py --grid large` runs "
           f"{GRIDS['large'].rates} rates × {GRIDS['large'].starts} starts with "
           f"{GRIDS['large'].updates:,}"
           + (f", and {layers_text(WIDE[1:-1])} too." if GRIDS["large"].wide else ".")
           if grid == GRIDS["small"] else "is the large one."),
        f"**The band:** the {sweep.BAND[1] - sweep.BAND[0]:g}% band of the ratio of the "
        f"medians over {sweep.BOOTSTRAP} resamplings of the starts (seeded), as in the "
        "learning-rate sweep. A ratio whose band holds 1 is not distinguishable from 1.",
    ]
    for task, by_depth in summaries.items():
        lrs = np.geomspace(*task_list[task].rates, grid.rates)
        bullets += [depth_sentence(task, hidden, s, lrs, grid) for hidden, s in by_depth.items()]
    rows = []
    for task, by_depth in summaries.items():
        lrs = np.geomspace(*task_list[task].rates, grid.rates)
        for hidden, sm in by_depth.items():
            for i, lr in enumerate(lrs):
                ratio, low, high = ratio3(sm.s["ratio"][i]), *sm.band[:, i]
                rows.append((task, network_name(task_list[task], hidden), f"{lr:.3g}",
                             count(sm.s["sequential"]["median"][i]),
                             count(sm.s["parallel"]["median"][i]),
                             f"{ratio:.3f}" if np.isfinite(ratio) else "—",
                             f"{low:.3f} to {high:.3f}" if np.isfinite(low) else "—",
                             *(f"{round(sm.s[name]['failed'][i] * grid.starts)}"
                               for name in SCHEMES)))
    table = readme.markdown_table(
        ["Task", "Network", "Learning rate", "Sequential median", "Parallel median", "Ratio",
         "Band", *(f"{name.capitalize()} never (of {grid.starts} starts)" for name in SCHEMES)],
        rows, align="ll" + "r" * 7)
    text = "\n".join(f"- {b}" for b in bullets)
    return (f"**Is sequential better in deeper networks?** {answer(summaries, grid)}\n\n"
            f"![Ratio at depth]({readme.figure_path('depth-sweep', FIGURE)})\n\n"
            f"{text}\n\n{table}\n")


def figure(summaries, grid):
    from backprop import plotting as P

    return P.png_bytes(draw(summaries, grid))


def draw(summaries, grid):
    """Top: the ratio of the medians against eta, a line per depth with its band,
    a panel per task that has a ratio; below, per task, the share of starts that
    never get there, per depth and scheme. Markers nested by depth: overlapping
    lines stay visible."""
    from backprop import plotting as P

    with_ratio = [task for task, by_depth in summaries.items()
                  if any(np.isfinite(ratio3(s.s["ratio"])).any() for s in by_depth.values())]
    fig = P.plt.figure(figsize=(P.WIDTH, 7.5), layout="constrained")
    grid_spec = fig.add_gridspec(2, 2 * len(summaries), height_ratios=[1.5, 1])
    width = 2 * len(summaries) // max(1, len(with_ratio))
    tops = {task: fig.add_subplot(grid_spec[0, k * width:(k + 1) * width])
            for k, task in enumerate(with_ratio)}
    bottoms = {task: fig.add_subplot(grid_spec[1, 2 * k:2 * k + 2])
               for k, task in enumerate(summaries)}
    for task, by_depth in summaries.items():
        lrs, bottom = np.geomspace(*tasks()[task].rates, grid.rates), bottoms[task]
        top, missing, cut = tops.get(task), [], []
        for hidden, sm in by_depth.items():
            look = look_of(P, hidden)
            ratio, (low, high) = ratio3(sm.s["ratio"]), sm.band
            if top is not None and np.isfinite(ratio).any():
                top.fill_between(lrs, low, high, color=look["color"], alpha=0.12, linewidth=0)
                cut.append(P.cut_band(top, lrs, low, high, LIMITS, look["color"]))
                top.plot(lrs, ratio, linewidth=1.4, **look, label=layers_text(hidden))
            else:
                missing.append(network_name(tasks()[task], hidden))
            for name in SCHEMES:
                bottom.plot(lrs, np.round(100 * sm.s[name]["failed"], 1), linewidth=1.2,
                            linestyle=P.STYLE[name]["linestyle"], **look,
                            label=layers_text(hidden) if name == "sequential" else None)
        if top is not None:
            top.axhline(1, color="black", linewidth=0.6)
            top.set_xscale("log")
            top.set_yscale("log")
            top.set_yticks(RATIO_TICKS, [f"{t:g}" for t in RATIO_TICKS])
            top.set_ylim(*LIMITS)  # a band may reach beyond: it is cut, and marked
            top.minorticks_off()
            highest = [h for _, h in cut if h is not None]
            lowest = [lo for lo, _ in cut if lo is not None]
            P.cut_note(top, (min(lowest, default=None), max(highest, default=None)),
                       "95% band")
            top.set_ylabel("sequential ÷ parallel")
            top.set_xlabel("learning rate η")
            rate_axis(top, lrs)
            # two lines of at most 55 characters: they fit a panel of half the width
            top.set_title(f"{task}: sequential ÷ parallel, median updates\n"
                          "(below 1: sequential faster; shaded: 95% band)")
            if missing:
                top.text(0.98, 0.10, f"no ratio in {', '.join(missing)}",
                         transform=top.transAxes, fontsize=8, ha="right", va="bottom")
            P.legend(top, loc="upper left")
        bottom.set_xscale("log")
        bottom.set_ylim(-5, 105)
        bottom.set_xlabel("learning rate η")
        rate_axis(bottom, lrs)
        bottom.set_title(f"{task}: starts that never get there within {grid.updates:,} updates"
                         + ("\n(no ratio at any depth: most starts of a scheme never do)"
                            if top is None else "\n(solid: sequential, dashed: parallel)"))
    for bottom in bottoms.values():
        bottom.set_ylabel("% of starts")
    P.legend(bottoms[next(iter(summaries))], loc="upper center", ncols=2)
    return fig


def rate_axis(ax, lrs):
    """The learning rates' axis: a little beyond them, labelled at 1, 2, 5 of each decade."""
    ax.set_xlim(lrs[0] / 1.2, lrs[-1] * 1.2)
    ticks = [m * 10.0 ** e for e in range(-3, 4) for m in (1, 2, 5)
             if lrs[0] / 1.2 <= m * 10.0 ** e <= lrs[-1] * 1.2]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()


# the ratio axis of the top panels; a band beyond it is cut there, and marked
RATIO_TICKS = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64]
LIMITS = (RATIO_TICKS[0], RATIO_TICKS[-1])
# one marker per depth, nested (largest at 1 hidden layer): equal values stay visible;
# the wide network: crosses, in WIDE_COLOUR
MARKERS = {1: "o", 2: "s", 3: "D", 4: "o"}
MARKER_SIZES = {1: 9, 2: 6.5, 3: 4.5, 4: 2.5}
WIDE_COLOUR = "#cc3311"


def look_of(P, hidden):
    """The colour and marker of a network's lines: by its depth, or the wide one's."""
    if not chained(hidden):
        return dict(color=WIDE_COLOUR, marker="x", markersize=6)
    depth = len(hidden)
    return dict(color=P.DEPTH_COLOURS[depth], marker=MARKERS[depth],
                markersize=MARKER_SIZES[depth], markerfacecolor="none")


# --- command line ---------------------------------------------------------------

def compute(grid, quiet):
    """(all_steps(), run()) of the grid: the networks trained, nothing written."""
    return all_steps(), run(grid, quiet)


def default_run():
    """compute() of the small grid, quietly: what regenerate.py computes in a worker
    process beside the rest (main() writes the sections and draws the figure, as
    sweep.py's does, where matplotlib is imported already)."""
    return compute(GRIDS["small"], True)


def parse_args(argv):
    parser = cli.Parser(description=__doc__, formatter_class=cli.RAW)
    parser.add_argument("--grid", choices=list(GRIDS), default="small",
                        help="small (the default: docs/sweeps.md's) or large: " + "; ".join(
                            f"{name} {g.rates} rates × {g.starts} starts, {g.updates:,} updates"
                            for name, g in GRIDS.items()))
    parser.add_argument("--out", type=Path, metavar="DIR",
                        help="folder for the figure (default: figures/ for the small grid; "
                             "the large grid writes one only where this says)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--check", action="store_true",
                        help=f"write nothing; fail with a diff if a page "
                             f"({readme.where(SECTIONS)}) or the figure is stale")
    args = parser.parse_args(argv)
    args.default = args.grid == "small"
    if args.check and not args.default:
        parser.error("--check compares the page with the small grid: give no --grid large")
    if args.out is None and args.default:
        args.out = FOLDER
    return parser, args


def main(argv=None, computed=None):
    """The command line; `computed`: default_run(), done already (by regenerate.py)."""
    parser, args = parse_args(argv)
    try:
        if args.default:
            readme.check_markers(SECTIONS)
    except readme.ReadmeError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    grid = GRIDS[args.grid]
    if computed is None:
        computed = compute(grid, args.quiet or args.check)
    found, result = computed
    summaries = summarise(result)
    # the answer also in the README, where the result is summed up
    bodies = {"depth-steps": steps_section(found),
              "depth-sweep": sweep_section(result, summaries, grid),
              "depth-answer": answer(summaries, grid)}
    return readme.publish(parser, args, bodies, FIGURE, lambda: figure(summaries, grid),
                          f"Not the small grid: {readme.where(SECTIONS)} left as it is.")


if __name__ == "__main__":
    cli.run(main)
