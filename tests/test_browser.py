"""The docs site and the backprop stepper page, opened in a real (headless) Chromium.

Chromium and chromedriver come from the system (tools/ensure_chromium.sh installs
Debian's packages during `make test` when run as root). Without them these tests
are skipped, unless MINIGRAD_REQUIRE_BROWSER=1 (CI), which makes that an error.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import minigrad as mg

# One worker runs them all: one browser and one site build, not one per worker.
pytestmark = pytest.mark.xdist_group("browser")

ROOT = Path(__file__).resolve().parents[1]
MIN_TEXT_PX = 9  # the smallest text height on screen we call legible


def _browser_paths() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    paths = _browser_paths()
    if paths is None:
        if os.environ.get("MINIGRAD_REQUIRE_BROWSER") == "1":
            pytest.fail("MINIGRAD_REQUIRE_BROWSER=1 but Chromium/chromedriver are missing "
                        "(tools/ensure_chromium.sh installs them)")
        pytest.skip("Chromium and chromedriver are not installed (tools/ensure_chromium.sh)")
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    # Offline machine: no background connections, no first-run, a fresh profile.
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=800,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options,
                              service=webdriver.ChromeService(executable_path=paths[1]))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The docs site, built with mkdocs and served on localhost; yields its address."""
    pytest.importorskip("mkdocs")
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out),
                            "-f", str(ROOT / "mkdocs.yml")], cwd=ROOT, capture_output=True,
                           text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert build.returncode == 0, build.stdout + build.stderr
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


def _by(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)


COUNTERS = {"en": "step {k} of {n}", "ko": "단계 {k}/{n}"}
CAPTIONS = {"en": "Step {k} of {n}", "ko": "단계 {k}/{n}"}


def _stepper_walk(driver, url: str, steps: int, lang: str = "en") -> None:
    """Buttons and arrow keys move through the steps; each step shows its picture.
    The page's words are in `lang` (backprop_steps(..., lang=lang))."""
    from selenium.webdriver.common.keys import Keys

    def _counter(driver) -> str:  # "step 2 of 7" as it reads in `lang`: (2, 7)
        match = re.fullmatch(COUNTERS[lang].format(k=r"(\d+)", n=r"(\d+)"),
                             _by(driver, "#counter").text)
        assert match, _by(driver, "#counter").text
        return f"step {match[1]} of {match[2]}"

    driver.get(url)
    assert driver.execute_script("return document.documentElement.lang") == lang
    assert _counter(driver) == f"step 1 of {steps}"
    assert _by(driver, "#caption").text.startswith(CAPTIONS[lang].format(k=1, n=steps))
    _by(driver, "#next").click()
    assert _counter(driver) == f"step 2 of {steps}"
    assert _by(driver, "#frame").get_attribute("src").endswith("step_002.svg")
    body = _by(driver, "body")
    body.send_keys(Keys.ARROW_RIGHT)
    assert _counter(driver) == f"step 3 of {steps}"
    body.send_keys(Keys.ARROW_LEFT)
    assert _counter(driver) == f"step 2 of {steps}"
    body.send_keys(Keys.END)
    assert _counter(driver) == f"step {steps} of {steps}"
    # The keys move through the steps and nothing else: End must not scroll the page away.
    assert driver.execute_script("return window.scrollY") == 0
    _by(driver, "#next").click()  # past the last step: stays there
    assert _counter(driver) == f"step {steps} of {steps}"
    body.send_keys(Keys.HOME)
    assert _counter(driver) == f"step 1 of {steps}"
    _by(driver, "#prev").click()
    assert _counter(driver) == f"step 1 of {steps}"
    loaded = driver.execute_script(
        "const i = document.getElementById('frame'); return i.complete && i.naturalWidth;")
    assert loaded and loaded > 0, "the step's picture did not load"


def test_the_stepper_a_user_makes_moves_with_buttons_and_arrow_keys(browser, tmp_path):
    x = mg.tensor([1.0, -2.0], requires_grad=True, name="x")
    w = mg.tensor([0.5, 0.25], requires_grad=True, name="w")
    loss = (x * w).sum().exp()
    loss.name = "L"
    folder = tmp_path / "steps"
    mg.viz.backprop_steps(loss, str(folder))
    steps = len(list(folder.glob("step_*.svg")))
    assert steps >= 3
    _stepper_walk(browser, (folder / "index.html").as_uri(), steps)


def test_the_stepper_on_the_docs_site(browser, site):
    index = ROOT / "docs/assets/backprop/steps/index.html"
    steps = len(re.findall(r'"file": "step_\d+\.svg"', index.read_text(encoding="utf-8")))
    _stepper_walk(browser, f"{site}/assets/backprop/steps/index.html", steps)


def test_the_korean_stepper_a_user_makes(browser, tmp_path):
    x = mg.tensor([1.0, -2.0], requires_grad=True, name="x")
    w = mg.tensor([0.5, 0.25], requires_grad=True, name="w")
    loss = (x * w).sum().exp()
    folder = tmp_path / "steps"
    mg.viz.backprop_steps(loss, str(folder), lang="ko")
    steps = len(list(folder.glob("step_*.svg")))
    assert steps >= 3
    _stepper_walk(browser, (folder / "index.html").as_uri(), steps, lang="ko")
    assert _by(browser, "#prev").text == "← 이전" and _by(browser, "h1").text == "역전파, 한 단계씩"


def test_the_korean_stepper_on_the_docs_site(browser, site):
    index = ROOT / "docs/assets/backprop/steps_ko/index.html"
    steps = len(re.findall(r'"file": "step_\d+\.svg"', index.read_text(encoding="utf-8")))
    _stepper_walk(browser, f"{site}/assets/backprop/steps_ko/index.html", steps, lang="ko")


def test_the_language_switch_reaches_the_korean_pages(browser, site):
    browser.get(f"{site}/tutorial/05-cross-entropy/")
    assert browser.execute_script("return document.documentElement.lang") == "en"
    korean = [a for a in browser.find_elements("css selector", "a[hreflang]")
              if a.get_attribute("hreflang") == "ko"]
    assert korean, "no link to the Korean page in the language switch"
    browser.get(korean[0].get_attribute("href"))  # the menu opens on hover: follow its link
    assert "/ko/tutorial/05-cross-entropy/" in browser.current_url
    assert browser.execute_script("return document.documentElement.lang") == "ko"
    assert re.search("[가-힣]", _by(browser, "h1").text), "the Korean page's title is not Korean"


def _graph_images(browser) -> list:
    return [img for img in browser.find_elements("css selector", "article img")
            if (img.get_attribute("src") or "").endswith(".svg")]


@pytest.mark.parametrize("page", ["tutorial/06-network-loss/", "tutorial/07-maximum-likelihood/",
                                  "getting-started/"])
def test_a_graph_on_a_page_is_legible_at_800px(browser, site, page, tmp_path):
    browser.get(f"{site}/{page}")
    images = _graph_images(browser)
    assert images, f"{page} shows no graph picture"
    for img in images:
        browser.execute_script("arguments[0].scrollIntoView();", img)
        shown, natural = browser.execute_script(
            "return [arguments[0].getBoundingClientRect().width, arguments[0].naturalWidth];",
            img)
        assert natural > 0, f"{img.get_attribute('src')} did not load"
        svg = _fetch(site, img.get_attribute("src"))
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
        assert sizes, "no text in the graph"
        # Font sizes are in the picture's own units, those of its viewBox (graphviz: points).
        view_width = float(re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', svg)[1])
        smallest = min(sizes) * shown / view_width  # CSS px on screen
        png = tmp_path / (Path(img.get_attribute("src")).stem + ".png")
        img.screenshot(str(png))  # kept for a person to look at when this fails
        assert smallest >= MIN_TEXT_PX, (
            f"{img.get_attribute('src')} on {page}: its smallest text is {smallest:.1f} px "
            f"high at this page's width (shown {shown:.0f} px wide of {natural} px); "
            f"see {png}")


def _fetch(site: str, src: str) -> str:
    import urllib.request

    url = src if src.startswith("http") else f"{site}/{src.lstrip('/')}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")
