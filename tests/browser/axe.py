"""axe-core (npm, fetched by scripts/npm-assets.sh into var/npm; never served) run on a page.

The script goes in through the DevTools protocol (page.evaluate), which the
service's CSP does not govern: the page itself stays exactly as served.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "var" / "npm" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """Every WCAG 2.x A/AA violation axe finds on the page as it is now: "rule: target"."""
    if not AXE.exists():
        message = f"{AXE} is missing: run scripts/npm-assets.sh"
        if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            });
            return result.violations.flatMap(v => v.nodes.map(n => v.id + ": " + n.target.join(" ")));
        }"""
    )


def no_sideways_scroll(page, width: int = 390) -> bool:
    """Whether the page fits a phone `width` px wide without scrolling sideways."""
    page.set_viewport_size({"width": width, "height": 844})
    fits = page.evaluate(f"() => document.documentElement.scrollWidth <= {width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits
