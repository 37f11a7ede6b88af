"""Colour and SVG text: WCAG contrast, and the size and colour of every text in a figure.

Figures are SVG files shown in ``<img>`` (a light and a dark file per figure) or inline SVG.
:func:`figure_problems` reads the text of each from the SVG itself (file) or from what the page
measured (inline), and says which text is too small at a width or too faint on its background.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

PHONE_MIN_PX = 9  # smallest figure text at 375 px (CSS px)
DESKTOP_MIN_PX = 11  # smallest figure text at 1280 px
MIN_CONTRAST = 4.5  # figure text against the page background (WCAG AA, normal text)
LIGHT_BG = "#ffffff"  # mkdocs-material's default palette
# mkdocs-material's slate: hsla(var(--md-hue) = 225deg, 15%, 14%, 1); test_pages checks it.
DARK_BG = "#1e2129"


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

    ``figures`` are what ``js/figures.js`` saw: ``<img>`` figures (their SVG file is read from
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
