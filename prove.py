"""Proof that the backpropagation is right, and what each scheme computes.

1. The backpropagated gradient (ann_numpy_original.backprop) against central
   finite differences, at the worked example and at seeded random networks.
2. The float64 runs of both schemes against an independent 50-digit decimal
   implementation (backprop/highprec.py): how many digits are correct.
3. One parallel step against one step of gradient descent (the gradient from
   50-digit finite differences), and how far the sequential step is from it.
Run: python prove.py [--check]. Prints all of it and writes it into docs/proof.md
(section `proof`); --check writes nothing and fails when the page is stale.
"""
import math
from decimal import Decimal, localcontext

import numpy as np

import ann_numpy_original
from backprop import cli, gradcheck, highprec, readme, workers
from backprop.files import ROOT
from backprop.network import LR, RUN_LENGTH, START, WORKED_EXAMPLE
from backprop.published import TRUSTED_DIGITS
from backprop.runs import example_runs, runs
from backprop.schemes import SCHEMES, script

RANDOM_CASES, SEED = 1_000, 20_261_129
GRADIENT_TOLERANCE = 1e-8
# At the worked example the check's own rounding dominates (about 1e-10, changing
# with the last bits of exp), so the README states this bound, not the value.
EXAMPLE_BOUND = 1e-9
# The parallel step's relative distance from the exact gradient stays below this.
STEP_BOUND = 1e-14
CHECKPOINTS = (1, 10, 100, 1_000, RUN_LENGTH)
LEARNING_RATES = ("0.1", str(LR), "2")  # decimal strings, for the 50-digit runs
# Example files checked the same way, at their own learning rates, after up to 1,000 passes.
EXAMPLE_FILES = ("mazur_bias_shared.json", "mazur_bias_per_neuron.json", "xor.json")
EXAMPLE_CHECKPOINTS = (1, 10, 100, 1_000)
STEP_RATES = (0.01, 0.1, LR, 1, 2, 5, 10)
EXAMPLES = ROOT / "examples"


def gradient_check():
    """(worst relative error at the worked example, worst over the random cases)."""
    worked = WORKED_EXAMPLE
    example = gradcheck.relative_error(ann_numpy_original.backprop, worked.start, worked.x,
                                       worked.t, worked.model)
    trials = [gradcheck.relative_error(ann_numpy_original.backprop, *case)
              for case in gradcheck.random_cases(RANDOM_CASES, SEED)]
    return example, max(trials)


def correct_digits(float_values, exact_values):
    """-log10 of the largest relative error of the float64 values (capped at 17)."""
    errors = [abs((Decimal(float(a)) - e) / e) for a, e in zip(float_values, exact_values)]
    worst = max(errors)
    return 17.0 if worst == 0 else min(17.0, float(-worst.log10()))


def reference_request(job):
    """highprec.run()'s arguments for a case of references()."""
    scheme, case = job
    sequential = scheme == "sequential"
    if case in EXAMPLE_FILES:
        spec, lr = highprec.from_file(EXAMPLES / case)
        return lr, sequential, set(EXAMPLE_CHECKPOINTS), spec
    return case, sequential, set(CHECKPOINTS), highprec.WORKED_EXAMPLE


# Every case of references(): both schemes at each learning rate and each example
# file, the longest runs first (when shared among cores, the last to finish is short).
CASES = [(scheme, case) for case in LEARNING_RATES + EXAMPLE_FILES for scheme in SCHEMES]


def fifty_digit_runs():
    """The 50-digit runs this script uses (highprec.run's arguments), which
    regenerate.py computes beside the others."""
    return [reference_request(job) for job in CASES]


def references():
    """{(scheme, case): highprec.trajectory} for both schemes and every case:
    a learning rate of LEARNING_RATES (the worked example, at CHECKPOINTS) or a
    file of EXAMPLE_FILES (at EXAMPLE_CHECKPOINTS). Computed here unless shared
    (highprec.share) before, as compute() does."""
    return {job: highprec.trajectory(*request) for job, request in zip(CASES, fifty_digit_runs())}


def float64_run(scheme, case):
    """The float64 record of a case of references(), and its checkpoints."""
    if case in EXAMPLE_FILES:
        return example_runs(max(EXAMPLE_CHECKPOINTS), case)[scheme], EXAMPLE_CHECKPOINTS
    # the worked example at this rate (at 0.5, the run the tables and figures share)
    return runs(max(CHECKPOINTS), case)[scheme], CHECKPOINTS


def digits_table():
    """{(scheme, case): {n: correct digits of every weight, bias and E_total after
    n passes}}, for each case of references()."""
    float_runs = {(scheme, case): float64_run(scheme, case) for scheme in SCHEMES
                  for case in LEARNING_RATES + EXAMPLE_FILES}
    exact_runs = references()  # after the float64 runs: the 50-digit ones may be under way
    table = {}
    for (name, case), (record, checkpoints) in float_runs.items():
        exact = exact_runs[name, case]
        table[name, case] = {n: correct_digits(
            [*record.weights(n), *record.params.b1[n], *record.params.b2[n], record.error[n]],
            [*exact[n].w, *exact[n].b, exact[n].error]) for n in checkpoints}
    return table


def exact_gradient(w=highprec.START):
    """dE_total/dw1..dw8 by central differences at 50 digits, h = 1e-20:
    truncation ~h^2 = 1e-40, rounding ~1e-50/h = 1e-30, far below float64."""
    with localcontext() as ctx:
        ctx.prec = highprec.DIGITS
        h = Decimal("1e-20")

        def error(w):
            return highprec.total_error(highprec.with_weights(w), highprec.WORKED_EXAMPLE.samples)

        grad = []
        for k in range(8):
            up = tuple(v + h * (j == k) for j, v in enumerate(w))
            down = tuple(v - h * (j == k) for j, v in enumerate(w))
            grad.append(float((error(up) - error(down)) / (2 * h)))
    return np.array(grad)


def step_directions(lr):
    """{scheme: w1..w8 step of one update divided by lr} from the worked example."""
    result = {}
    for name in SCHEMES:
        _, direction = script(name).step(START, lr, WORKED_EXAMPLE.x, WORKED_EXAMPLE.t, False,
                                   WORKED_EXAMPLE.model)
        result[name] = np.concatenate([direction.W1.ravel(), direction.W2.ravel()])
    return result


def step_table(gradient):
    """[(lr, parallel's and sequential's relative distance from the gradient, in
    the hidden layer w1..w4)]."""
    rows = []
    for lr in STEP_RATES:
        directions = step_directions(lr)
        rows.append((lr, *(float(np.linalg.norm(directions[s][:4] - gradient[:4])
                                 / np.linalg.norm(gradient[:4]))
                           for s in ("parallel", "sequential"))))
    return rows


def at_most(x):
    """x rounded up to one significant digit: a bound that a change in the last
    bits of x does not move (unless x is that close to the bound)."""
    exponent = math.floor(math.log10(x))
    mantissa = math.ceil(round(x / 10 ** exponent, 9))
    return f"{mantissa}e{exponent:03d}" if mantissa < 10 else f"1e{exponent + 1:03d}"


def below(x, bound):
    """'< bound' when x is below it, else x itself (and the README's check fails)."""
    return f"< {bound:g}" if x < bound else f"{x:.1e}"


def digits_text(digits):
    """The table of correct digits, which differ in their last place from machine
    to machine: printed, not written into the README."""
    rows = [(scheme, case if case in EXAMPLE_FILES else f"worked example, η = {case}",
             *(f"{row[n]:.1f}" if n in row else "" for n in CHECKPOINTS))
            for (scheme, case), row in digits.items()]
    return readme.markdown_table(["Scheme", "Run",
                                  *(f"after {n:,} pass{'es' * (n != 1)}" for n in CHECKPOINTS)],
                                 rows, align="ll" + "r" * len(CHECKPOINTS))


def section(example, worst, digits, gradient, steps):
    parallel_output = np.max(np.abs(step_directions(LR)["parallel"] - gradient) / np.abs(gradient))
    ratios = [seq / lr for lr, _, seq in steps]
    step_rows = [(f"{lr:g}", below(par, STEP_BOUND), f"{seq:.3e}", f"{seq / lr:.4f}")
                 for lr, par, seq in steps]
    lowest = min(min(row.values()) for (_, case), row in digits.items() if case in LEARNING_RATES)
    lowest_files = min(min(row.values()) for (_, case), row in digits.items()
                       if case in EXAMPLE_FILES)
    worked_cases = len(SCHEMES) * len(LEARNING_RATES) * len(CHECKPOINTS)
    file_cases = len(SCHEMES) * len(EXAMPLE_FILES) * len(EXAMPLE_CHECKPOINTS)
    rates = ", ".join(LEARNING_RATES[:-1]) + f" and {LEARNING_RATES[-1]}"
    files = ", ".join(f"`{name}`" for name in EXAMPLE_FILES[:-1]) + f" and `{EXAMPLE_FILES[-1]}`"
    return "\n\n".join([
        f"**Gradient check.** The backpropagated gradient of E_total with respect to w1..w8, "
        f"b1 and b2 is compared with central finite differences (h = {gradcheck.STEP:g} × "
        f"max(1, |p|)). The largest difference, as a fraction of the largest gradient "
        f"component, is {below(example, EXAMPLE_BOUND)} at the worked example and at most "
        f"{at_most(worst)} over {RANDOM_CASES:,} seeded random networks, inputs and targets. "
        f"The tests require {GRADIENT_TOLERANCE:g} for networks of every size and kind, and "
        f"show that a gradient with the factor dout_h/dnet_h dropped fails it.",
        f"**Correct digits of float64.** Both schemes in float64 against an independent "
        f"{highprec.DIGITS}-digit decimal implementation (`backprop/highprec.py`), at learning "
        f"rates "
        f"{rates}, after {CHECKPOINTS[0]:,} to {CHECKPOINTS[-1]:,} updates: the largest "
        f"relative error over w1..w8 and E_total is "
        + (f"below 1e-{TRUSTED_DIGITS} in all {worked_cases} cases, so a "
           f"float64 run keeps at least {TRUSTED_DIGITS} correct significant digits. "
           if lowest > TRUSTED_DIGITS else f"up to 10^-{lowest:.1f}, above 1e-{TRUSTED_DIGITS}. ")
        + f"The example files {files} (trained biases, shared and per neuron; XOR's four "
        f"samples) after {EXAMPLE_CHECKPOINTS[0]:,} to {EXAMPLE_CHECKPOINTS[-1]:,} passes, over "
        f"every weight, bias and E_total: "
        + (f"below 1e-{TRUSTED_DIGITS} in all {file_cases} cases too. "
           if lowest_files > TRUSTED_DIGITS else
           f"up to 10^-{lowest_files:.1f}, above 1e-{TRUSTED_DIGITS}. ")
        + "The exact count differs in its last place from machine to machine, as NumPy's "
        "`exp` rounds its last bit differently on different CPUs: `python prove.py` prints "
        "it for each case on the machine it runs on.",
        f"**What each scheme computes.** Each scheme's step, divided by η, is compared with "
        f"the gradient of E_total at the worked example, from {highprec.DIGITS}-digit central "
        f"differences. The parallel step is the gradient to float64 precision: the largest "
        f"relative difference over w1..w8 is {below(parallel_output, STEP_BOUND)} at η = "
        f"{LR:g}. So one parallel update is one step of gradient descent. The sequential "
        f"scheme's output-layer step is the same. Its hidden-layer step (w1..w4) is not: it "
        f"uses W2 after its update, W2 − η dE/dW2, which adds a term proportional to η. Its "
        f"relative distance from the gradient is "
        + (f"{ratios[0]:.4f}" if f"{min(ratios):.4f}" == f"{max(ratios):.4f}"
           else f"between {min(ratios):.4f} and {max(ratios):.4f}") +
        f" × η at every rate from {STEP_RATES[0]:g} to {STEP_RATES[-1]:g}, already "
        f"{steps[STEP_RATES.index(LR)][2]:.1%} at η = {LR:g}. So the sequential scheme is not "
        "gradient descent on E_total.",
        readme.markdown_table(["Learning rate", "Parallel: ‖step − ∇‖/‖∇‖ (w1..w4)",
                               "Sequential: ‖step − ∇‖/‖∇‖ (w1..w4)", "Sequential ÷ learning rate"],
                              step_rows),
    ]) + "\n"


def compute():
    with workers.pool() as pool:
        # the 50-digit runs (unless kept in .cache/) beside the float64 work
        highprec.share(fifty_digit_runs(), pool)
        return default_run()


def default_run():
    """compute() in this process, without a pool of its own: what regenerate.py
    runs in one of its workers, once every 50-digit run is kept in .cache/. A
    50-digit run this process lacks is read from there, or computed here."""
    example, worst = gradient_check()
    digits = digits_table()
    gradient = exact_gradient()
    body = section(example, worst, digits, gradient, step_table(gradient))
    text = (f"{body}\nCorrect significant digits of float64 on this machine (−log10 of the "
            f"largest relative error over the weights, biases and E_total after N passes; "
            f"with one sample, N updates):\n\n"
            f"{digits_text(digits)}")
    return text, {"proof": body}


def main(argv=None, computed=None):
    """The command line; `computed`: default_run(), done already (by regenerate.py)."""
    return readme.generator_main(__doc__, compute, ["proof"], argv, computed)


if __name__ == "__main__":
    cli.run(main)
