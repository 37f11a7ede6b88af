"""Shared options: where the built site lives (for the browser tests)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption(
        "--site-dir",
        default=str(ROOT / "site"),
        help="the built site the browser tests serve (default: site/)",
    )
