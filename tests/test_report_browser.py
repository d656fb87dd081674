"""The HTML brief opened in headless Chromium: no console errors, every image decodes."""

import shutil
from pathlib import Path

import pytest

from sumsel_analysis.report import appendix_for, build_content, render_html
from sumsel_analysis.report.content import figures

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["id", "en"])
def test_html_renders_without_console_errors(tmp_path, lang):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium missing: run `make browser` (the test target does)"
    c = build_content([ROOT / "scenarios" / "combined_mandate_subsidy_csr.yaml"], n_draws=50)
    path = tmp_path / f"brief_{lang}.html"
    path.write_text(render_html(c, figures(c, lang), appendix_for(c), lang), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        errors, failed = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        broken = page.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).length")
        n_images = page.evaluate("document.images.length")
        title = page.title()
        browser.close()
    assert errors == [] and failed == []
    assert n_images >= 7 and broken == 0
    assert ("Sumatera Selatan" if lang == "id" else "South Sumatra") in title
