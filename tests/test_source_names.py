"""A file's "names" (the source's names for weights, biases, neurons and whole
quantities: names.Renaming) in every output: the derivation and --trace, the
report, the CSV file and the HTML page. Without names every output is as before,
byte for byte (tests/test_examples.py, regenerate.py --check)."""
import csv
import io
import json
import re
from pathlib import Path

import ann_numpy_no_loop
from backprop import example
from backprop.names import Renaming, rename
from commands import run

ROOT = Path(__file__).resolve().parent.parent
GFG = "examples/gfg_bpn_2_2_1.json"


def derivation_part(stdout):
    """The derivation printed after the summary of the verdicts."""
    return stdout[stdout.index("step by step"):]


def test_a_part_is_renamed_only_where_it_stands_whole():
    r = Renaming({"h1": "z1", "w_i1h1": "v11", "b_h1": "v01"}, {"out_h2": "z2"})
    assert r.text("dE_total/dw_i1h1") == "dE_total/dv11" and r.text("w_i1h1+_s2") == "v11+_s2"
    assert r.text("net_h1 = w_i1h1 × i1 + b_h1") == "net_z1 = v11 × i1 + v01"
    assert r.text("h1.2 w_i1h12 dnet_h1/dw_i1h1") == "h1.2 w_i1h12 dnet_z1/dv11"
    assert r.text("1 / (1 + e^(−net_h1))") == "1 / (1 + e^(−net_z1))"
    assert r.text("out_h2_s3 × w5") == "z2_s3 × w5" and r.text("dout_h2/dnet_h2") == \
        "dout_h2/dnet_h2"
    assert rename(None, "w_i1h1") == "w_i1h1"


def test_a_derivative_printed_with_the_other_sign_keeps_its_name_where_printed():
    ex = example.load(ROOT / GFG)  # error_term "target - out": its delta is -dE/dnet
    assert ex.names.text("dE_o1/dnet_o1") == "dE_o1/dnet_o1"
    assert ex.names.text("out_o1") == "y" and ex.names.text("net_o1") == "yin"


def test_the_derivation_is_printed_in_the_sources_names():
    result = run("ann_numpy_no_loop.py", "--example", GFG)
    derived = derivation_part(result.stdout)
    assert "  zin1 = v11 × i1 + v21 × i2 + v01\n" in derived
    assert "  w11+ = w11 − η × dE_total/dw11\n" in derived
    assert "  f'(yin) = y × (1 − y)\n" in derived
    # every weight and bias, in the lines and in the recomputations of the notes
    assert not re.search(r"w_[io]\d|b_[ho]\d", derived)
    # a note names the source's key only where the line does not print it
    assert "published 0.4164 as w11+" not in derived and "published 0.4164: agrees" in derived


def test_trace_prints_the_sources_names():
    result = run("ann_numpy_original.py", "1", "--example", GFG, "--trace", "0")
    assert result.returncode == 0
    assert "  v11+ = v11 − η × dE_total/dv11\n" in result.stdout
    assert "w_i1h1" not in result.stdout


def test_the_report_and_the_csv_header_use_the_sources_names(tmp_path):
    path = tmp_path / "run.csv"
    result = run("ann_numpy.py", "2", "--example", "examples/primelearnpoint_2_2_1.json",
                 "--csv", str(path))
    assert result.returncode == 0
    assert "  w1,1 = " in result.stdout and "  L = " in result.stdout
    assert re.search(r"^ +N +L +yhat$", result.stdout, re.M)
    lines = path.read_text().splitlines()
    assert next(csv.reader(io.StringIO(lines[0]))) == [
        "iteration", "L", "w1,1", "w2,1", "w1,2", "w2,2", "w1,3", "w2,3", "b1", "b2", "yhat"]
    assert len(next(csv.reader(io.StringIO(lines[1])))) == 11


def test_names_without_published_values_name_the_report(tmp_path):
    data = json.loads((ROOT / GFG).read_text())
    del data["published"]
    path = tmp_path / "names_only.json"
    path.write_text(json.dumps(data))
    result = run("ann_numpy_original.py", "1", "--example", str(path))
    assert result.returncode == 0 and "  v11 = " in result.stdout and "w_i1h1" not in \
        result.stdout


def test_the_page_shows_the_sources_names():
    page = ann_numpy_no_loop.html(["--example", str(ROOT / GFG)]).decode()
    text = re.sub(r"<[^>]+>", "", page)  # what a reader sees
    assert ">v11</text>" in page and ">v01 0.3</text>" in page  # an edge's label, a bias
    assert "zin1 = v11 × i1 + v21 × i2 + v01" in text
    assert not re.search(r"w_[io]\d", text)
    # the hover links edges to lines by this project's names, on both
    edges = set(re.findall(r'<g class="edge" data-w="([^"]+)"', page))
    lines = {w for ws in re.findall(r'class="line"[^>]* data-w="([^"]+)"', page)
             for w in ws.split()}
    assert edges == {"w_i1h1", "w_i2h1", "w_i1h2", "w_i2h2", "w_h1o1", "w_h2o1"} and \
        lines <= edges and lines
