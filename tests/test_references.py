"""The bibliography: every citation resolves, every entry is cited, the site lists them all.

The chapters cite with sphinxcontrib-bibtex roles ({cite:p}`Key`, {cite:t}`Key`, ...) into
book/references.bib, which _config.yml names and book/references.md prints. A citation of a
missing key is a build warning (a failed build with -W); an entry nobody cites would silently
drop out of the references page. The last test reads the built page, if there is one
($TP5_SITE, else _build/html).
"""

import json
import os
import re
from html import unescape
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
BIB = BOOK / "references.bib"
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
# What a reader needs to find each kind of work.
REQUIRED = {
    "article": {"author", "title", "journal", "year", "volume", "pages"},
    "inproceedings": {"author", "title", "booktitle", "year"},
    "book": {"author", "title", "publisher", "year"},
    "misc": {"author", "title", "year"},
}


def _markdown_sources():
    """(name, text) of every page the book renders: markdown files and markdown cells."""
    for path in sorted(BOOK.glob("*.md")):
        yield path.name, path.read_text(encoding="utf-8")
    for path in sorted(BOOK.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                         for c in cells if c["cell_type"] == "markdown")
        yield path.name, text


def _cited():
    """{key: [pages citing it]}."""
    cited = {}
    for name, text in _markdown_sources():
        for keys in CITE.findall(text):
            for key in keys.split(","):
                cited.setdefault(key.strip(), []).append(name)
    return cited


def _entries():
    from pybtex.database import parse_file
    return parse_file(str(BIB), bib_format="bibtex").entries


def test_bib_parses_without_duplicate_keys():
    keys = [key for _, key in ENTRY.findall(BIB.read_text(encoding="utf-8"))]
    assert keys, "references.bib holds no entries"
    assert len(keys) == len(set(keys)), f"duplicate keys: {sorted(keys)}"
    assert set(_entries()) == set(keys)


def test_every_entry_has_its_bibliographic_data():
    for key, entry in _entries().items():
        fields = {name.lower() for name in entry.fields} | set(entry.persons)
        missing = REQUIRED.get(entry.type, {"author", "title", "year"}) - fields
        assert not missing, f"{key} ({entry.type}) lacks {sorted(missing)}"
        if entry.type == "misc":
            assert "eprint" in fields or "url" in fields, f"{key}: where can it be found?"
        assert re.fullmatch(r"\d{4}", entry.fields["year"]), f"{key}: year {entry.fields['year']}"
        # The key names the first author and the year, as the chapters spell it.
        assert key.endswith(entry.fields["year"]), f"{key} does not end with its year"


def test_every_citation_resolves():
    keys = set(_entries())
    missing = {key: pages for key, pages in _cited().items() if key not in keys}
    assert not missing, f"cited but not in references.bib: {missing}"


def test_every_entry_is_cited():
    uncited = sorted(set(_entries()) - set(_cited()))
    assert not uncited, f"in references.bib but cited nowhere: {uncited}"


def test_every_chapter_cites_its_sources():
    cited_in = {page for pages in _cited().values() for page in pages}
    chapters = {p.name for p in BOOK.glob("*.ipynb")} | {"intro.md"}
    assert chapters <= cited_in, f"pages without a citation: {sorted(chapters - cited_in)}"


def test_the_book_is_configured_to_print_the_bibliography():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["bibtex_bibfiles"] == ["book/references.bib"]
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    entries = [chapter for part in toc.get("parts", [toc]) for chapter in part["chapters"]]
    assert {"file": "book/references"} in entries
    page = (BOOK / "references.md").read_text(encoding="utf-8")
    assert "```{bibliography}" in page


def test_built_references_page_lists_every_entry():
    site = Path(os.environ.get("TP5_SITE", ROOT / "_build" / "html"))
    page = site / "book" / "references.html"
    if not page.exists():
        pytest.skip(f"no built references page at {page}")
    text = unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    text = " ".join(text.split())
    for key, entry in _entries().items():
        # pybtex drops the braces that protect capitals; compare the words.
        title = " ".join(entry.fields["title"].replace("{", "").replace("}", "").split())
        assert title.lower() in text.lower(), f"{key}: title not on the references page"
    # Every chapter's citations link to the references page, by their anchor there.
    for chapter in sorted(BOOK.glob("*.ipynb")):
        html = site / "book" / chapter.with_suffix(".html").name
        if html.exists() and CITE.search(dict(_markdown_sources())[chapter.name]):
            assert "references.html#id" in html.read_text(encoding="utf-8"), (
                f"{html.name} shows no link to the references page")
