"""Screenshot a kg HTML graph with the same headless chromium the browser tests use.

Usage: python -m scripts.screenshot GRAPH.html OUT.png [--width 1400 --height 900]
Requests that leave file:// are blocked, so the picture shows what an offline reader sees.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from scripts.browser import launch_chromium


def screenshot(html: Path, png: Path, width: int = 1400, height: int = 900, select: str | None = None) -> None:
    """Open ``html``, wait until the view stands still, optionally click the node named ``select``,
    and write ``png``."""
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(html.resolve().as_uri())
            page.wait_for_function("() => document.body.dataset.stable !== undefined", timeout=60_000)
            if select:
                page.fill("#search", select)
                page.press("#search", "Enter")
                page.wait_for_timeout(700)
            page.screenshot(path=str(png))
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--select", help="search for this name and open its evidence panel")
    args = parser.parse_args()
    screenshot(args.html, args.png, args.width, args.height, args.select)


if __name__ == "__main__":
    main()
