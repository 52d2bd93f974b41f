"""kg viz pages in a real headless Chromium (Debian's chromium + chromedriver, driven by selenium).

Each page opens from a file with the network emulated offline and a proxy that leads nowhere; the
tests assert no console message, no request but the page itself, the rendered node and edge counts,
search, filters and that text from a hostile article never runs as script.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from kg.claims import Article, Claim, Entity, Evidence, Extractor
from kg.drawable import graph_from_claims
from kg.html import LAYOUT_THRESHOLD, render
from kg.schema import Schema

pytestmark = pytest.mark.slow

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--proxy-server=http://127.0.0.1:9",  # anything that escapes the offline emulation goes nowhere
    "--window-size=1400,900",
]
SCHEMA = Schema.load()
TOOL = Extractor("test", "1")
SWE = Entity("SWE", "Sweden", "Country")
FIN = Entity("FIN", "Finland", "Country")
RUS = Entity("RUS", "Russia", "Country")
NATO = Entity("NATO", "NATO", "Organization")
BALTIC = Entity("region:baltic-sea", "Baltic Sea", "Region")
HOSTILE = (
    'Sweden <img src=x onerror="window.__pwned=1"> joined '
    "</script><script>window.__pwned=2</script> NATO."
)


def article(n: int, published: str, title: str | None = None) -> Article:
    return Article(f"b{n}", title=title or f"Dispatch {n}", url=f"https://news.example/b{n}",
                   published=published, source="Wire", lang="en")  # fmt: skip


def claim(subject, predicate, obj, where, sentence, **extra) -> Claim:
    evidence = Evidence(sentence, 0, len(sentence), "en")
    return Claim(subject, predicate, obj, evidence, where, TOOL, **extra)


CLAIMS = [
    claim(SWE, "MEMBER_OF", NATO, article(1, "2024-03-07"), "Sweden became NATO's 32nd member."),
    claim(FIN, "MEMBER_OF", NATO, article(2, "2023-04-04"), "Finland joined the alliance."),
    claim(RUS, "THREATENS", FIN, article(2, "2023-04-04"), "Moscow warned Helsinki of measures."),
    claim(SWE, "COOPERATES_WITH", FIN, article(3, "2024-05-01"), "Stockholm and Helsinki work "
          "together.", confidence=0.4),
    claim(RUS, "CONCERNED_ABOUT", BALTIC, article(3, "2024-05-01"), "Russia voiced alarm about "
          "the Baltic."),
]  # fmt: skip


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail(
            "Chromium not installed; install it with: apt-get install chromium chromium-driver"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    yield driver
    driver.quit()


def open_page(browser, path: Path) -> tuple[list[dict], list[str]]:
    """Open a page and wait for its settled first render; return console messages and requests."""
    browser.get("about:blank")
    browser.get_log("browser"), browser.get_log("performance")  # drop what came before
    browser.get(path.as_uri())
    for _ in range(600):
        if browser.execute_script("return window.kgReady === true"):
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"{path} never reported a settled render")
    events = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    requests = [
        e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"
    ]
    return browser.get_log("browser"), requests


def write_page(tmp_path: Path, claims: list[Claim], name: str = "graph.html") -> Path:
    path = tmp_path / name
    path.write_text(render(graph_from_claims(claims, schema=SCHEMA), schema=SCHEMA), "utf-8")
    return path


def counts(browser) -> list[int]:
    return browser.execute_script(
        "var b = kgGraph.network.body; return [b.nodeIndices.length, b.edgeIndices.length];"
    )


def test_page_renders_offline_with_no_error_and_no_request(browser, tmp_path):
    path = write_page(tmp_path, CLAIMS)
    console, requests = open_page(browser, path)
    assert console == []
    assert [url for url in requests if not url.startswith("data:")] == [path.as_uri()]
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert counts(browser) == [5, 5]
    assert browser.find_element(By.ID, "kg-status").text == (
        "Showing 5 of 5 entities and 5 of 5 relations."
    )
    browser.save_screenshot(str(tmp_path / "graph.png"))
    assert (tmp_path / "graph.png").stat().st_size > 10_000


def test_search_box_finds_an_actor_and_highlights_its_neighbourhood(browser, tmp_path):
    open_page(browser, write_page(tmp_path, CLAIMS))
    box = browser.find_element(By.ID, "kg-search")
    box.send_keys("finl", Keys.ENTER)
    assert browser.find_element(By.ID, "kg-status").text == "Found Finland (FIN)."
    assert browser.execute_script("return kgGraph.network.getSelectedNodes()") == ["FIN"]
    greyed = browser.execute_script(
        "return kgGraph.nodes.get().filter(function (n) { return n.color !== n.kg.color; })"
        ".map(function (n) { return n.id; }).sort()"
    )
    assert greyed == ["region:baltic-sea"]  # every other entity is a neighbour of Finland
    box.clear()
    box.send_keys("Atlantis", Keys.ENTER)
    assert browser.find_element(By.ID, "kg-status").text == "No shown entity matches “Atlantis”."


def test_family_and_date_filters_hide_relations_in_the_page(browser, tmp_path):
    open_page(browser, write_page(tmp_path, CLAIMS))
    browser.find_element(By.CSS_SELECTOR, "#kg-families input[data-family=structural]").click()
    assert counts(browser) == [4, 3]  # both MEMBER_OF gone: NATO has no edge left
    assert browser.execute_script("return kgGraph.nodeView.getIds().sort()") == [
        "FIN", "RUS", "SWE", "region:baltic-sea"
    ]  # fmt: skip
    browser.find_element(By.CSS_SELECTOR, "#kg-families input[data-family=structural]").click()
    browser.execute_script(
        "var d = document.getElementById('kg-date-from'); d.value = '2024-01-01';"
        "d.dispatchEvent(new Event('change'));"
    )
    shown = (
        "return kgGraph.edgeView.get().map(function (e) {"
        " return e.from + ' ' + e.kg.predicate + ' ' + e.to; }).sort()"
    )
    assert browser.execute_script(shown) == [
        "FIN COOPERATES_WITH SWE", "RUS CONCERNED_ABOUT region:baltic-sea", "SWE MEMBER_OF NATO"
    ]  # fmt: skip


@pytest.mark.issue(6)
def test_hostile_article_text_never_runs(browser, tmp_path):
    where = article(9, "2024-03-07", title='<img src=x onerror="window.__pwned=3">Report')
    where = replace(where, url="javascript:window.__pwned=5")
    hostile = [
        claim(SWE, "MEMBER_OF", NATO, where, HOSTILE),
        claim(Entity("group:x", "<b onmouseover=alert(1)>X</b>", "Group"), "SUPPORTS", SWE, where,
              "</script><img src=x onerror=window.__pwned=4>", ),
    ]  # fmt: skip
    console, requests = open_page(browser, write_page(tmp_path, hostile))
    # Open the evidence of every edge in the side panel, as a click would.
    browser.execute_script(
        "kgGraph.edges.getIds().forEach(function (id) {"
        " kgGraph.network.body.emitter.emit('click', {nodes: [], edges: [id]}); });"
    )
    browser.execute_script("kgGraph.search('x');")
    assert browser.execute_script(
        "return kgGraph.edges.get().concat(kgGraph.nodes.get())"
        ".every(function (item) { return item.title instanceof HTMLElement; })"
    )  # vis-network would render a string title as HTML
    assert browser.execute_script("return document.querySelectorAll('a').length") == 0
    assert browser.execute_script("return window.__pwned") is None
    assert browser.execute_script("return document.images.length") == 0
    assert console == []
    assert [url for url in requests if not url.startswith("data:")] == [browser.current_url]
    assert counts(browser) == [3, 2]
    assert (
        browser.execute_script(
            "kgGraph.network.body.emitter.emit('click', {nodes: [], edges: ['e0']});"
            "return document.querySelector('#kg-details q').textContent"
        )
        == HOSTILE
    )


def test_a_large_graph_opens_with_its_precomputed_layout(browser, tmp_path):
    people = [
        Entity(f"person:p{i}", f"Person {i}", "Person") for i in range(LAYOUT_THRESHOLD + 100)
    ]
    where = article(1, "2024-01-01")
    ring = [claim(p, "MEETS", people[(i + 1) % len(people)], where, f"Meeting {i}.")
            for i, p in enumerate(people)]  # fmt: skip
    console, _ = open_page(browser, write_page(tmp_path, ring))
    assert console == []
    assert counts(browser) == [len(people), len(people)]
    assert browser.execute_script("return kgGraph.network.physics.physicsEnabled") is False
