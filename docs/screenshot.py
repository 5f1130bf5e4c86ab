"""The README's screenshot of the worked example's derivation page
(docs/worked_example.png), taken in headless Chromium (tests/browser.py).
Not run by `make`: a PNG of a browser's rendering differs from machine to
machine, so nothing checks it byte for byte.

Run: python docs/screenshot.py [--look FOLDER [PAGE.html ...]]: with --look,
instead, each page (default: the committed ones) at 900 and 1,400 px, and
as printed (print media at A4's width, and a PDF on A4 and on Letter), into FOLDER.
"""
import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

import browser  # noqa: E402
from backprop.files import DOCS, PAGES  # noqa: E402

SHOT = DOCS / "worked_example.png"
WIDTH, HEIGHT = 1000, 1150  # the title, the verdicts, the conventions and the network
A4, LETTER = (8.27, 11.69), (8.5, 11)
PRINT_WIDTH = round((210 - 30) / 25.4 * 96)  # A4 less 15 mm margins, in CSS pixels


def look(session, pages, folder):
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        stem = Path(page).stem
        for width in (900, 1400):
            session.open(page, width)
            session.screenshot(folder / f"{stem}_{width}.png")
        session.open(page, PRINT_WIDTH, media="print")
        session.screenshot(folder / f"{stem}_print.png")
        session.size(900)
        for paper, size in (("a4", A4), ("letter", LETTER)):
            session.pdf(folder / f"{stem}_{paper}.pdf", size)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--look", type=Path, metavar="FOLDER")
    parser.add_argument("pages", nargs="*", type=Path)
    args = parser.parse_args(argv)
    reason = browser.missing()
    if reason is not None:
        parser.exit(2, f"{parser.prog}: error: {reason}\n")
    session = browser.Browser()
    try:
        if args.look is not None:
            look(session, args.pages or [DOCS / name for name in PAGES], args.look)
        else:
            session.open(DOCS / "worked_example.html", WIDTH, HEIGHT)
            session.screenshot(SHOT, full=False)
            print(f"wrote {SHOT.relative_to(DOCS.parent)}")
    finally:
        session.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
