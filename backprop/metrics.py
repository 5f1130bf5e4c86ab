"""The metrics a source may print once a pass (an epoch), each defined once with
its formula, as lines of a derivation (backprop/derivation.py) that a file's
published values can name at any iteration N (the state after N passes):

  running_error   the running error of the pass from iteration N to N+1: each
                  sample's E_total taken before its own update, summed over the
                  pass, E_total_s1 + E_total_s2 + ... (online, as many tutorials
                  print it); in batch mode every sample's error is taken at
                  iteration N, and the sum is E_total before the update
  rmse            the root mean square error at iteration N, over the S samples
                  and K outputs: sqrt(sum (t - out)^2 / (S K))
  mean_abs_error  the mean absolute error at iteration N: sum |t - out| / (S K)
  max_abs_error   the largest absolute error at iteration N: max |t - out|

The outputs are every sample's at iteration N: online, before any update of the
pass. The errors are t - out, the target minus the output, of every output.
"""
import math

import numpy as np

from backprop.derivation import Line, Section, forward, mse_count, total
from backprop.names import METRICS, Names
from backprop.network import Params

NAMES = RUNNING, RMSE, MEAN_ABS, MAX_ABS = METRICS


def differences(pairs):
    """t - out of each (t, out) of `pairs` (t1, out1, t2, out2, ...)."""
    return [t - out for t, out in zip(pairs[::2], pairs[1::2])]


def rmse(*pairs):
    # rmse = sqrt(sum (t - out)^2 / (S K))
    errors = differences(pairs)
    return math.sqrt(sum(e * e for e in errors) / len(errors))


def mean_abs_error(*pairs):
    # mean_abs_error = sum |t - out| / (S K)
    errors = differences(pairs)
    return sum(abs(e) for e in errors) / len(errors)


def max_abs_error(*pairs):
    # max_abs_error = max |t - out|
    return max(abs(e) for e in differences(pairs))


# name -> (the formula as printed, of its terms; how its terms are joined; the compute)
OVER_OUTPUTS = {
    RMSE: ("√(({}) / {})", "({} − {})²", " + ", rmse),
    MEAN_ABS: ("({}) / {}", "|{} − {}|", " + ", mean_abs_error),
    MAX_ABS: ("max({})", "|{} − {}|", ", ", max_abs_error),
}


def outputs(example, params):
    """Every sample's outputs at `params` (Params of arrays), as the derivation computes them."""
    names = Names(params, len(example.x), example.model)
    W, b = [p.tolist() for p in params.W], [p.tolist() for p in params.b]
    n = mse_count(len(example.x), example.t.shape[1])
    return [forward(names, example.model, (W, b), x, t, s, n)[2][-1]
            for s, (x, t) in enumerate(zip(example.x.tolist(), example.t.tolist()))]


def targets_and_outputs(example, params):
    """t1, out1, t2, out2, ...: every output's target and value at `params`,
    sample by sample: the arguments of rmse, mean_abs_error and max_abs_error."""
    outs = outputs(example, params)
    return [v for s, targets in enumerate(example.t.tolist())
            for pair in zip(targets, outs[s]) for v in pair]


def metric_lines(example, params, derivation, n, wanted):
    """The Lines of the metrics `wanted` (NAMES) at iteration n, from `params`
    there and the Derivation of the pass from it (its samples' E_total)."""
    names = Names(params, len(example.x), example.model)
    samples = len(example.x)
    lines = []
    if RUNNING in wanted:
        errors = [f"E_total{names.of(s)}" for s in range(samples)]
        # running_error = E_total_s1 + E_total_s2 + ...: each before its own update
        lines.append(Line(RUNNING, " + ".join(errors), " + ".join(["{}"] * samples),
                          tuple(derivation.values[e] for e in errors),
                          total(*(derivation.values[e] for e in errors)), total))
    if not any(name in OVER_OUTPUTS for name in wanted):
        return lines
    factors = targets_and_outputs(example, params)
    terms, inputs = [], []
    for s in range(samples):
        for j in range(example.t.shape[1]):
            o, of = names.output(j), names.of(s)
            terms.append((f"target_{o}{of}", f"out_{o}{of}"))
            # the derivation's out_o1_s2 is at iteration n only in batch mode (online:
            # after sample 1's update); a name of no line is taken exactly
            at_n = not example.online or s == 0
            inputs += [f"target_{o}{of}", f"out_{o}{of}" + ("" if at_n else f" at {n}")]
    count = len(terms)
    for name, (outer, term, joint, compute) in OVER_OUTPUTS.items():
        if name in wanted:
            lines.append(Line(
                name, outer.format(joint.join(term.format(*pair) for pair in terms), count),
                outer.format(joint.join([term] * count), count), tuple(factors),
                compute(*factors), compute, tuple(inputs)))
    return lines


def with_metrics(example, params, derivation, n, wanted):
    """The Derivation of the pass from iteration n (at `params`) with a last
    section of the metrics `wanted`, and their values among its values."""
    lines = metric_lines(example, params, derivation, n, wanted)
    title = (f"Metrics of iteration {n:,} (the state after {n:,} passes; the running error "
             f"of the pass from {n:,} to {n + 1:,})")
    return derivation._replace(sections=[*derivation.sections, Section(title, lines)],
                               values={**derivation.values, **{ln.name: ln.value
                                                               for ln in lines}})


def after(example, derivation, wanted):
    """{metric: its value after the pass} of the Derivation of a pass: the
    running error then is E_total of the updated network, the others are
    computed from its outputs (values only: no line, no names of inputs)."""
    values = {RUNNING: derivation.error}
    over_outputs = [name for name in wanted if name in OVER_OUTPUTS]
    if over_outputs:
        params = Params(*(np.array(p, dtype=float) for p in derivation.params))
        factors = targets_and_outputs(example, params)
        values.update({name: OVER_OUTPUTS[name][-1](*factors) for name in over_outputs})
    return {name: values[name] for name in wanted}
