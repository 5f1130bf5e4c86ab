"""An independent high-precision implementation of both schemes in Python's
decimal module, at 50 significant digits: the reference for the float64 runs.

Shares no code with the NumPy scripts: the worked example's numbers are typed
in again as decimal strings, the network is written out weight by weight.
Being decimal, it gives the same digits on every machine: the reconciliation
of the published figures uses it for that. Used by prove.py,
analyze_convergence.py and the tests.
"""
from dataclasses import dataclass
from decimal import Decimal, localcontext

DIGITS = 50
D = Decimal
INPUTS = (D("0.05"), D("0.10"))
TARGETS = (D("0.01"), D("0.99"))
START = tuple(D(w) for w in ("0.15", "0.20", "0.25", "0.30", "0.40", "0.45", "0.50", "0.55"))
B1, B2 = D("0.35"), D("0.60")


def sig(z):
    # sigma(z) = 1 / (1 + e^-z)
    return 1 / (1 + (-z).exp())


def run(w):
    """Hidden outputs, outputs and E_total for w = (w1..w8)."""
    i1, i2 = INPUTS
    h1 = sig(w[0] * i1 + w[1] * i2 + B1)
    h2 = sig(w[2] * i1 + w[3] * i2 + B1)
    o1 = sig(w[4] * h1 + w[5] * h2 + B2)
    o2 = sig(w[6] * h1 + w[7] * h2 + B2)
    error = (TARGETS[0] - o1) ** 2 / 2 + (TARGETS[1] - o2) ** 2 / 2
    return (h1, h2), (o1, o2), error


def update(w, lr, sequential):
    """One update of w1..w8; the hidden layer sees w5..w8 after their update
    if `sequential`, before it otherwise."""
    i1, i2 = INPUTS
    (h1, h2), (o1, o2), _ = run(w)
    # delta_o = (out_o - target) out_o (1 - out_o)
    d1 = (o1 - TARGETS[0]) * o1 * (1 - o1)
    d2 = (o2 - TARGETS[1]) * o2 * (1 - o2)
    out = (w[4] - lr * d1 * h1, w[5] - lr * d1 * h2, w[6] - lr * d2 * h1, w[7] - lr * d2 * h2)
    w5, w6, w7, w8 = out if sequential else w[4:]
    # delta_h = (sum over outputs of delta_o * w) out_h (1 - out_h)
    e1 = (d1 * w5 + d2 * w7) * h1 * (1 - h1)
    e2 = (d1 * w6 + d2 * w8) * h2 * (1 - h2)
    return (w[0] - lr * e1 * i1, w[1] - lr * e1 * i2, w[2] - lr * e2 * i1,
            w[3] - lr * e2 * i2) + out


@dataclass(frozen=True)
class State:
    """The network after some number of updates."""

    w: tuple  # w1..w8
    out_h: tuple  # out_h1, out_h2
    out_o: tuple  # out_o1, out_o2
    error: Decimal  # E_total


def trajectory(lr, sequential, checkpoints):
    """{n: State after n updates} for each n in `checkpoints`, at DIGITS
    significant digits. lr: a decimal string or number."""
    with localcontext() as ctx:
        ctx.prec = DIGITS
        lr = D(str(lr))
        w, states = START, {}
        for n in range(max(checkpoints) + 1):
            if n in checkpoints:
                states[n] = State(w, *run(w))
            w = update(w, lr, sequential)
        return states


@dataclass(frozen=True)
class Run:
    """One scheme's exact run, read like network.Record at its checkpoints:
    error[n], out_o[n][k], distance(n)."""

    scheme: str
    states: dict  # {n: State}

    @property
    def iterations(self):
        return max(self.states)

    @property
    def error(self):
        return {n: s.error for n, s in self.states.items()}

    @property
    def out_o(self):
        return {n: s.out_o for n, s in self.states.items()}

    def distance(self, n):
        """Euclidean distance of the outputs from the targets after n updates."""
        with localcontext() as ctx:
            ctx.prec = DIGITS
            return sum((o - t) ** 2 for o, t in zip(self.states[n].out_o, TARGETS)).sqrt()


def runs(lr, checkpoints):
    """{scheme name: Run} of both schemes from the worked example's start."""
    return {scheme: Run(scheme, trajectory(lr, scheme == "sequential", set(checkpoints)))
            for scheme in ("sequential", "parallel")}
