"""Checks of a built site as a reader meets it, shared by the browser tests and the benchmark.

Two kinds of check live here:

- static ones, from the HTML files with :mod:`html.parser` (internal links and anchors, the
  Python blocks a reader can copy);
- browser ones: :func:`visit` loads one page in Chromium once and records everything the tests
  look at (console, network, MathJax, raw TeX, images, figures, overflow at 375 px, axe);
  :func:`problems` turns a record into a list of problems per check.

:func:`check_page` runs both on one page and returns a flat list of problems; the negative test
feeds it a page with breakage injected, so the real tests and the proof that they catch things
share the same code.
"""

from __future__ import annotations

import concurrent.futures
import doctest
import functools
import http.server
import os
import re
import socketserver
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE_WIDTH = 375
MATHJAX_TIMEOUT_MS = 20_000
SERIOUS = ("serious", "critical")
PYTHON_LANGS = ("language-python", "language-py", "language-python3")
PYCON_LANGS = ("language-pycon",)

# Leftover TeX in visible prose (code, pre and typeset math are hidden before reading).
RAW_TEX = [
    ("$$", re.compile(r"\$\$")),
    ("\\(", re.compile(r"\\\(")),
    ("\\[", re.compile(r"\\\[")),
    ("\\frac", re.compile(r"\\frac")),
    ("\\begin", re.compile(r"\\begin\b")),
    # $...$ holding something TeX-like (a backslash, ^, _ or {), so "$5 or $10" is not flagged.
    ("$...$", re.compile(r"\$[^$\n]{0,120}?[\\^_{][^$\n]{0,120}?\$")),
    ("$", re.compile(r"\$")),  # the book's prose has no dollar amounts: any $ is a delimiter
]


# Filled while the tests run; tests/browser/conftest.py prints it at the end of the session.
SUMMARY: dict[str, object] = {}

# --------------------------------------------------------------------------- serving the site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(site_dir: Path) -> tuple[_Server, str]:
    """Serve ``site_dir`` on 127.0.0.1 at a random port from a thread; return (server, base)."""
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def discover_pages(site_dir: Path) -> list[str]:
    """Every page of a built site as a path below its root: ``""``, ``"derivatives/"``, ..."""
    pages = []
    for p in site_dir.rglob("index.html"):
        rel = p.parent.relative_to(site_dir)
        if rel.parts and rel.parts[0] in ("assets", "search", "print"):
            continue  # print/ repeats every chapter; tests/browser/test_print.py checks it
        pages.append("" if not rel.parts else rel.as_posix() + "/")
    return sorted(pages, key=lambda s: (s.count("/"), s))


def page_file(site_dir: Path, page: str) -> Path:
    return site_dir / page / "index.html"


# --------------------------------------------------------------------------- static HTML


class _Index(HTMLParser):
    """Ids, links and images of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        if tag == "img" and a.get("src"):
            self.images.append(a["src"])


@functools.lru_cache(maxsize=256)
def _index(path: Path) -> _Index:
    parser = _Index()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target_file(site_dir: Path, url_path: str) -> Path | None:
    """The file the local server would answer ``url_path`` with, or None."""
    rel = unquote(url_path).lstrip("/")
    candidate = site_dir / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_links(site_dir: Path, page: str, base: str = "http://127.0.0.1/") -> list[str]:
    """Every same-site ``a[href]`` of ``page`` reaches a file, and its #fragment an id there."""
    problems = []
    page_url = urljoin(base, page)
    origin = urlsplit(base).netloc
    for href in _index(page_file(site_dir, page)).links:
        if href == "" or href.startswith(("mailto:", "javascript:", "tel:", "data:")):
            continue
        url = urlsplit(urljoin(page_url, href))
        if url.scheme not in ("http", "https") or url.netloc != origin:
            continue  # links out of the site are the reader's choice; requests are checked apart
        target = _target_file(site_dir, url.path)
        if target is None:
            problems.append(f"dead link {href!r}: no {url.path} in the site")
            continue
        if url.fragment and target.suffix == ".html":
            frag = unquote(url.fragment)
            if frag not in _index(target).ids:
                problems.append(f"dead anchor {href!r}: no id {frag!r} on {url.path}")
    return problems


@dataclass
class CodeBlock:
    page: str
    index: int  # position among the page's highlighted blocks
    lang: str  # "python", "pycon", or another language
    code: str  # what a reader copies: the code element's text, trailing whitespace removed
    fragment: bool  # fenced with title="fragment": not runnable on its own

    @property
    def name(self) -> str:
        return f"{self.page or '/'}#{self.index}"

    @property
    def console(self) -> bool:
        """A ``pycon`` block: prompts, sources and the output they print, as doctest reads it."""
        return "language-" + self.lang in PYCON_LANGS

    @property
    def copied(self) -> str:
        """The code as a reader pastes it: a console block's sources, no prompts or output."""
        if self.console:
            examples = doctest.DocTestParser().get_examples(self.code)
            return "".join(ex.source for ex in examples).rstrip()
        return self.code

    def early_exceptions(self) -> list[str]:
        """A console block's examples that expect an exception but are not its last one.

        Pasted whole, the block stops at the first exception, so a reader never runs what
        the page shows after it: an error demonstration goes last, or in a block of its own.
        """
        if not self.console:
            return []
        examples = doctest.DocTestParser().get_examples(self.code)
        return [
            f"example {i + 1} of {len(examples)} ({ex.source.strip()!r}) expects "
            f"{ex.exc_msg.strip()!r}, but is not the block's last: pasted whole, the block stops "
            "there"
            for i, ex in enumerate(examples[:-1])
            if ex.exc_msg is not None
        ]


class _Blocks(HTMLParser):
    """The highlighted code blocks of a page, with what a reader's copy button gives."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.blocks: list[CodeBlock] = []
        self.stack: list[tuple[str, set[str]]] = []
        self._block: dict | None = None  # the block being read
        self._depth_block = -1
        self._in_code = False
        self._in_filename = False

    def _inside(self, cls: str) -> bool:
        return any(cls in classes for _, classes in self.stack)

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        if tag in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            return
        self.stack.append((tag, classes))
        if tag == "div" and "highlight" in classes and self._block is None:
            lang = next((c[len("language-") :] for c in classes if c.startswith("language-")), "")
            skip = (
                self._inside("result")  # markdown-exec's output, not source
                or "doc-signature" in classes  # mkdocstrings' signatures
                or self._inside("jp-Cell")  # notebook cells run with the whole notebook
            )
            self._block = {"lang": lang, "code": [], "fragment": False, "skip": skip}
            self._depth_block = len(self.stack)
        elif self._block is not None:
            if tag == "span" and "filename" in classes:
                self._in_filename = True
                self._block["title"] = []
            if tag == "code":
                self._in_code = True

    def handle_endtag(self, tag):
        if not self.stack:
            return
        # pop to the matching tag (tolerates unclosed elements)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if self._block is not None:
            if tag == "code":
                self._in_code = False
            if tag == "span" and self._in_filename:
                self._in_filename = False
                title = "".join(self._block.pop("title")).strip().lower()
                self._block["fragment"] = title == "fragment"
            if len(self.stack) < self._depth_block:
                b = self._block
                self._block = None
                if not b["skip"]:
                    self.blocks.append(
                        CodeBlock(
                            self.page,
                            len(self.blocks),
                            b["lang"],
                            "".join(b["code"]).rstrip(),
                            b["fragment"],
                        )
                    )

    def handle_data(self, data):
        if self._block is None:
            return
        if self._in_filename:
            self._block["title"].append(data)
        elif self._in_code:
            self._block["code"].append(data)


def code_blocks(site_dir: Path, page: str) -> list[CodeBlock]:
    parser = _Blocks(page)
    parser.feed(page_file(site_dir, page).read_text(encoding="utf-8"))
    return parser.blocks


def python_blocks(site_dir: Path) -> list[CodeBlock]:
    """Every Python and Python console (``pycon``, the API pages' examples) block of the site."""
    return [
        b
        for page in discover_pages(site_dir)
        for b in code_blocks(site_dir, page)
        if "language-" + b.lang in PYTHON_LANGS + PYCON_LANGS
    ]


BLOCK_TIMEOUT_S = 120

# A console block runs as a doctest in the fresh interpreter: each example's output and expected
# traceback is checked, with only what the block itself imports (no module globals). Whitespace
# is normalised, as in the package's own doctests; numbers are compared as printed (pytest's
# NUMBER flag is not the standard library's, and a reader sees the digits the page shows). "..."
# in an output elides, as a reader reads it: the API pages drop "# doctest: +ELLIPSIS" comments.
_CONSOLE_RUNNER = """\
import doctest, sys

path, name = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    text = f.read()
test = doctest.DocTestParser().get_doctest(text, {"__name__": "__main__"}, name, path, 0)
runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
runner.run(test, out=sys.stderr.write)
sys.stderr.write(f"{runner.failures} of {runner.tries} examples failed\\n")
sys.exit(1 if runner.failures else 0)
"""


def run_block(block: CodeBlock) -> tuple[int, str]:
    """Run one block as a reader would: a fresh interpreter in an empty directory.

    A Python block runs as a script. A console block runs as a doctest, so what it shows is
    checked too, and an exception it expects must come in its last example
    (:meth:`CodeBlock.early_exceptions`)."""
    with tempfile.TemporaryDirectory(prefix="bp-block-") as tmp:
        if block.console:
            source = Path(tmp) / "block.txt"
            source.write_text(block.code + "\n", encoding="utf-8")
            args = ["-c", _CONSOLE_RUNNER, str(source), block.name]
        else:
            script = Path(tmp) / "block.py"
            script.write_text(block.copied + "\n", encoding="utf-8")
            args = [str(script)]
        env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("PYTHONPATH", None)
        try:
            proc = subprocess.run(
                [sys.executable, *args],
                cwd=tmp,
                env=env,
                capture_output=True,
                text=True,
                timeout=BLOCK_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            return -1, f"timed out after {BLOCK_TIMEOUT_S} s"
    code, stderr = proc.returncode, proc.stderr[-3000:]
    early = block.early_exceptions()
    if early:
        return code or 1, "\n".join([stderr.rstrip(), *early]).strip()
    return code, stderr


def start_blocks(site_dir: Path) -> dict[str, concurrent.futures.Future]:
    """Start running every runnable block (2 at a time) while the browser tests go on."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
    runnable = [b for b in python_blocks(site_dir) if not b.fragment]
    futures = {b.name: pool.submit(run_block, b) for b in runnable}
    pool.shutdown(wait=False)
    return futures


# --------------------------------------------------------------------------- figures, as seen

PHONE_MIN_PX = 9  # smallest figure text at 375 px (CSS px)
DESKTOP_MIN_PX = 11  # smallest figure text at 1280 px
MIN_CONTRAST = 4.5  # figure text against the page background (WCAG AA, normal text)
LIGHT_BG = "#ffffff"  # mkdocs-material's default palette
# mkdocs-material's slate: hsla(var(--md-hue) = 225deg, 15%, 14%, 1); test_pages checks it.
DARK_BG = "#1e2129"

# Raw reStructuredText that reached a page (code hidden): table rules, literal-block markers,
# Sphinx roles and directives.
RAW_RST = [
    ("==== table rule", re.compile(r"={4,}")),
    (":: literal block", re.compile(r"::[ \t]*$", re.M)),
    ("Sphinx role", re.compile(r":(?:func|class|meth|mod|attr|obj|exc|data|ref|doc|math|term):")),
    ("directive", re.compile(r"^\.\. [\w-]+::", re.M)),
]


def parse_color(value: str) -> tuple[float, float, float, float] | None:
    """``#rgb``, ``#rrggbb``, ``#rrggbbaa``, ``rgb()``/``rgba()`` as (r, g, b, a) in 0..1."""
    value = value.strip().lower()
    if value.startswith("#"):
        h = value[1:]
        if len(h) in (3, 4):
            h = "".join(c * 2 for c in h)
        if len(h) not in (6, 8):
            return None
        parts = [int(h[i : i + 2], 16) / 255 for i in range(0, len(h), 2)]
        return (*parts[:3], parts[3] if len(parts) == 4 else 1.0)
    m = re.match(r"rgba?\(([^)]*)\)", value)
    if m:
        nums = [float(x) for x in re.split(r"[,\s/]+", m[1].strip()) if x]
        if len(nums) >= 3:
            return (nums[0] / 255, nums[1] / 255, nums[2] / 255, nums[3] if len(nums) > 3 else 1.0)
    if value == "black":
        return (0.0, 0.0, 0.0, 1.0)
    if value == "white":
        return (1.0, 1.0, 1.0, 1.0)
    return None


def _luminance(rgb) -> float:
    def lin(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str, opacity: float = 1.0) -> float:
    """WCAG contrast of ``fg`` (blended onto ``bg`` by its alpha and ``opacity``) against ``bg``."""
    f, b = parse_color(fg), parse_color(bg)
    if f is None or b is None:
        return 0.0
    a = f[3] * opacity
    mixed = [a * fc + (1 - a) * bc for fc, bc in zip(f[:3], b[:3], strict=True)]
    hi, lo = sorted((_luminance(mixed), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@dataclass
class SvgText:
    text: str
    size: float  # font size in the SVG's user units
    fill: str
    opacity: float


def _style_of(el) -> dict[str, str]:
    out = {
        k: v for k, v in el.attrib.items() if k in ("fill", "font-size", "opacity", "fill-opacity")
    }
    for decl in (el.attrib.get("style") or "").split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            out[k.strip()] = v.strip()
    font = out.get("font")
    if font and "font-size" not in out:
        m = re.search(r"([\d.]+)px", font)
        if m:
            out["font-size"] = m[1] + "px"
    return out


@functools.lru_cache(maxsize=512)
def svg_texts(path: Path) -> tuple[float, list[SvgText]]:
    """The viewBox width of an SVG file and every text in it, with inherited size and fill."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    view = (root.attrib.get("viewBox") or "").split()
    vb_width = (
        float(view[2]) if len(view) == 4 else float(re.sub(r"[a-z]+", "", root.attrib["width"]))
    )
    out: list[SvgText] = []

    def walk(el, inherited):
        style = {**inherited, **_style_of(el)}
        opacity = inherited.get("_opacity", 1.0) * float(style.pop("opacity", 1.0) or 1.0)
        style["_opacity"] = opacity
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "text":
            words = "".join(el.itertext()).replace("\n", "").strip()  # mathtext: one per glyph
            if words:
                size = float(re.sub(r"[a-z]+", "", style.get("font-size", "16")) or 16)
                alpha = float(style.get("fill-opacity", 1.0) or 1.0)
                out.append(SvgText(words, size, style.get("fill", "black"), opacity * alpha))
            return
        for child in el:
            walk(child, style)

    walk(root, {})
    return vb_width, out


def figure_problems(
    figures: list[dict], site_dir: Path, base: str, width: int, min_px: float
) -> list[str]:
    """Figure text smaller than ``min_px`` as rendered at ``width``, and text of low contrast.

    ``figures`` are what :data:`_FIGURES_JS` saw: ``<img>`` figures (their SVG file is read from
    the site) and inline SVG figures (measured in the page)."""
    found = []
    for fig in figures:
        alt = fig["alt"] if len(fig["alt"]) <= 70 else fig["alt"][:67] + "..."
        where = f"at {width} px, figure {alt!r}"
        if fig["kind"] == "img":
            rel = unquote(urlsplit(fig["src"]).path).lstrip("/")
            path = site_dir / rel
            if not fig["src"].startswith(base) or not path.is_file() or path.suffix != ".svg":
                continue  # not one of our SVG files (a PNG, a data URI): sizes are unknown
            vb_width, texts = svg_texts(path)
            scale = fig["width"] / vb_width
            sized = [(t.size * scale, t) for t in texts]
            bg = DARK_BG if fig["scheme"] == "dark" else LIGHT_BG
        else:
            sized = [(t["px"], SvgText(t["text"], t["px"], t["fill"], 1.0)) for t in fig["texts"]]
            bg = fig["bg"]
        if sized:
            px, t = min(sized, key=lambda s: s[0])
            if px < min_px - 0.05:
                small = sum(1 for p, _ in sized if p < min_px - 0.05)
                found.append(
                    f"{where}: text {t.text!r} renders at {px:.1f} px "
                    f"(< {min_px} px; {small} of {len(sized)} texts too small)"
                )
        if fig.get("check_contrast", True):
            low = [(contrast(t.fill, bg, t.opacity), t) for _, t in sized]
            low = [(c, t) for c, t in low if c < MIN_CONTRAST]
            if low:
                c, t = min(low, key=lambda s: s[0])
                found.append(
                    f"{where} ({fig['scheme']} palette): text {t.text!r} in {t.fill} has contrast "
                    f"{c:.2f}:1 on {bg} (< {MIN_CONTRAST}:1; {len(low)} texts)"
                )
    return found


_FIGURES_JS = r"""
() => {
  // Which file an <img> shows at this viewport, whether or not it is displayed.
  const srcFor = (img) => {
    const pic = img.closest("picture");
    for (const s of pic ? pic.querySelectorAll("source") : []) {
      if (!s.media || matchMedia(s.media).matches) return new URL(s.srcset, location.href).href;
    }
    return img.src;
  };
  const shown = (el) => el.getClientRects().length > 0;
  const bg = getComputedStyle(document.body).backgroundColor;
  const out = [];
  for (const fig of document.querySelectorAll("figure.bp-figure")) {
    const light = fig.querySelector(".bp-figure__light img");
    const dark = fig.querySelector(".bp-figure__dark img");
    if (light || dark) {
      const img = [light, dark].find((i) => i && shown(i)) || light || dark;
      if (!shown(img)) continue;  // inside a closed <details>
      const width = img.getBoundingClientRect().width;
      for (const [scheme, i] of [["light", light], ["dark", dark]]) {
        if (!i) continue;
        out.push({ kind: "img", alt: i.alt, scheme, src: srcFor(i), width, sized: i === img });
      }
      continue;
    }
    const svg = fig.querySelector("svg");
    if (!svg || !shown(svg)) continue;
    const texts = [];
    for (const t of svg.querySelectorAll("text")) {
      const m = t.getScreenCTM();
      const words = t.textContent.trim();
      if (!m || !words) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      texts.push({ text: words, px, fill: getComputedStyle(t).fill });
    }
    out.push({
      kind: "svg", alt: svg.getAttribute("aria-label") || "", scheme: "page", texts, bg,
      sized: true,
    });
  }
  return out;
}
"""

_EQUATIONS_JS = r"""
() => Array.from(
  document.querySelectorAll("div.arithmatex, .jp-RenderedMarkdown mjx-container[display='true']")
).filter((el) => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1).map((el) => {
  const cs = getComputedStyle(el);
  const scrolls = ["auto", "scroll"].includes(cs.overflowX);
  const cue = (cs.backgroundImage.includes("gradient") && cs.backgroundAttachment.includes("local"))
    || getComputedStyle(el, "::after").backgroundImage.includes("gradient");
  const mml = el.querySelector("mjx-assistive-mml");
  return {
    text: (mml ? mml.textContent : el.textContent).replace(/\s+/g, " ").trim().slice(0, 50),
    scrolls, cue, over: el.scrollWidth - el.clientWidth,
  };
})
"""

_DUPLICATE_IDS_JS = r"""
() => {
  const seen = new Map();
  for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  return Array.from(seen).filter(([, n]) => n > 1).map(([id, n]) => `${id} (${n}x)`);
}
"""


# --------------------------------------------------------------------------- the browser

# Stamp the moment <body data-mathjax> is set (performance.now() counts from navigation start).
_STAMP_JS = r"""
new MutationObserver((_, obs) => {
  const state = document.body && document.body.dataset.mathjax;
  if (state) { performance.mark("bp-mathjax-" + state); obs.disconnect(); }
}).observe(document, {
  subtree: true, attributes: true, attributeFilter: ["data-mathjax"],
});
"""

_PAGE_STATE_JS = r"""
async (phoneWidth) => {
  const out = {};
  // Formulas are typeset as they come into view (mathjax-config.js): typeset the rest now.
  if (window.bpTypesetAll) await window.bpTypesetAll();
  await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  // Lazy images below the fold: load them now, then wait (bounded) for each to settle.
  const imgs = Array.from(document.images);
  imgs.forEach((img) => { if (img.loading === "lazy") img.loading = "eager"; });
  await Promise.race([
    Promise.allSettled(imgs.map((img) => img.complete ? null : new Promise((ok) => {
      img.addEventListener("load", ok); img.addEventListener("error", ok);
    }))),
    new Promise((ok) => setTimeout(ok, 5000)),
  ]);
  out.images = imgs.map((img) => ({
    src: img.currentSrc || img.src, complete: img.complete, width: img.naturalWidth,
  }));
  out.svgs = Array.from(document.querySelectorAll("figure.bp-figure svg")).map((s, i) => {
    const r = s.getBoundingClientRect();
    return { index: i, width: r.width, height: r.height };
  });
  out.mathjax = document.body.dataset.mathjax || "missing";
  out.merrors = document.querySelectorAll("mjx-merror, [data-mjx-error]").length;
  out.undefinedMacros = Array.from(
    document.querySelectorAll('mjx-container [style*="color: red"]')
  ).map((e) => e.textContent).slice(0, 5);
  // Visible prose of the article, code and typeset math hidden.
  const article = document.querySelector("article") || document.body;
  const hide = document.createElement("style");
  hide.textContent = "pre, code, mjx-container, .highlight, script, style, .bp-figure__text " +
                     "{ display: none !important; }";
  document.head.appendChild(hide);
  out.text = article.innerText;
  hide.remove();
  out.mathCount = document.querySelectorAll("mjx-container").length;
  out.domElements = document.getElementsByTagName("*").length;
  return out;
}
"""

_IMAGES_SETTLED_JS = r"""
async () => {
  const imgs = Array.from(document.querySelectorAll("figure img")).filter(
    (i) => i.getClientRects().length
  );
  await Promise.race([
    Promise.allSettled(imgs.map((img) => img.complete ? null : new Promise((ok) => {
      img.addEventListener("load", ok); img.addEventListener("error", ok);
    }))),
    new Promise((ok) => setTimeout(ok, 3000)),
  ]);
}
"""

_OVERFLOW_JS = r"""
() => {
  const doc = document.documentElement;
  const out = {
    scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, wide: [], culprits: [],
  };
  const article = document.querySelector("article") || document.body;
  const col = article.getBoundingClientRect();
  const name = (el) => {
    const cls = typeof el.className === "string" ? el.className.trim().split(/\s+/) : [];
    return [el.tagName.toLowerCase(), ...cls.filter(Boolean)].join(".");
  };
  // Figures and images must fit the text column (they do not scroll).
  for (const el of article.querySelectorAll("figure, img, figure svg")) {
    const r = el.getBoundingClientRect();
    if (r.width > col.width + 1) {
      const w = Math.round(r.width), c = Math.round(col.width);
      out.wide.push(`${name(el)} is ${w} px wide in a ${c} px column`);
    }
  }
  // If the page scrolls sideways, name what sticks out and is not inside a scrolling box.
  if (doc.scrollWidth > window.innerWidth + 1) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right <= window.innerWidth + 1) continue;
      let a = el.parentElement, clipped = false;
      while (a && a !== document.body) {
        if (getComputedStyle(a).overflowX !== "visible") { clipped = true; break; }
        a = a.parentElement;
      }
      if (!clipped) out.culprits.push(`${name(el)} reaches ${Math.round(r.right)} px`);
      if (out.culprits.length >= 5) break;
    }
  }
  return out;
}
"""


@dataclass
class PageRecord:
    """Everything seen on one page load."""

    page: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: int = 0
    bytes: int = 0
    urls: list[str] = field(default_factory=list)  # every response received, in order
    mathjax: str = "missing"
    mathjax_ms: float | None = None
    merrors: int = 0
    undefined_macros: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    empty_svgs: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    figure_text: list[str] = field(default_factory=list)
    figure_contrast: list[str] = field(default_factory=list)
    equation_cue: list[str] = field(default_factory=list)
    duplicate_ids: list[str] = field(default_factory=list)
    raw_rst: list[str] = field(default_factory=list)
    dom_elements: int = 0
    load_error: str | None = None


def launch(playwright):
    """Debian's Chromium, headless, with nothing talking to the outside world."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = Axe().run(page, options=options)
    out = []
    for v in result.response.get("violations", []):
        if v.get("impact") not in SERIOUS:
            continue
        targets = [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])][:3]
        out.append(f"{v['impact']} {v['id']}: {v['help']} at {targets}")
    return out


def _raw_tex(text: str) -> list[str]:
    found = []
    for name, rx in RAW_TEX:
        for m in rx.finditer(text):
            a, b = max(0, m.start() - 30), min(len(text), m.end() + 30)
            snippet = " ".join(text[a:b].split())
            found.append(f"raw {name} in visible text: ...{snippet}...")
            break
    return found


def _raw_rst(text: str) -> list[str]:
    found = []
    for name, rx in RAW_RST:
        m = rx.search(text)
        if m:
            a, b = max(0, m.start() - 40), min(len(text), m.end() + 20)
            found.append(f"raw reStructuredText ({name}): ...{' '.join(text[a:b].split())}...")
    return found


def _figures(page, rec: PageRecord, site_dir: Path | None, base: str, width: int) -> None:
    """Record the figures' text size (and, once per file, contrast) at the current width."""
    if site_dir is None:
        return
    figures = page.evaluate(_FIGURES_JS)
    min_px = PHONE_MIN_PX if width <= PHONE_WIDTH else DESKTOP_MIN_PX
    sized = [dict(f, check_contrast=False) for f in figures if f["sized"]]
    rec.figure_text += figure_problems(sized, site_dir, base, width, min_px)
    seen = {p.split(" has contrast")[0] for p in rec.figure_contrast}
    for f in figures:
        found = figure_problems([f], site_dir, base, width, 0)
        found = [p for p in found if "has contrast" in p]
        rec.figure_contrast += [p for p in found if p.split(" has contrast")[0] not in seen]
        if f["kind"] == "img":
            seen.update(p.split(" has contrast")[0] for p in found)


def visit(
    context, base: str, page_path: str, *, axe: bool = True, site_dir: Path | None = None
) -> PageRecord:
    """Load one page in ``context`` and record what the tests check.

    Figures are measured only when ``site_dir`` is given (their SVG files are read from it)."""
    return finish_visit(start_visit(context, base, page_path), axe=axe, site_dir=site_dir)


@dataclass
class Visit:
    """A page whose loading has started (:func:`start_visit`), to be checked later."""

    page: object
    rec: PageRecord
    base: str
    error: str | None = None


def start_visit(context, base: str, page_path: str) -> Visit:
    """Open ``page_path`` in a new tab and start loading it, without waiting: the browser loads
    it while another page is being checked."""
    rec = PageRecord(page_path)
    origin = urlsplit(base).netloc
    page = context.new_page()
    page.set_viewport_size(DESKTOP)
    page.add_init_script(_STAMP_JS)

    def on_console(msg):
        if msg.type == "error":
            rec.console_errors.append(msg.text)

    def on_request(req):
        rec.requests += 1
        url = urlsplit(req.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != origin:
            rec.foreign_requests.append(req.url)

    def on_response(resp):
        if resp.status >= 400:
            rec.failed_requests.append(f"HTTP {resp.status} {resp.url}")

    def on_finished(req):
        try:
            sizes = req.sizes()
            rec.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            rec.urls.append(req.url)
        except Exception:  # the page closed first
            pass

    page.on("console", on_console)
    page.on("pageerror", lambda err: rec.console_errors.append(f"uncaught: {err}"))
    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfinished", on_finished)
    page.on(
        "requestfailed",
        lambda req: rec.failed_requests.append(f"{req.failure} {req.url}"),
    )
    try:
        page.goto(urljoin(base, page_path), wait_until="commit")
    except Exception as exc:
        return Visit(page, rec, base, f"{type(exc).__name__}: {exc}")
    return Visit(page, rec, base)


def finish_visit(v: Visit, *, axe: bool = True, site_dir: Path | None = None) -> PageRecord:
    """Wait for a started page to load and typeset, record every check, close it."""
    page, rec, base = v.page, v.rec, v.base
    try:
        if v.error:
            raise RuntimeError(v.error)
        page.wait_for_load_state("load")
        try:
            page.wait_for_function(
                "() => ['done', 'error'].includes(document.body.dataset.mathjax)",
                timeout=MATHJAX_TIMEOUT_MS,
            )
        except Exception:
            pass  # recorded below as the state MathJax was left in
        rec.mathjax_ms = page.evaluate(
            "() => { const m = performance.getEntriesByName('bp-mathjax-done');"
            " return m.length ? m[0].startTime : null; }"
        )
        state = page.evaluate(_PAGE_STATE_JS, PHONE_WIDTH)
        rec.mathjax = state["mathjax"]
        rec.merrors = state["merrors"]
        rec.undefined_macros = state["undefinedMacros"]
        rec.raw_tex = _raw_tex(state["text"])
        rec.raw_rst = _raw_rst(state["text"])
        rec.dom_elements = state["domElements"]
        rec.duplicate_ids = [f"duplicate id {d}" for d in page.evaluate(_DUPLICATE_IDS_JS)]
        rec.broken_images = [
            f"image did not load: {i['src']}"
            for i in state["images"]
            if not i["complete"] or i["width"] == 0
        ]
        rec.empty_svgs = [
            f"figure svg #{s['index']} is {s['width']:.0f}x{s['height']:.0f}"
            for s in state["svgs"]
            if s["width"] <= 0 or s["height"] <= 0
        ]
        if axe:
            rec.axe = axe_violations(page)
        _figures(page, rec, site_dir, base, DESKTOP["width"])
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        page.wait_for_timeout(50)
        page.evaluate(_IMAGES_SETTLED_JS)
        _figures(page, rec, site_dir, base, PHONE_WIDTH)
        for eq in page.evaluate(_EQUATIONS_JS):
            if not eq["scrolls"]:
                rec.equation_cue.append(
                    f"at {PHONE_WIDTH} px, equation {eq['text']!r} is cut off by {eq['over']} px "
                    "and cannot scroll"
                )
            elif not eq["cue"]:
                rec.equation_cue.append(
                    f"at {PHONE_WIDTH} px, equation {eq['text']!r} overflows by {eq['over']} px "
                    "with no cue (shadow or fade at the cut edge)"
                )
        ov = page.evaluate(_OVERFLOW_JS)
        if ov["scrollWidth"] > ov["innerWidth"] + 1:
            rec.overflow.append(
                f"page is {ov['scrollWidth']} px wide at {ov['innerWidth']} px: {ov['culprits']}"
            )
        rec.overflow.extend(ov["wide"])
    except Exception as exc:  # a page that cannot load is one problem, not a crash of the suite
        rec.load_error = f"{type(exc).__name__}: {exc}"
    finally:
        page.close()
    return rec


CHECKS = (
    "load",
    "mathjax",
    "raw_tex",
    "console",
    "requests",
    "offsite",
    "images",
    "overflow",
    "axe",
    "figure_text",
    "figure_contrast",
    "equation_cue",
    "ids",
    "raw_rst",
)


def problems(rec: PageRecord) -> dict[str, list[str]]:
    """The problems of one recorded page, per check."""
    out: dict[str, list[str]] = {c: [] for c in CHECKS}
    if rec.load_error:
        out["load"].append(rec.load_error)
    if rec.mathjax != "done":
        out["mathjax"].append(f'MathJax state is "{rec.mathjax}", not "done"')
    if rec.merrors:
        out["mathjax"].append(f"{rec.merrors} MathJax error box(es) (mjx-merror)")
    if rec.undefined_macros:
        out["mathjax"].append(f"undefined TeX macros shown in red: {rec.undefined_macros}")
    out["raw_tex"] = list(rec.raw_tex)
    out["console"] = [f"console error: {m}" for m in rec.console_errors]
    out["requests"] = list(rec.failed_requests)
    out["offsite"] = [f"request to another host: {u}" for u in rec.foreign_requests]
    out["images"] = rec.broken_images + rec.empty_svgs
    out["overflow"] = list(rec.overflow)
    out["axe"] = list(rec.axe)
    out["figure_text"] = list(rec.figure_text)
    out["figure_contrast"] = list(rec.figure_contrast)
    out["equation_cue"] = list(rec.equation_cue)
    out["ids"] = list(rec.duplicate_ids)
    out["raw_rst"] = list(rec.raw_rst)
    return out


def check_page(context, base: str, site_dir: Path, page_path: str) -> list[str]:
    """Every problem of one page: the browser checks, then links and anchors from its HTML."""
    rec = visit(context, base, page_path, site_dir=site_dir)
    found = [f"{check}: {p}" for check, ps in problems(rec).items() for p in ps]
    found += [f"links: {p}" for p in check_links(site_dir, page_path, base)]
    return found
