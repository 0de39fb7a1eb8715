"""axe-core, in headless Chromium, on one page of each layout, in the light and the dark
colour scheme (contrast differs between them): no serious or critical violation."""

from __future__ import annotations

import warnings

import pytest

import harness
from harness import unavailable

FAILING_IMPACTS = ("serious", "critical")

# axe-selenium-python 2.x ships axe-core 3.1 (2018), which reports valid HTML as broken
# (a <dt>/<dd> pair grouped in a <div> inside <dl> as "dlitem", serious) and lacks the
# rules of the years since; 3.0.0 ships axe-core 4.10. The Makefile installs it.
MINIMUM_AXE = (4, 0)


AXE_RUN = """
const [context, options, done] = arguments;
axe.run(context || document, options).then(done, error => done({error: String(error)}));
"""

# Makes axe judge text against the plain colours under it: gradients and images gone.
FLATTEN = """
const style = document.createElement('style');
style.id = 'site-checks-flatten';
style.textContent = '*, *::before, *::after { background-image: none !important; }';
document.head.append(style);
"""
UNFLATTEN = "document.getElementById('site-checks-flatten')?.remove()"


def inject_axe(driver) -> str:
    try:
        from axe_selenium_python import Axe
    except ImportError as error:
        unavailable(f"axe-selenium-python is not installed ({error})")
    Axe(driver).inject()
    version = driver.execute_script("return window.axe && axe.version") or "none"
    if tuple(int(n) for n in version.split(".")[:2] if n.isdigit()) < MINIMUM_AXE:
        unavailable(
            f"axe-core {version} is too old (need {'.'.join(map(str, MINIMUM_AXE))}+): "
            "install axe-selenium-python 3.0.0 as the Makefile does "
            "(pip install --no-deps --ignore-requires-python axe-selenium-python==3.0.0)"
        )
    return version


def run_axe(driver, context=None, options=None) -> dict:
    results = driver.execute_async_script(AXE_RUN, context, options or {})
    if "error" in results:
        pytest.fail(f"axe.run failed: {results['error']}", pytrace=False)
    return results


def target_text(node: dict) -> str:
    return " ".join(
        ">>".join(t) if isinstance(t, list) else str(t) for t in node.get("target", [])
    )


def undecided_contrast(driver, results: dict) -> list[str]:
    """Text whose contrast axe could not decide (over a gradient or an image) and that
    fails against the plain background colours under it. Reported as a warning, not a
    failure: without the gradient the contrast is a guess (a wash over the page colour
    changes little; a dark gradient under light text changes everything)."""
    nodes = [
        node
        for item in results.get("incomplete", []) if item["id"] == "color-contrast"
        for node in item["nodes"]
        if any("gradient" in c.get("message", "") or "image" in c.get("message", "")
               for c in node.get("any", []))
    ]
    if not nodes:
        return []
    driver.execute_script(FLATTEN)
    try:
        flat = run_axe(
            driver,
            {"include": [node["target"] for node in nodes]},
            {"runOnly": {"type": "rule", "values": ["color-contrast"]}},
        )
    finally:
        driver.execute_script(UNFLATTEN)
    return [
        f"{target_text(node)}: {(node.get('any') or [{}])[0].get('message', 'fails')}"
        for item in flat.get("violations", []) for node in item["nodes"]
    ]


def describe(violation: dict) -> str:
    lines = [
        f"[{violation.get('impact')}] {violation['id']}: {violation.get('help')}"
        f" ({violation.get('helpUrl', '')})"
    ]
    for node in violation.get("nodes", []):
        lines.append(f"    {target_text(node)}")
        summary = (node.get("failureSummary") or "").strip().splitlines()
        # The first line is "Fix any of the following:"; the reason follows.
        reason = " / ".join(s.strip() for s in summary[1:3] if s.strip())
        if reason:
            lines.append(f"        {reason}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", harness.COLOR_SCHEMES)
@pytest.mark.parametrize(
    "path", list(harness.LAYOUT_PAGES | harness.FEATURE_PAGES),
    ids=[f"{p} ({l})" for p, l in (harness.LAYOUT_PAGES | harness.FEATURE_PAGES).items()]
)
def test_no_serious_accessibility_violations(browser, existing_page, path, scheme):
    url = existing_page(path)
    harness.open_page(browser, url, scheme)
    version = inject_axe(browser)
    results = run_axe(browser, options={"resultTypes": ["violations", "incomplete"]})
    violations = results.get("violations", [])
    failing = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
    lesser = [v for v in violations if v.get("impact") not in FAILING_IMPACTS]
    for violation in lesser:
        warnings.warn(f"{path} ({scheme}): {describe(violation)}", stacklevel=1)
    undecided = undecided_contrast(browser, results)
    if undecided:
        warnings.warn(
            f"{path} ({scheme}): axe could not decide the contrast of text over a gradient "
            "or image; against the plain background colours under it, it fails:\n"
            + "\n".join(f"    {line}" for line in undecided),
            stacklevel=1,
        )
    if failing:
        pytest.fail(
            f"axe-core {version} found {len(failing)} serious or critical violation(s) "
            f"on {path} in the {scheme} colour scheme:\n"
            + "\n".join(describe(v) for v in failing),
            pytrace=False,
        )
