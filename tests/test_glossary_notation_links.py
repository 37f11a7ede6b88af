"""The glossary and the notation page send the reader to where each thing is taught."""

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
LINK = re.compile(r"\]\(([a-z-]+\.md|labs/[a-z]+\.py)(#[a-z0-9-]+)?\)")
SEE = re.compile(r":   See \[[^]]+\]\(#([a-z0-9-]+)\)\.")  # "Cost: see loss"
ENTRY_ID = re.compile(r"\s*\{ #([a-z0-9-]+) \}$")  # "Adam { #adam }"


def glossary_entries(text: str) -> dict[str, str]:
    """Each headword of the definition list, with its definition."""
    found = re.findall(r"^(\S[^\n]*)\n(:   .*?)(?=\n\n\S|\n*\Z)", text, re.M | re.S)
    return dict(found)


def test_every_glossary_entry_links_to_a_page_that_teaches_it():
    entries = glossary_entries((DOCS / "glossary.md").read_text(encoding="utf-8"))
    assert len(entries) > 80
    unlinked = [
        head for head, body in entries.items() if not LINK.search(body) and not SEE.fullmatch(body)
    ]
    assert unlinked == []
    for body in entries.values():
        for page, _ in LINK.findall(body):
            assert (DOCS / page).exists(), page


def test_every_glossary_entry_has_its_own_address():
    """An entry can be linked to (glossary/#learning-rate): its id is its headword, without the
    other names in brackets, in lower case with hyphens. A "See ..." entry points to one."""
    entries = glossary_entries((DOCS / "glossary.md").read_text(encoding="utf-8"))
    ids = {}
    for head in entries:
        found = ENTRY_ID.search(head)
        assert found, f"no id on {head!r}"
        main = head[: found.start()].partition(" (")[0]
        assert found[1] == re.sub(r"[^a-z0-9]+", "-", main.lower()).strip("-"), head
        ids[found[1]] = head
    assert len(ids) == len(entries)  # no two entries share an id
    for head, body in entries.items():
        if see := SEE.fullmatch(body):
            assert see[1] in ids and not SEE.fullmatch(entries[ids[see[1]]]), head


def test_the_headwords_stand_out():
    """The headwords are bold (the theme sets them at body weight), by a rule scoped to the
    glossary's own container."""
    text = (DOCS / "glossary.md").read_text(encoding="utf-8")
    assert text.count('<div class="bp-glossary" markdown>') == 1
    css = (DOCS / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    rule = re.search(r"\.md-typeset \.bp-glossary dt \{([^}]*)\}", css)
    assert rule and "font-weight: 700" in rule[1]


def test_every_notation_table_names_where_its_symbols_are_taught():
    text = (DOCS / "notation.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    for section in sections:
        heading, _, body = section.partition("\n")
        if "| Symbol |" not in body:
            continue  # the conventions, and the letters with two jobs, link in their rows
        rows = [r for r in body.splitlines() if r.startswith("| ") and "---" not in r][1:]
        linked_heading = LINK.search(heading) is not None
        assert linked_heading or all(LINK.search(r) for r in rows), heading


def test_the_entry_reader_splits_definitions():
    text = "Adjoint\n:   A bar. [Modes](modes.md)\n\nBatch\n:   Rows.\n    More.\n"
    assert glossary_entries(text) == {"Adjoint": ":   A bar. [Modes](modes.md)",
                                      "Batch": ":   Rows.\n    More."}  # fmt: skip


def test_the_phone_cards_name_the_columns_the_notation_tables_have():
    """On a phone the symbol tables become cards whose labels come from the stylesheet
    ("Shape: ", "In the code: "): every four-column table they apply to has those columns."""
    text = (DOCS / "notation.md").read_text(encoding="utf-8")
    inside = text.split('<div class="bp-symbols" markdown>', 1)[1].split("</div>", 1)[0]
    headers = [line for line in inside.splitlines() if line.startswith("| ") and "---" not in line]
    headers = [h for h in headers if h.count("|") == 5 and "Symbol" in h]
    assert headers and set(headers) == {"| Symbol | Meaning | Shape | In the code |"}
    css = (DOCS / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    assert 'content: "Shape: "' in css and 'content: "In the code: "' in css
