"""Every figure of the original README, matched to the computation that
reproduces it at its printed digits; the corrected conclusions."""
import pytest

import analyze_convergence
from backprop import highprec, published
from backprop.compare import lead_segments
from backprop.network import LR, RUN_LENGTH
from backprop.runs import runs


@pytest.fixture(scope="module")
def records():
    return runs(RUN_LENGTH)


@pytest.fixture(scope="module")
def exact():
    return analyze_convergence.exact_runs()


def expected(source, scheme, quantity, rounds):
    """What the original README's figures are, stated independently of the search."""
    if source.startswith("Comparison") and scheme == "parallel":
        return [("parallel", rounds)]  # the parallel column: after N updates
    if quantity == "error_gain":
        return [("both", 100), ("both", 99)]  # 0.0353 rounds both ways
    if quantity == "distance_gain":
        return [("both", 99)]
    if rounds == 1:
        return [("parallel", 0), ("sequential", 0)]  # the initial network
    return [(scheme, rounds - 1)]  # everything else: before the N-th update


@pytest.mark.parametrize("source, scheme, value, quantity, rounds", published.original_figures(),
                         ids=[f"{f[0]}-{f[1]}-{f[3]}" for f in published.original_figures()])
def test_each_original_figure_is_reproduced_by_the_stated_computation(
        exact, source, scheme, value, quantity, rounds):
    assert published.reproductions(value, quantity, rounds, exact) == \
        expected(source, scheme, quantity, rounds)


@pytest.mark.parametrize("figure", published.all_figures(),
                         ids=[f[0] for f in published.all_figures()])
def test_the_float64_runs_reproduce_what_the_exact_runs_do(records, exact, figure):
    _, _, value, quantity, rounds = figure
    assert published.reproductions(value, quantity, rounds, records) == \
        published.reproductions(value, quantity, rounds, exact)


def test_every_published_figure_is_reconciled(exact):
    rows = analyze_convergence.reconciliation_rows(exact)
    assert len(rows) == 47
    assert not [row for row in rows if "nothing" in row[3]]


def test_the_parallel_scheme_leads_for_four_updates_then_the_sequential(records):
    segments = lead_segments(records["sequential"], records["parallel"])
    assert segments == [(1, 4, "parallel"), (5, RUN_LENGTH, "sequential")]
    # the same sign pattern from the independent 50-digit recomputation
    checkpoints = {1, 4, 5, 10}
    exact_seq = highprec.trajectory(str(LR), True, checkpoints)
    exact_par = highprec.trajectory(str(LR), False, checkpoints)
    for n, parallel_lower in [(1, True), (4, True), (5, False), (10, False)]:
        assert (exact_par[n].error < exact_seq[n].error) is parallel_lower


def test_the_original_summary_percentages_are_from_99_updates(records):
    seq, par = records["sequential"], records["parallel"]
    assert f"{published.gain(seq.error[99], par.error[99]):.4f}" == "0.0353"
    assert f"{published.gain(seq.error[100], par.error[100]):.4f}" == "0.0353"
    d99 = published.gain(seq.distance(99), par.distance(99))
    d100 = published.gain(seq.distance(100), par.distance(100))
    assert (f"{d99:.4f}", f"{d100:.4f}") == ("0.0176", "0.0177")


def test_the_worked_examples_figures_as_first_printed_are_the_sequential_schemes(exact):
    _, first, quantity, rounds = published.FIRST_PRINTED
    assert published.reproductions(first, quantity, rounds, exact) == [("sequential", 10_000)]
    assert published.reproductions("0.0000351085", "error", 10_000, exact) == \
        [("parallel", 9_999)]
    # the first-printed figures after an update: the first round, and the 10,000th
    for claim, pub, quantity, n in published.HEADLINE[1:2] + published.HEADLINE[3:]:
        assert ("sequential", n) in published.reproductions(pub, quantity, n, exact), claim
    section = analyze_convergence.match_section(exact)
    assert "0.000035085 is the sequential scheme's after 10,000 updates" in section
    assert "is the sequential scheme's, after as many updates as it says" in section
