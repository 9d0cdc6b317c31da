"""The dashboard page in a real headless browser (Debian's Chromium, driven by Playwright): it
loads with no console errors, logs in with a bearer token, and shows the hand-counted figures of
`dataset.py` in its charts, suppressed cells as "<5". Screenshots (screen and print) are kept in
test-artifacts/."""

import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.stuurinformatie import dataset
from tests.stuurinformatie.conftest import Token

CHROMIUM = os.environ.get("ZL_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def chromium() -> str:
    # The system's Chromium (the Makefile installs it); never a browser downloaded by Playwright.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} ontbreekt: `make test` installeert het pakket chromium"
    return CHROMIUM


@pytest.fixture(scope="module")
async def browser(chromium: str) -> AsyncIterator[Browser]:
    async with async_playwright() as p:
        b = await p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield b
        await b.close()


async def _pagina(browser: Browser, si_url: str, fouten: list[str]) -> Page:
    page = await browser.new_page(viewport={"width": 1366, "height": 900})
    page.on("console", lambda m: fouten.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: fouten.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: fouten.append(f"requestfailed: {r.url}"))
    await page.goto(f"{si_url}/dashboard")
    return page


async def _inloggen(page: Page, token: str, **velden: str) -> None:
    await page.fill("#token", token)
    for naam, waarde in velden.items():
        if naam == "regeling":
            await page.select_option("#regeling", waarde)
        else:
            await page.fill(f"#{naam}", waarde)
    await page.evaluate("delete document.body.dataset.geladen")
    await page.click("button[type=submit]")
    await page.wait_for_selector("body[data-geladen]")


async def _staven(page: Page, grafiek: str) -> dict[str, list[str]]:
    """Per bar its label and the values of its parts, as drawn."""
    return dict(
        await page.eval_on_selector_all(
            f"#{grafiek} g.staaf",
            "gs => gs.map(g => [g.dataset.label, [...g.querySelectorAll('rect')].map(r => r.dataset.waarde)])",
        )
    )


async def test_dashboard_toont_de_cijfers(
    browser: Browser, si_url: str, token: Token, artifacts: Path, si: httpx.AsyncClient
) -> None:
    fouten: list[str] = []
    page = await _pagina(browser, si_url, fouten)
    assert await page.title() == "Stuurinformatie Tozo en Bbz"
    assert await page.is_hidden("#dashboard")
    bearer = token("teamleider", gemeenten=(dataset.GEMEENTE,))["Authorization"].removeprefix("Bearer ")
    await _inloggen(
        page, bearer, gemeente=dataset.GEMEENTE, regeling=dataset.TOZO, vanaf="2020-04-01", tot="2020-04-30"
    )
    assert await page.get_attribute("body", "data-geladen") == "ja", await page.text_content("#melding")

    assert await _staven(page, "grafiek-instroom") == {"W15": ["7"], "W16": ["8"]}
    assert await _staven(page, "grafiek-besluiten") == {"W16": ["5", "<5", "<5"]}
    assert await _staven(page, "grafiek-werkvoorraad") == {
        "Ontvangen": ["<5"],
        "Te controleren": ["<5"],
        "Hersteltermijn": ["5"],
        "Te beoordelen": ["<5"],
    }
    assert await _staven(page, "grafiek-doorlooptijd") == {"0-7": ["5"], "8-14": ["<5"]}
    assert await _staven(page, "grafiek-bedragen") == {"2020-04": ["490000"]}
    assert "€ 4.900" in await page.text_content("#grafiek-bedragen")
    assert await _staven(page, "grafiek-wijk") == {"Binnenstad": ["6"], "Keizerslanden": ["5"], "onbekend": ["<5"]}
    assert await _staven(page, "grafiek-sector") == {
        "F Bouw": ["<5"],
        "I Horeca": ["6"],
        "R Cultuur, sport en recreatie": ["5"],
        "Onbekend": ["<5"],
    }
    assert await _staven(page, "grafiek-leeftijd") == {
        "t/m 25": ["<5"],
        "26 t/m 30": ["5"],
        "36 t/m 45": ["5"],
        "56 t/m 65": ["<5"],
    }
    assert await _staven(page, "grafiek-verwijzingen") == {"coaching": ["<5"], "schuldhulp": ["5"]}
    tegels = dict(
        await page.eval_on_selector_all(
            ".tegel", "ts => ts.map(t => [t.dataset.tegel, t.querySelector('.waarde').textContent])"
        )
    )
    assert tegels == {
        "Ontvangen": "15",
        "Besloten (zonder intrekking)": "6",
        "Doorlooptijd mediaan": "7 dagen",
        "Doorlooptijd 90e percentiel": "8 dagen",
        "Binnen streeftermijn": "83,3%",
        "Binnen wettelijke termijn": "100%",
        "Werkvoorraad nu": "≥ 5",
    }
    herstel = await page.text_content("#grafiek-herstel")
    assert "Aanvragen met een herstelverzoek7" in herstel and "Aangevuld<5" in herstel
    await page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)

    # Printable: the login and filters disappear, the charts stay.
    await page.emulate_media(media="print")
    assert await page.is_hidden("#filters") and await page.is_visible("#grafiek-instroom svg")
    await page.screenshot(path=str(artifacts / "dashboard-print.png"), full_page=True)
    assert fouten == []

    # Every asset came from the service itself, under a policy that allows nothing else.
    r = await si.get("/dashboard")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "://" not in r.text
    assert (await si.get("/dashboard/favicon.svg")).headers["content-type"] == "image/svg+xml"
    for asset in ("/dashboard/dashboard.js", "/dashboard/dashboard.css"):
        assert (await si.get(asset)).status_code == 200
    assert (await si.get("/dashboard/geheim.txt")).status_code == 404
    await page.close()


async def test_dashboard_met_fout_token(browser: Browser, si_url: str, token: Token) -> None:
    fouten: list[str] = []
    page = await _pagina(browser, si_url, fouten)
    await _inloggen(page, "geen-echt-token", gemeente=dataset.GEMEENTE)
    assert await page.get_attribute("body", "data-geladen") == "fout"
    assert "ongeldig of verlopen" in (await page.text_content("#melding") or "")
    assert await page.is_hidden("#dashboard")
    # A token of another municipality: the API's refusal, in Dutch, on the page.
    ander = token("teamleider", gemeenten=(dataset.ANDERE,))["Authorization"].removeprefix("Bearer ")
    await _inloggen(page, ander, gemeente=dataset.GEMEENTE)
    assert "geen toegang" in (await page.text_content("#melding") or "")
    # The browser logs a failed fetch (401, 403) as a console error; nothing else may appear.
    assert all("401" in f or "403" in f for f in fouten), fouten
    await page.close()
