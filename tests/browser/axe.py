"""axe-core in the browser tests: the WCAG 2.1 A and AA rules run on the page as shown.

axe-core comes from the npm registry (scripts/npm-assets.sh puts it in var/npm/axe-core)
and is never served by the service: the test hands its source to the page through the
DevTools protocol (page.evaluate), which the page's CSP does not govern, so that no
script tag and no policy exception is needed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "var" / "npm" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """Each WCAG 2.1 A/AA violation on `page` as "rule: selector, selector…"."""
    if not AXE.exists():
        message = f"{AXE} is missing: run scripts/npm-assets.sh"
        if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return {passes: r.passes.length, violations: r.violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))}; }",
        WCAG_21_AA,
    )
    assert result["passes"] > 0, "axe-core checked nothing: the page is empty or the run failed"
    return list(result["violations"])
