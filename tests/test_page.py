"""The derivation page (backprop/page.py, --html): written atomically and only
from good input, the same bytes every time, self-contained; and in a real
browser (headless Chromium, tests/browser.py), for the committed pages and a
page of every kind of network: no console error, no text of the diagram on
another at 900 and 1,400 px, nothing wider than the viewport, on screen or in
print, and every verdict of the marking on the page.
"""
import html
import json
import re

import pytest

import ann_numpy_no_loop
import browser
from backprop import files
from backprop.example import load as example_file_load
from commands import ROOT, run

# A hidden layer of this many neurons: drawn in part.
WIDE = 20
# The print layout's width: A4 (210 mm) less 15 mm margins each side, in CSS pixels.
PRINT_WIDTH = round((210 - 30) / 25.4 * 96)


def wide_example(path):
    """An example file of a 2-20-2 network, written to `path`."""
    layers = [{"W": [[round(0.1 * ((j + k) % 7) - 0.3, 2) for k in range(2)]
                     for j in range(WIDE)], "b": 0.1},
              {"W": [[round(0.05 * ((j * 3 + k) % 9) - 0.2, 2) for k in range(WIDE)]
                     for j in range(2)], "b": 0.2}]
    path.write_text(json.dumps({"inputs": [0.3, 0.7], "targets": [0.1, 0.9],
                                "layers": layers, "learning_rate": 0.5}))
    return path


def test_the_page_is_the_same_bytes_every_time_and_self_contained():
    argv, command = ann_numpy_no_loop.page_command("examples/softmax_2_3_3.json", "x.html")
    first, second = (ann_numpy_no_loop.html(argv, command) for _ in range(2))
    assert first == second
    text = first.decode()
    assert not re.search(r"(src|href)=|url\(|@import|https?://", text)
    numbers = re.findall(r'<span class="num[^"]*">([^<]*)</span>', text)
    assert numbers and all(re.fullmatch(r"-?[0-9.]+(e[+-][0-9]+)?|inf|-inf|nan", n)
                           for n in numbers), numbers
    assert all(len(re.sub(r"e.*|[-.]", "", n).lstrip("0")) <= 12 for n in numbers)


def test_a_training_script_writes_the_page_of_its_trace(tmp_path):
    page = tmp_path / "trace.html"
    result = run("ann_numpy_original.py", "5", "--trace", "3", "--example",
                 "examples/xor.json", "--html", str(page))
    assert result.returncode == 0, result.stderr
    text = page.read_text()
    assert "The update from iteration 3 to 4" in text and "parallel: every gradient" in text
    assert "python ann_numpy_original.py 5 --trace 3 --example examples/xor.json --html PATH" \
        in html.unescape(text)


@pytest.mark.parametrize("args, message", [
    (["ann_numpy.py", "3", "--html", "{page}"], "argument --html: needs --trace N"),
    (["ann_numpy.py", "3", "--trace", "1", "--html", "{missing}/p.html"], "cannot write into"),
    (["ann_numpy_no_loop.py", "--html", "{missing}/p.html"], "cannot write into"),
    (["ann_numpy_no_loop.py", "--example", "{bad}", "--html", "{page}"], "argument --example"),
])
def test_bad_input_is_one_line_and_no_page(tmp_path, args, message):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    page = tmp_path / "page.html"
    where = {"page": page, "missing": tmp_path / "missing", "bad": bad}
    result = run(*(a.format(**where) for a in args))
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert not page.exists() and [p.name for p in tmp_path.iterdir()] == ["bad.json"]


def test_regenerate_check_fails_when_a_page_is_stale(tmp_path, monkeypatch):
    import regenerate

    monkeypatch.setattr(files, "PAGES", {"worked_example.html": None})
    monkeypatch.setattr(regenerate, "PAGES", files.PAGES)
    monkeypatch.setattr(regenerate, "DOCS", tmp_path)
    (tmp_path / "worked_example.html").write_text("stale")
    assert regenerate.pages(check=True) == 1
    assert regenerate.pages(check=False) == 0 and regenerate.pages(check=True) == 0
    assert (tmp_path / "worked_example.html").read_bytes() == \
        (files.DOCS / "worked_example.html").read_bytes()


# --- in the browser ---

# Every pair of the diagram's texts that overlap (by more than a quarter pixel),
# every element that reaches past the viewport's width, and the page's width.
LAYOUT = """
const slack = 0.25, width = document.documentElement.clientWidth;
const texts = [...document.querySelectorAll('svg.net text')].map(t => {
  const r = t.getBoundingClientRect();
  return [t.textContent, r.left, r.top, r.right, r.bottom];
});
const overlaps = [];
for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
  const a = texts[i], b = texts[j];
  if (a[1] < b[3] - slack && b[1] < a[3] - slack && a[2] < b[4] - slack && b[2] < a[4] - slack)
    overlaps.push(a[0] + ' / ' + b[0]);
}
const outside = [...document.querySelectorAll('body *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && (r.right > width + slack || r.left < -slack);
}).map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 40));
return {overlaps: overlaps, outside: outside, texts: texts.length,
        scroll: document.documentElement.scrollWidth, width: width};
"""
VERDICTS = """
return [...document.querySelectorAll('.line[data-verdict]')].map(
  e => [e.getAttribute('data-name'), e.getAttribute('data-verdict')]);
"""


def layout_problems(session, width, media):
    session.size(width, 900, media)
    found = session.run(LAYOUT)
    problems = [f"{media} {width}px: {o} overlap" for o in found["overlaps"]]
    problems += [f"{media} {width}px: {o} lies outside the width" for o in found["outside"][:5]]
    if found["scroll"] > found["width"]:
        problems.append(f"{media} {width}px: the page is {found['scroll']}px wide")
    if found["texts"] == 0:
        problems.append(f"{media} {width}px: no diagram")
    return problems


@pytest.fixture(scope="module")
def session():
    reason = browser.missing()
    if reason is not None:
        pytest.skip(f"no browser for the page tests: {reason}")
    started = browser.Browser()
    yield started
    started.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """{label: (the page's path, its expected [(name, verdict)])}: the committed
    pages, and one of each kind of network the tests ship."""
    folder = tmp_path_factory.mktemp("pages")
    found = {}
    for name, example_file in files.PAGES.items():
        example = ann_numpy_no_loop.WORKED_EXAMPLE if example_file is None else \
            example_file_load(ROOT / example_file)
        done = ([ann_numpy_no_loop.worked_pass()] if example_file is None else
                ann_numpy_no_loop.passes(example, False))
        found[name] = (files.DOCS / name, [(m.name, m.verdict) for p in done for m in p.marks])
    kinds = {"deep": ["--example", "examples/net_2_2_2_2.json", "--scheme", "sequential"],
             "softmax": ["--example", "examples/softmax_2_3_3.json"],
             "several samples": ["--example", "examples/xor.json", "--scheme", "sequential"],
             f"{WIDE}-neuron layer": ["--example", str(wide_example(folder / "wide.json"))]}
    for label, argv in kinds.items():
        path = folder / (label.replace(" ", "_") + ".html")
        path.write_bytes(ann_numpy_no_loop.html([a if not a.startswith("examples/")
                                                 else str(ROOT / a) for a in argv]))
        found[label] = (path, [])
    return found


def test_every_page_lays_out_in_a_real_browser(session, pages):
    # one test, one browser session for every page: the pages' problems all listed
    problems = []
    for label, (path, verdicts) in pages.items():
        session.open(path, 900)
        problems += [f"{label}: console: {e}" for e in session.console_errors()]
        for width in (900, 1400):
            problems += [f"{label}: {p}" for p in layout_problems(session, width, "screen")]
        problems += [f"{label}: {p}" for p in layout_problems(session, PRINT_WIDTH, "print")]
        session.size(900)
        shown = [tuple(v) for v in session.run(VERDICTS)]
        if shown != verdicts:
            problems.append(f"{label}: verdicts on the page {shown}, of the marking {verdicts}")
    assert not problems, "\n".join(problems)


def test_the_wide_layer_is_drawn_in_part_and_says_so(pages):
    text = pages[f"{WIDE}-neuron layer"][0].read_text()
    assert f"The hidden layer has {WIDE} neurons: the first" in text
    assert "+12 more: h9..h20" in text
    assert text.count('class="line"') > 4 * WIDE  # the derivation has every neuron
