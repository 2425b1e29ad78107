"""The one way kg starts a browser: Debian's chromium, headless, driven by Playwright.

Shared by the browser tests, ``scripts/screenshot.py`` and ``benchmarks/html_render.py`` so all
three see the page the same way. ``playwright install`` is never needed (it downloads a browser).
"""
from __future__ import annotations

import shutil

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


class BrowserMissing(RuntimeError):
    """Debian's chromium is not on PATH (``apt-get install chromium``)."""


def launch_chromium(playwright):
    """Launch headless Debian chromium from a running ``sync_playwright()``; fails loudly if absent."""
    executable = shutil.which("chromium")
    if executable is None:
        raise BrowserMissing("chromium not found on PATH; install the Debian package: apt-get install chromium")
    return playwright.chromium.launch(executable_path=executable, headless=True, args=list(CHROMIUM_ARGS))
