"""A product people can start: "Start free" and "Sign in" lead to the app named in site.yml, and the
pricing page shows the plans of Content/data/plans.yml as cards with one button each, their figures
written nowhere else."""

from __future__ import annotations

import harness
import pytest
import yaml

PARAMS = yaml.safe_load((harness.SITE_ROOT / "Content/site.yml").read_text())["params"]
PLANS = yaml.safe_load((harness.SITE_ROOT / "Content/data/plans.yml").read_text())["plans"]


def links(driver, selector: str) -> list[dict]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(a => ({text: a.textContent.trim(), href: a.href,"
        " event: a.dataset.analyticsEvent || null}))", selector)


@pytest.mark.parametrize("path", list(harness.LAYOUT_PAGES) + ["/pricing/", "/cookie-settings/"])
def test_every_page_offers_sign_in_and_start_free(browser, existing_page, path):
    harness.open_page(browser, existing_page(path))
    assert links(browser, ".site-header .site-actions a") == [
        {"text": "Sign in", "href": PARAMS["signInURL"], "event": None},
        {"text": "Start free", "href": PARAMS["signUpURL"], "event": "start_free"},
    ]


def test_the_home_page_starts_with_start_free_then_the_plans(browser, existing_page):
    harness.open_page(browser, existing_page("/"))
    found = links(browser, ".hero__actions a")
    assert [(link["text"].rstrip(" →"), link["href"]) for link in found] == [
        ("Start free", PARAMS["signUpURL"]), ("See plans and pricing", browser.execute_script("return location.origin") + "/pricing/")]


def test_pricing_shows_each_plan_of_the_data_file_as_a_card_with_one_button(browser, existing_page):
    harness.open_page(browser, existing_page("/pricing/"))
    cards = browser.execute_script("""return Array.from(document.querySelectorAll('.plan-card')).map(card => ({
        name: card.querySelector('.plan-card__name').textContent.trim(),
        price: card.querySelector('.plan-card__amount').textContent.trim(),
        quota: card.querySelector('.plan-card__quota').textContent.trim(),
        features: Array.from(card.querySelectorAll('.plan-card__features li')).map(li => li.textContent.trim()),
        buttons: Array.from(card.querySelectorAll('a, button')).map(a => [a.textContent.trim(), a.href, a.dataset.analyticsEvent])}))""")
    assert [card["name"] for card in cards] == [plan["name"] for plan in PLANS]
    for card, plan in zip(cards, PLANS):
        assert card["price"] == str(plan["price"])
        assert card["quota"] == f"{plan['quota']} generations a month"
        assert card["features"] == plan["features"]
        assert card["buttons"] == [[plan["button"], f"{PARAMS['signUpURL']}?plan={plan['id']}", "choose_plan"]], \
            f"{plan['name']}: one button, to the app's sign-up with the plan, counted as choose_plan"


def test_plan_figures_are_written_only_in_the_data_file():
    sources = {path: path.read_text() for path in (harness.SITE_ROOT / "Content").rglob("*.md")}
    for plan in PLANS:
        figure = f"{plan['price']} a month"
        written = [str(path.relative_to(harness.SITE_ROOT)) for path, text in sources.items() if figure in text]
        assert not written, f"'{figure}' is typed in {written}: it belongs in Content/data/plans.yml alone"
