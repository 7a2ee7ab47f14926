"""axe-core (npm, fetched by scripts/npm-assets.sh into var/npm; never served) run on a page.

The script goes in through the DevTools protocol (page.evaluate), which the
service's CSP does not govern: the page itself stays exactly as served.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "var" / "npm" / "axe-core" / "axe.min.js"


def axe_run(page, *, wcag_only: bool = True) -> dict:
    """axe-core's findings on the page as it is now: {"passes": n, "violations": [{id, impact, help, targets}]};
    with wcag_only, the WCAG 2.x A/AA rules only."""
    if not AXE.exists():
        message = f"{AXE} is missing: run scripts/npm-assets.sh"
        if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate("() => {" + AXE.read_text(encoding="utf-8") + "\n}")
    options = '{runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}' if wcag_only else "{}"
    return page.evaluate(
        """async () => {
            const result = await window.axe.run(document, %s);
            return {
                passes: result.passes.length,
                violations: result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" ")),
                })),
            };
        }"""
        % options
    )


def axe_violations(page) -> list[str]:
    """Every WCAG 2.x A/AA violation axe finds on the page as it is now: "rule: target"."""
    result = axe_run(page)
    assert result["passes"] > 0, "axe-core checked nothing: the page is empty or the run failed"
    return [f"{v['id']}: {target}" for v in result["violations"] for target in v["targets"]]


def no_sideways_scroll(page, width: int = 390) -> bool:
    """Whether the page fits a phone `width` px wide without scrolling sideways."""
    page.set_viewport_size({"width": width, "height": 844})
    fits = page.evaluate(f"() => document.documentElement.scrollWidth <= {width}")
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits
