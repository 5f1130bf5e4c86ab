"""Published worked examples marked as an examiner marks them (backprop/marking.py,
ann_numpy_no_loop.py --example). The oracle: every verdict, and every value a
wrong one should have, as an independent recomputation in 40-digit decimal
arithmetic of each source's printed numbers found them (the verdicts below,
source by source: agrees at the printed digits, right from the source's own
earlier rounded numbers, wrong), and a few recomputed here with decimal."""
import json
import re
from decimal import Decimal, getcontext, localcontext
from pathlib import Path

import pytest

import ann_numpy_no_loop
from backprop import example, marking
from commands import run

ROOT = Path(__file__).resolve().parent.parent
A, C, K, W = marking.AGREES, marking.CARRIED, marking.CONVENTION, marking.WRONG

# file -> {the source's name: verdict}; wrong values: (verdict, what it should be)
VERDICTS = {
    "mazur_published.json": {
        **{name: A for name in ("net_h1", "out_h1", "out_h2", "net_o1", "out_o1", "out_o2",
                                "E_o1", "E_o2", "E_total", "dE_total/dout_o1",
                                "dout_o1/dnet_o1", "dnet_o1/dw5", "dE_total/dw5", "w5+", "w6+",
                                "w7+", "w8+", "dE_o1/dnet_o1", "dE_o1/dout_h1",
                                "dE_total/dout_h1", "dout_h1/dnet_h1", "dE_total/dw1", "w1+",
                                "w2+", "w3+", "w4+")},
        "dE_o2/dout_h1": C},
    "gfg_bpn_2_2_1.json": {
        **{name: A for name in ("zin1", "z1", "zin2", "z2", "yin", "y", "f'(yin)", "delta",
                                "f'(zin1)", "delta1", "delta_in2", "f'(zin2)", "delta2",
                                "w11+", "v11+", "v12+", "v22+", "v02+")},
        "delta_in1": C, "w21+": C,
        "w01+": (W, "-0.1702"), "v21+": (W, "-0.09705"), "v01+": (W, "0.30295")},
    "nguyen_fuzzy_neural_control_p184.json": {
        **{name: A for name in ("a1", "a2", "h1", "h2", "u.h", "y1", "delta_y1")},
        "delta_h1": C, "delta_h2": (W, "0.0015352")},
    "sghosh_single_neuron.json": {
        **{name: A for name in ("z", "y_pred", "dL/dy_pred", "dy_pred/dz", "w11+", "w12+",
                                "b+")},
        "Loss": C, "dL/dw11": C, "dL/dw12": C, "dL/db": C, "dL/dz": (W, "-0.1361")},
    # p_1 follows from the source's truncated e^-1.9, which is no line of the
    # derivation: wrong here, and what follows from it carried forward
    "softmax_ce_3class.json": {
        **{name: A for name in ("logit_1", "logit_2", "logit_3", "p_2", "p_3", "loss",
                                "grad_2", "grad_3", "X^T grad [1,2]", "X^T grad [1,3]",
                                "X^T grad [2,2]")},
        "p_1": (W, "0.099"), "grad_1": C, "X^T grad [1,1]": C, "X^T grad [2,1]": C,
        "X^T grad [2,3]": C},
    "bce_2_2_1.json": {"d2": A, "dW2_1": A, "dW2_2": A},
    "primelearnpoint_2_2_1.json": {name: A for name in ("z_h1", "a_h1", "z_h2", "a_h2", "z_o3",
                                                        "yhat", "L")},
    "relu_1_2_1.json": {"delta_f": A, "dL/dW2_1": A, "dL/dW2_2": A, "dL/db2": A},
    # the book's printed digits (3 significant; s2 4; n1 exact), each the exact value's
    "hagan_1_2_1.json": {name: A for name in (
        "net_h1", "net_h2", "out_h1", "out_h2", "out_o1", "dE_o1/dnet_o1", "dE_total/dnet_h1",
        "dE_total/dnet_h2", "w_h1o1+", "w_h2o1+", "b_o1+", "w_i1h1+", "w_i1h2+", "b_h1+",
        "b_h2+")},
    "homework_three_mistakes.json": {
        **{name: A for name in ("net_h1", "out_h1", "out_h2", "net_o1", "out_o1", "out_o2",
                                "E_total", "dE_total/dout_o1", "dout_o1/dnet_o1",
                                "dE_total/dw5", "w5+", "w6+", "dE_o1/dout_h1",
                                "dE_total/dout_h1", "dE_total/dw1", "w2+", "E_total+")},
        "dE_total/dw6": (W, "0.080362894"), "dE_total/dout_o2": (K, marking.SIGN),
        "w1+": (K, marking.OTHER.format("sequential"))},
    "homework_carried_forward.json": {
        **{name: A for name in ("net_h1", "out_h1", "net_h2", "out_h2", "net_o1", "out_o2",
                                "E_total+")},
        **{name: C for name in ("dE_total/dout_o1", "dout_o1/dnet_o1", "dE_total/dw5", "w5+",
                                "dE_o1/dnet_o1")},
        "E_total": (K, marking.TWICE), "dE_total/dout_o2": (K, marking.SIGN),
        "w1+": (K, marking.BEFORE), "out_o1": (W, "0.7540"), "w2+": (W, "0.2951")},
}


def marks_of(path, sequential=False, n=0):
    ex = example.load(ROOT / "examples" / path)
    return ann_numpy_no_loop.marked(ex, sequential, n, ex.published[n])[2]


def verdicts(marks):
    return {m.printed.key: m.verdict if m.verdict in (A, C) else
            (m.verdict, m.should if m.verdict == W else m.convention) for m in marks}


@pytest.mark.parametrize("path", VERDICTS)
def test_every_published_value_gets_the_recomputations_verdict(path):
    assert verdicts(marks_of(path)) == VERDICTS[path]


# every example file, by name, as JSON
EXAMPLE_FILES = {p.name: json.loads(p.read_text())
                 for p in sorted((ROOT / "examples").glob("*.json"))}
# the names of those that publish values, in order
PUBLISHED = [name for name, data in EXAMPLE_FILES.items()
             if {"published", "published_at"} & set(data)]


def test_every_file_with_published_values_cites_its_source():
    # the worked example's source is cited in backprop/published.py; homework_three_mistakes
    # is made up (homework_carried_forward says so in its source)
    sources = {name: data["source"] for name, data in EXAMPLE_FILES.items() if "source" in data}
    assert set(sources) == set(PUBLISHED) - {"mazur_published.json",
                                             "homework_three_mistakes.json"}
    assert all({"author", "title", "section", "note"} <= set(s) for s in sources.values())
    urls = [s["url"] for s in sources.values() if "url" in s]
    assert len(sources) == 11 and len(urls) == 10 and all(u.startswith("https://") for u in urls)


# docs/marking.md's table: | `file` | source | agree | own values | convention | wrong |
TABLE_ROW = re.compile(r"^\| `([\w.]+\.json)` \|.*\| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", re.M)
TABLE = {path: tuple(map(int, counts))
         for path, *counts in TABLE_ROW.findall((ROOT / "docs/marking.md").read_text())}


def test_the_table_of_published_examples_lists_every_file_with_published_values():
    assert sorted(TABLE) == PUBLISHED and len(PUBLISHED) == 13


@pytest.mark.parametrize("path", TABLE)
def test_the_tables_counts_are_the_marking_of_every_published_iteration(path):
    # the verdicts pinned above and in tests/test_metrics.py (the grokking files),
    # counted as the summary counts them: every value of every iteration published
    ex = example.load(ROOT / "examples" / path)
    marks = [m for n, values in ex.published.items()
             for m in ann_numpy_no_loop.marked(ex, False, n, values)[2]]
    assert TABLE[path] == tuple(sum(m.verdict == v for m in marks) for v in marking.VERDICTS)


def test_the_marks_come_in_the_derivations_order():
    ex = example.load(ROOT / "examples/gfg_bpn_2_2_1.json")
    names = [m.name for m in marks_of("gfg_bpn_2_2_1.json")]
    order = example.quantity_names(ex)
    assert names == sorted(names, key=order.index)


def test_carried_forward_recomputed_in_decimal():
    getcontext().prec = 40
    # GfG: w21(new) = w21 + alpha delta z2 from its printed delta and z2
    w21 = Decimal("0.1") + Decimal("0.25") * Decimal("0.1191") * Decimal("0.7109")
    assert str(w21) == "0.1211670475" and round(w21, 5) == Decimal("0.12117")
    # the exact value prints otherwise: carried, not agreeing
    assert not marking.within(0.121162801099, "0.12117") and marking.within(float(w21), "0.12117")
    # homework: out_o1 from its own net_o1 1.1198 is 0.7540, the exact one 0.7539
    out = 1 / (1 + (-Decimal("1.1198")).exp())
    assert round(out, 4) == Decimal("0.7540")
    m = next(m for m in marks_of("homework_carried_forward.json") if m.name == "out_o1")
    assert m.should == "0.7540" and "0.753951616618" in m.why


def test_hagans_first_iteration_recomputed_in_decimal():
    # every value the file publishes, from the book's formulas in 40-digit arithmetic: p = 1,
    # t = 1 + sin(pi/4), F = e^2 with e = t - a; each agrees with its printed digits
    D = Decimal
    with localcontext() as ctx:
        ctx.prec = 40
        t, lr = 1 + D(2).sqrt() / 2, D("0.1")
        W1, b1, W2, b2 = [D("-0.27"), D("-0.41")], [D("-0.48"), D("-0.13")], \
            [D("0.09"), D("-0.17")], D("0.48")
        n1 = [w + b for w, b in zip(W1, b1)]
        a1 = [1 / (1 + (-n).exp()) for n in n1]
        a2 = W2[0] * a1[0] + W2[1] * a1[1] + b2
        s2 = -2 * (t - a2)  # -2 F2'(n2) (t - a), F2' = 1
        s1 = [a * (1 - a) * w * s2 for a, w in zip(a1, W2)]  # through W2 before its update
        exact = {"net_h1": n1[0], "net_h2": n1[1], "out_h1": a1[0], "out_h2": a1[1],
                 "out_o1": a2, "dE_o1/dnet_o1": s2, "dE_total/dnet_h1": s1[0],
                 "dE_total/dnet_h2": s1[1], "w_h1o1+": W2[0] - lr * s2 * a1[0],
                 "w_h2o1+": W2[1] - lr * s2 * a1[1], "b_o1+": b2 - lr * s2,
                 "w_i1h1+": W1[0] - lr * s1[0], "w_i1h2+": W1[1] - lr * s1[1],
                 "b_h1+": b1[0] - lr * s1[0], "b_h2+": b1[1] - lr * s1[1]}
    printed = {name: D(p.digits) for name, p in
               example.load(ROOT / "examples/hagan_1_2_1.json").published[0].items()}
    assert {name: v.quantize(printed[name]) for name, v in exact.items()} == printed


def changed(tmp_path, name, drop=None, **keys):
    """examples/NAME with `keys` set (and the key `drop` removed), loaded from a copy."""
    data = json.loads((ROOT / "examples" / name).read_text())
    data.update(keys)
    data.pop(drop, None)
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return example.load(path)


def first_marks(ex):
    """The marks of the values the example publishes for its first update."""
    return ann_numpy_no_loop.marked(ex, False, 0, ex.published[0])[2]

def test_a_changed_digit_changes_the_verdict(tmp_path):
    ex = changed(tmp_path, "gfg_bpn_2_2_1.json",
                 published={"w21+": 0.12118, "delta_in1": 0.04765, "w11+": 0.4165})
    marks = first_marks(ex)
    assert [m.verdict for m in marks] == [W, W, W]


def test_without_its_declared_error_term_the_sign_is_a_convention(tmp_path):
    ex = changed(tmp_path, "gfg_bpn_2_2_1.json", drop="error_term")
    got = verdicts(first_marks(ex))
    assert got["delta"] == (K, marking.SIGN)
    assert got["delta1"] == C  # from delta_in1 as printed, with the same sign
    assert got["w21+"] == (K, marking.SIGN) and got["v21+"][0] == W


def test_a_mean_loss_is_the_convention_1_over_n(tmp_path):
    ex = changed(tmp_path, "softmax_ce_3class.json",
                 published={"loss": 0.139})  # 0.417 / 3: over the 3 outputs
    (m,) = first_marks(ex)
    assert (m.verdict, m.convention) == (K, marking.MEAN.format(3))


def test_the_source_names_stand_inside_quantity_names():
    ex = example.load(ROOT / "examples/gfg_bpn_2_2_1.json")
    valid = example.quantity_names(ex)
    keys = example.translation({"v11": "w_i1h1", "z1": "h1"}, ex, valid).keys(valid)
    assert keys["dE_total/dv11"] == "dE_total/dw_i1h1" and keys["v11+"] == "w_i1h1+"
    assert keys["out_z1"] == "out_h1" and keys["dout_z1/dnet_z1"] == "dout_h1/dnet_h1"
    assert keys["dnet_z1/dv11"] == "dnet_h1/dw_i1h1" and keys["w_i2h1+"] == "w_i2h1+"


def test_values_after_n_passes_are_marked_against_that_state(tmp_path):
    # the convergence table: E_total after 1 update, parallel and sequential
    ex = changed(tmp_path, "mazur.json", published_at={
        "1": {"E_total": 0.291027773694}, "2": {"E_total": 0.291027923905}})
    (m1,) = ann_numpy_no_loop.marked(ex, False, 1, ex.published[1])[2]
    (m2,) = ann_numpy_no_loop.marked(ex, False, 2, ex.published[2])[2]
    assert m1.verdict == A and m2.verdict == W
    (m,) = ann_numpy_no_loop.marked(ex, True, 1, {"E_total": ex.published[1]["E_total"]})[2]
    assert (m.verdict, m.convention) == (K, marking.OTHER.format("parallel"))
    result = run("ann_numpy_no_loop.py", "--example", str(tmp_path / "mazur.json"))
    assert result.returncode == 1 and "[iteration 2] E_total: published 0.291027923905: WRONG" \
        in result.stdout and "The update from iteration 1 to 2, step by step" in result.stdout


def test_the_summary_is_at_the_top_and_the_status_says_whether_any_is_wrong():
    good = run("ann_numpy_no_loop.py", "--example", "examples/mazur_published.json")
    assert good.returncode == 0 and good.stderr == ""
    assert good.stdout.splitlines()[2] == ("26 of 27 agree, 1 right from the source's own values, "
                                           "0 explained by a convention, 0 wrong.")
    assert "dE_o2/dnet_o2 rounded to 9 decimals (-0.038098237)" in " ".join(good.stdout.split())
    bad = run("ann_numpy_no_loop.py", "--example", "examples/homework_carried_forward.json")
    assert bad.returncode == 1 and bad.stderr == ""
    lines = bad.stdout.splitlines()
    wrong = lines[lines.index("Wrong:") + 1:]
    assert wrong[0].startswith("  out_o1: published 0.7593: WRONG: should be 0.7540")
    assert [ln.split(":")[0] for ln in wrong if ln.startswith("  ") and not
            ln.startswith("    ")][:2] == ["  out_o1", "  w2+"]


@pytest.mark.parametrize("change, message", [
    ({"published_at": {"x": {}}}, "published_at: \"x\" is not an iteration"),
    ({"published_at": {"0": {"out_h1": 0.5}}}, "iteration 0 is given twice"),
    ({"names": {"v11": "w99"}}, "names: 'w99' is no weight, bias, neuron or quantity"),
    ({"names": {"a": "w1", "b": "w1"}}, "names: w1 is given two names, 'a' and 'b'"),
    ({"names": {"w2": "w1"}}, "names: 'w2' for w1 collides with this network's own w2"),
    ({"names": {"out_o2": "out_o1"}}, "names: 'out_o2' for out_o1 collides"),
    ({"error_term": "t - o"}, "error_term must be"),
    ({"source": {"author": 1}}, "source must be an object of strings"),
])
def test_bad_conventions_get_one_line_and_status_2(tmp_path, change, message):
    data = json.loads((ROOT / "examples/mazur_published.json").read_text())
    data.update(change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    result = run("ann_numpy_no_loop.py", "--example", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_the_other_schemes_value_from_the_sources_rounded_values_is_that_scheme(tmp_path):
    # a student on the sequential scheme, 4 decimals: dE_o1/dout_h1 through w5 as updated
    getcontext().prec = 40
    student = Decimal("0.1385") * Decimal("0.3589")  # dE_o1/dnet_o1 x w5+, as published
    assert student == Decimal("0.04970765") and round(student, 6) == Decimal("0.049708")
    ex = changed(tmp_path, "mazur.json", published={
        "dE_o1/dnet_o1": 0.1385, "w5+": 0.3589, "dE_o1/dout_h1": 0.049708})
    marks = first_marks(ex)
    m = marks[-1]
    # the exact sequential value is 0.0497094162 (0.049709): not the one published
    assert not marking.within(0.04970941618571217, "0.049708")
    assert [mk.verdict for mk in marks[:2]] == [A, A]
    assert (m.name, m.verdict, m.convention) == ("dE_o1/dout_h1", K,
                                                 marking.OTHER.format("sequential"))
    assert "dE_o1/dnet_o1 × w5+ = 0.1385 × 0.3589 = 0.04970765" in m.why
