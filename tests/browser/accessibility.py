"""Run axe-core (WCAG 2.1 A and AA rules) in the page and return its violations, readably."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def wcag_violations(page):
    results = _axe.run(page, options={**WCAG_AA, "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
