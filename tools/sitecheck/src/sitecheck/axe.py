"""axe-core's accessibility audit of a loaded page (PyPI ``axe-playwright-python``)."""

from __future__ import annotations

SERIOUS = ("serious", "critical")


def serious_violations(response: dict) -> list[str]:
    """axe's serious and critical violations in ``response``, one line each (first 3 targets).

    Examples
    --------
    >>> from sitecheck.axe import serious_violations
    >>> node = {"target": ["img"]}
    >>> response = {"violations": [
    ...     {"impact": "critical", "id": "image-alt", "help": "Images need alt", "nodes": [node]},
    ...     {"impact": "minor", "id": "region", "help": "Landmarks", "nodes": [node]},
    ... ]}
    >>> serious_violations(response)
    ["critical image-alt: Images need alt at ['img']"]
    """
    out = []
    for v in response.get("violations", []):
        if v.get("impact") not in SERIOUS:
            continue
        targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])][:3]
        out.append(f"{v['impact']} {v['id']}: {v['help']} at {targets}")
    return out


def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    """Run axe on Playwright ``page`` (only ``rules`` if given); its serious violations."""
    from axe_playwright_python.sync_playwright import Axe

    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return serious_violations(Axe().run(page, options=options).response)
