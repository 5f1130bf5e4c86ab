"""Regenerate every generated section (README.md and docs/*.md), every figure (the
sweep's too) and the derivation pages in docs/, in one process (each scheme is trained
once and shared), with worker processes that compute both sweeps, the proof and any
50-digit reference run not kept in .cache/ beside it. `make` runs this.

Run: python regenerate.py [--check] [--verbose]. It prints which sections (by page) and figures
it rewrote and which were current already (--verbose: also what each script prints, the
tables in full). With --check nothing is written: it fails with a diff when a generated
section is stale, and names each figure that differs from what the code draws
(`make test` runs this, in tests/test_reproducible.py).
"""
import contextlib
import importlib
import io
import sys

from backprop import cli, highprec, readme, workers
from backprop.files import DOCS, FIGURES, FOLDER, PAGES, write_or_check

# Computed in worker processes (default_run()) while the main process runs the
# others: the sweeps, whose networks keep a core busy, and last the proof.
BESIDE = ("sweep", "sweep_depth", "prove")
# Every generated section's generator and every script that draws a figure (the
# figure registry's; the sweep writes its section too). Those that wait
# for the workers come last: analyze_convergence for its fifty_digit_runs, then
# those computed beside, the learning-rate sweep (the longest) last.
SCRIPTS = ["convergence_test", *(name for name in FIGURES if name not in BESIDE),
           "analyze_convergence", *reversed(BESIDE)]
OPTIONS = {"sweep": ["--quiet"], "sweep_depth": ["--quiet"]}


def fifty_digit_requests(scripts):
    """The 50-digit runs the scripts (modules) use: run()'s arguments, in order."""
    return [r for script in scripts for r in getattr(script, "fifty_digit_runs", list)()]


def outputs():
    """{(file, part): its text or bytes now} of what `make` writes: each generated
    section (file "PAGE sections", its page of readme.HOMES) and each figure (file "figures"), None
    where missing or unreadable."""
    now = {}
    for page in readme.by_page(readme.SECTIONS):
        try:
            text, found = readme.sections_of(readme.ROOT / page, page)
        except readme.ReadmeError:
            continue
        lines = text.splitlines()
        now.update({(f"{page} sections", name): "\n".join(lines[begin + 1:end])
                    for name, (begin, end) in found.items() if name not in readme.MEASURED})
    for name in (name for names in FIGURES.values() for name in names):
        try:
            now["figures", name] = (FOLDER / name).read_bytes()
        except OSError:
            now["figures", name] = None
    for name in PAGES:
        try:
            now["docs", name] = (DOCS / name).read_bytes()
        except OSError:
            now["docs", name] = None
    return now


def pages(check):
    """Write the derivation pages into docs/ (files.PAGES), or with `check` only
    compare: 1 when one is stale."""
    import ann_numpy_no_loop

    DOCS.mkdir(exist_ok=True)
    return max(write_or_check(DOCS / name, ann_numpy_no_loop.html(
        *ann_numpy_no_loop.page_command(example_file, name)), check)
        for name, example_file in PAGES.items())


def listed(parts):
    """(file, part) pairs as 'README.md sections a; docs/proof.md sections b;
    figures c.png' or 'nothing'."""
    files = dict.fromkeys(file for file, _ in parts)
    return "; ".join(f"{file} " + ", ".join(p for f, p in parts if f == file)
                     for file in files) or "nothing"


def changes(before, after):
    """Two lines: what differs between the two outputs() and what does not."""
    rewrote = [part for part in after if before.get(part) != after[part]]
    current = [part for part in after if part not in rewrote]
    return f"rewrote: {listed(rewrote)}\nalready current: {listed(current)}"


def main(argv=None):
    parser = cli.Parser(description=__doc__)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; fail if a generated section or a figure is stale")
    parser.add_argument("--verbose", action="store_true",
                        help="also print what each script prints (the tables in full)")
    args = parser.parse_args(argv)
    try:  # before hours of computing: every section has its markers
        readme.check_markers(readme.SECTIONS)
    except readme.ReadmeError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    flags = ["--check"] if args.check else []
    statuses = {}
    scripts = {name: importlib.import_module(name) for name in SCRIPTS}
    before = outputs()
    # what the scripts print when they write is the tables, which are in the pages already
    shown = args.check or args.verbose
    with workers.pool() as pool:
        requests = fifty_digit_requests(scripts.values())
        highprec.share(requests, pool)  # those not kept in .cache/
        computed = {name: pool.apply_async(scripts[name].default_run) for name in BESIDE[:-1]}
        # the proof (last) reads the 50-digit runs in .cache/: queued once all are kept there
        for request in requests:
            highprec.trajectory(*request)
        computed[BESIDE[-1]] = pool.apply_async(scripts[BESIDE[-1]].default_run)
        for name, script in scripts.items():
            done = {"computed": computed[name].get()} if name in BESIDE else {}
            with contextlib.nullcontext() if shown else contextlib.redirect_stdout(io.StringIO()):
                statuses[name] = script.main(flags + OPTIONS.get(name, []), **done)
    with contextlib.nullcontext() if shown else contextlib.redirect_stdout(io.StringIO()):
        statuses["the derivation pages"] = pages(args.check)
    failed = [name for name, status in statuses.items() if status]
    if failed and not args.check:
        print(f"{parser.prog}: {', '.join(failed)} failed; the others ran to the end",
              file=sys.stderr)
    if not args.check:
        print(changes(before, outputs()))
    return max(statuses.values())


if __name__ == "__main__":
    cli.run(main)
