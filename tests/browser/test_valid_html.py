"""The Nu Html Checker (npm ``vnu-jar``, run with java) finds no error in the pages' content.

    python tests/browser/test_valid_html.py [SITE_DIR]     prints every error, content and theme

The stock theme's own markup has errors of its own (``tabindex=""`` on the navigation's labels,
``autocomplete`` on its checkboxes); they are counted apart and do not fail the test. The checker
is installed into ``.tools/`` by ``make vnu`` (``make test`` does it); without it (or without
java) the test is skipped, except under CI, where it fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# mkdocs-material 9.8's markup, the same on every page: not ours to fix.
THEME = [
    re.compile(r"Bad value “” for attribute “tabindex” on element “label”"),
    re.compile(r"Attribute “autocomplete” is only allowed when the input type is"),
]


def validate(site_dir: Path) -> list[dict]:
    """Every error vnu reports on the site's HTML pages, each with ``url`` and ``message``."""
    pages = sorted(str(p) for p in site_dir.rglob("*.html") if "assets" not in p.parts)
    proc = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *pages],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    out = []
    for m in messages:
        if m.get("type") != "error":
            continue
        url = m.get("url", "").removeprefix("file:")
        rel = Path(url).relative_to(site_dir).as_posix() if url.startswith(str(site_dir)) else url
        out.append({"page": rel, "message": m["message"], "line": m.get("lastLine")})
    return out


def is_theme(error: dict) -> bool:
    return any(rx.search(error["message"]) for rx in THEME)


def test_pages_content_has_no_html_error(site_dir):
    if not VNU.is_file() or shutil.which("java") is None:
        reason = "the Nu Html Checker needs .tools/ (make vnu) and java"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so it must run", pytrace=False)
        pytest.skip(reason)
    errors = validate(site_dir)
    content = [e for e in errors if not is_theme(e)]
    theme = len(errors) - len(content)
    assert not content, (
        f"{len(content)} content error(s) ({theme} from the theme's markup, not counted):\n"
        + "\n".join(f"{e['page']}:{e['line']}: {e['message']}" for e in content[:40])
    )


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    errors = validate(site)
    content = [e for e in errors if not is_theme(e)]
    for e in content:
        print(f"{e['page']}:{e['line']}: {e['message']}")
    per_page = Counter(e["page"] for e in content)
    print(f"\n{len(content)} content error(s), {len(errors) - len(content)} from the theme")
    for page, n in per_page.most_common():
        print(f"  {n:4d}  {page}")
