"""Every relative link and image in README.md and docs/*.md resolves: the file
exists, and an anchor names a heading of the page it points into, as GitHub
makes anchors from headings (lower case; punctuation but '-' and '_' dropped;
spaces to '-'; a repeated heading gets -1, -2, ...)."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# [text](target) and ![alt](target), and an HTML tag's src="target" or href="target"
LINK = re.compile(r"\]\(([^()\s]+)\)|(?:src|href)=\"([^\"]+)\"")
FENCE = re.compile(r"^(```|~~~)")


def prose(text):
    """The lines of a Markdown text outside fenced code blocks."""
    inside = False
    for line in text.splitlines():
        if FENCE.match(line):
            inside = not inside
        elif not inside:
            yield line


def anchors(text):
    """The anchors GitHub gives the headings of a Markdown text."""
    seen, found = {}, set()
    for line in prose(text):
        heading = re.match(r"#{1,6} +(.*?) *#*$", line)
        if heading:
            slug = re.sub(r"[^\w\- ]", "", heading.group(1).lower()).replace(" ", "-")
            found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
            seen[slug] = seen.get(slug, 0) + 1
    return found


def broken_links(page):
    """The relative links of the Markdown file `page` that do not resolve."""
    broken = []
    for line in prose(page.read_text()):
        for match in LINK.finditer(line):
            target = match.group(1) or match.group(2)
            if re.match(r"[a-z]+:", target):  # https:, mailto:: not ours to check
                continue
            path, _, anchor = target.partition("#")
            into = (page.parent / path).resolve() if path else page
            if not into.exists():
                broken.append(f"{target}: no file {path}")
            elif anchor and into.suffix == ".md" and anchor not in anchors(into.read_text()):
                broken.append(f"{target}: no heading with the anchor #{anchor} in {into.name}")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_every_relative_link_and_anchor_resolves(page):
    assert broken_links(page) == []


def test_anchors_are_githubs():
    assert anchors("# Proof: finite differences, 50 digits, and what each scheme computes\n"
                   "## Is sequential really better? A learning-rate sweep\n"
                   "```\n# not a heading\n```\n### Speed of `make`\n## Analysis\n## Analysis\n") \
        == {"proof-finite-differences-50-digits-and-what-each-scheme-computes",
            "is-sequential-really-better-a-learning-rate-sweep", "speed-of-make", "analysis",
            "analysis-1"}


def test_a_broken_link_anchor_or_image_is_found(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# Other\n## A heading\n")
    page = tmp_path / "README.md"
    page.write_text("[ok](docs/other.md#a-heading) [web](https://example.com/x#y)\n"
                    "[gone](docs/missing.md) [wrong anchor](docs/other.md#no-such)\n"
                    "![figure](figures/missing.png) [here](#other) <img src=\"no.png\">\n"
                    "```\n[in code](nowhere.md)\n```\n")
    assert broken_links(page) == [
        "docs/missing.md: no file docs/missing.md",
        "docs/other.md#no-such: no heading with the anchor #no-such in other.md",
        "figures/missing.png: no file figures/missing.png",
        "#other: no heading with the anchor #other in README.md",
        "no.png: no file no.png"]
