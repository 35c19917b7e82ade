"""The web client in a real browser: headless Chromium opens the pages ``simulator serve``
serves itself, at a laptop's size (1280×800) and a phone's (390×844, mobile emulation).

One class (one server process) and two browsers serve the whole module, and the tests
follow one lesson in order: the landing page refuses a wrong code and joins with a typed
one (the United States, on the laptop), whose page reflows with text at 200%; the phone
joins China by its link and fits a 360 px screen; the teacher resumes the table (the
computer plays the other seats); a statement made on the laptop (its form opened by its
key) arrives on the phone and is announced there; the United States proposes through
the form, whose preview names the red line a text crosses; China calls the vote and both
pages vote; the projector's page is sent no private number, whole or in changes; the page
puts views together from changes as the server's ``diff`` cuts them; the server is killed and
started again and the phone's page joins again by itself. axe-core finds no serious or
critical violation in any state, and every request either browser made went to the
server itself. Needs Debian's ``chromium`` and ``chromium-driver``; skipped without them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.net.browsers import CHROMIUM, DRIVER, chromium
from tests.net.ports import free_port

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None or DRIVER is None, reason="needs chromium and chromium-driver"
    ),
    pytest.mark.xdist_group("browser"),  # on one worker, in order: the tests follow a lesson
]

WAIT = 60.0
"""The longest a step waits for the page (a move goes round the server in milliseconds;
the computer seats between two human turns take a few of its paces)."""


class Lesson:
    """``simulator serve`` in its own process, as a teacher starts it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.codes_file = folder / "codes.json"
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        """Start the server; returns once it says it serves."""
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "simulator",
                "serve",
                "--tables",
                "2",
                "--port",
                str(self.port),
                "--codes",
                str(self.codes_file),
                "--folder",
                str(self.folder / "class"),
                "--pace",
                "0.05",
                "--rounds",
                "8",
                "--chair",
                "teacher",  # the lesson's moves are the seats'; the computer chairs nothing
            ],
            env={**os.environ, "SIMULATOR_DATA": str(self.folder / "data")},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("Press Ctrl-C"):
                return
        raise AssertionError(f"the server did not start (exit {self.process.wait()})")

    def kill(self) -> None:
        """Kill the server outright (SIGKILL), as a crash would."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(20)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)

    @property
    def codes(self) -> dict[str, Any]:
        return dict(json.loads(self.codes_file.read_text()))


class Page:
    """One browser, with what it has sent and been sent kept across the tests."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.network: list[dict[str, Any]] = []

    def wait(self, condition: Callable[[], Any], what: str) -> Any:
        """Wait for ``condition`` to hold in the page (selenium re-checks it)."""
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.browser, WAIT).until(lambda _: condition())
        except TimeoutException:
            shown = self.text("main")[:3000]
            raise AssertionError(f"gave up waiting: {what}; the page shows:\n{shown}") from None

    def text(self, selector: str = "body") -> str:
        """The text shown in the elements ``selector`` finds (hidden ones say nothing)."""
        found = self.browser.find_elements("css selector", selector)
        return "\n".join(str(e.text) for e in found if e.text)

    def button(self, words: str) -> Any:
        """The enabled button whose text starts with ``words``, or None."""
        for button in self.browser.find_elements("css selector", "button"):
            if button.is_displayed() and button.is_enabled() and button.text.startswith(words):
                return button
        return None

    def press(self, words: str) -> None:
        button = self.wait(lambda: self.button(words), f"a button '{words}'")
        button.click()

    def events(self) -> list[dict[str, Any]]:
        """Every network event of the browser so far."""
        for entry in self.browser.get_log("performance"):
            self.network.append(json.loads(entry["message"])["message"])
        return self.network

    def frames(self) -> list[dict[str, Any]]:
        """Every WebSocket message the latest page's connection has been sent, decoded."""
        events = self.events()
        sockets = [
            e["params"]["requestId"] for e in events if e["method"] == "Network.webSocketCreated"
        ]
        return [
            json.loads(e["params"]["response"]["payloadData"])
            for e in events
            if e["method"] == "Network.webSocketFrameReceived"
            and e["params"]["requestId"] == sockets[-1]
        ]

    def scrolls_sideways(self) -> bool:
        return bool(
            self.browser.execute_script(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
        )

    def axe(self, state: str) -> None:
        """axe-core finds no serious or critical violation in the page as it is now."""
        from axe_selenium_python import Axe

        axe = Axe(self.browser)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, f"{state}: " + axe.report(bad)


@pytest.fixture(scope="module")
def lesson(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lesson]:
    running = Lesson(tmp_path_factory.mktemp("lesson"))
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def laptop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    browser = chromium(tmp_path_factory.mktemp("laptop"), 1280, 800, phone=False)
    yield Page(browser)
    browser.quit()


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    browser = chromium(tmp_path_factory.mktemp("phone"), 390, 844, phone=True)
    yield Page(browser)
    browser.quit()


def chair(lesson: Lesson, message: dict[str, Any]) -> None:
    """The teacher's console sends one message (a WebSocket client of its own)."""
    from websockets.sync.client import connect

    with connect(f"ws://127.0.0.1:{lesson.port}") as teacher:
        teacher.send(
            json.dumps({"type": "hello", "protocol": "1.2", "code": lesson.codes["chair"]})
        )
        while json.loads(teacher.recv(WAIT))["type"] != "codes":
            pass
        teacher.send(json.dumps({"type": "chair", **message}))
        # the server answers a refused action with an error; a done one with views
        reply = json.loads(teacher.recv(WAIT))
        assert reply["type"] != "error", reply


def test_the_landing_page_refuses_a_wrong_code_and_joins_with_a_typed_one(
    lesson: Lesson, laptop: Page
) -> None:
    laptop.browser.get(lesson.base + "/")
    assert laptop.browser.title == "Join the negotiation"
    laptop.axe("the landing page")
    field = laptop.browser.find_element("id", "code")
    field.send_keys("zzzzz-zzzzz")
    laptop.press("Join")
    laptop.wait(lambda: "no seat has that code" in laptop.text("#join-problem"), "refused")
    laptop.axe("the landing page after a wrong code")
    field.clear()
    field.send_keys(lesson.codes["tables"]["t1"]["usa"].upper())
    laptop.press("Join")
    laptop.wait(lambda: laptop.text("h1") == "United States", "the seat's page")
    laptop.wait(lambda: "It is your turn" in laptop.text("#turn"), "the floor")
    assert "Your satisfaction with the draft" in laptop.text("#brief")
    assert "Priority: " in laptop.text("#brief")
    laptop.axe("a seat's page")
    # text at twice its size still reflows into the window: nothing is cut off sideways
    laptop.browser.execute_script("document.documentElement.style.fontSize = '200%'")
    assert not laptop.scrolls_sideways()
    laptop.browser.execute_script("document.documentElement.style.fontSize = ''")


def test_a_phone_joins_by_its_link_and_fits_a_small_screen(lesson: Lesson, phone: Page) -> None:
    phone.browser.get(lesson.codes["links"]["tables"]["t1"]["china"])
    phone.wait(lambda: phone.text("h1") == "China", "the seat's page")
    phone.wait(lambda: "Waiting for United States" in phone.text("#turn"), "waiting")
    assert not phone.scrolls_sideways()
    phone.browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 360, "height": 740, "deviceScaleFactor": 3, "mobile": True},
    )
    assert phone.browser.execute_script("return window.innerWidth") == 360
    assert not phone.scrolls_sideways()
    phone.axe("a seat's page on a phone")


def test_a_statement_on_the_laptop_arrives_on_the_phone(
    lesson: Lesson, laptop: Page, phone: Page
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    chair(lesson, {"action": "resume", "table": "t1"})
    ActionChains(laptop.browser).send_keys("s").perform()  # the key opens the form too
    box = laptop.wait(lambda: laptop.browser.find_element("id", "statement-text"), "the form")
    assert laptop.browser.switch_to.active_element == box  # the form takes the focus
    laptop.axe("the statement form")
    box.send_keys("Verification remains paramount for us.")
    laptop.press("Say it")
    laptop.wait(lambda: "Saved" in laptop.text("#move-status"), "the move saved")
    phone.wait(
        lambda: "Verification remains paramount for us." in phone.text("#transcript"),
        "the statement on the other seat's page",
    )
    assert "Verification remains paramount for us." in str(
        phone.browser.execute_script("return document.getElementById('announce').textContent")
    )
    phone.wait(lambda: "It is your turn" in phone.text("#turn"), "China's turn")
    phone.press("Pass")
    phone.wait(lambda: "Saved" in phone.text("#move-status"), "the pass saved")


def test_a_proposal_through_the_form_with_its_preview(laptop: Page) -> None:
    from selenium.webdriver.support.ui import Select

    laptop.wait(lambda: laptop.button("Propose") or laptop.button("Amend"), "a motion move")
    (laptop.button("Propose") or laptop.button("Amend")).click()
    verification = Select(
        laptop.wait(lambda: laptop.browser.find_element("id", "term-verification"), "the form")
    )
    verification.select_by_visible_text("Voluntary national reporting")
    laptop.wait(lambda: "crosses one of your red lines" in laptop.text("#preview"), "the preview")
    assert "verification remains paramount" in laptop.text("#preview")
    assert "Verification: Voluntary national reporting crosses its red line" in laptop.text(
        "#preview"
    )
    laptop.axe("the proposal form with its preview")
    verification.select_by_visible_text("Inspections by an international agency")
    laptop.wait(lambda: "red line" not in laptop.text("#preview"), "the preview again")
    assert "Your satisfaction with this text" in laptop.text("#preview")
    laptop.press("Table it")
    laptop.wait(lambda: "Saved" in laptop.text("#move-status"), "the proposal saved")
    laptop.wait(
        lambda: "Inspections by an international agency" in laptop.text("#motion"), "the motion"
    )


def test_china_calls_the_vote_and_both_pages_vote(laptop: Page, phone: Page) -> None:
    phone.press("Call the vote")
    voted: set[str] = set()

    def ballots() -> bool:
        for name, page in (("usa", laptop), ("china", phone)):
            if name not in voted and page.button("Vote for"):
                page.axe("a ballot")
                page.press("Vote for")
                page.wait(lambda p=page: "Saved" in p.text("#move-status"), "the ballot saved")  # type: ignore[misc]
                voted.add(name)
        return voted == {"usa", "china"}

    laptop.wait(ballots, "both ballots cast")
    phone.wait(lambda: "China supports the motion" in phone.text("#transcript"), "the ballot told")


def test_the_projector_is_sent_no_private_number(lesson: Lesson, laptop: Page) -> None:
    laptop.browser.get(lesson.codes["links"]["projector"])
    laptop.wait(lambda: laptop.browser.find_elements("css selector", ".board"), "the boards")
    assert "Table t1" in laptop.text(".boards")
    laptop.axe("the projector, every table")
    laptop.press("Table t2")
    laptop.wait(lambda: "Table t1" not in laptop.text(".boards"), "one table")
    laptop.axe("the projector, one table")
    frames = laptop.frames()
    views = [f for f in frames if f.get("type") == "view"]
    assert {v["table"] for v in views} == {"t1", "t2"}
    for frame in views:
        assert "title" in frame["view"]  # the public view itself, not a seat's or the chair's
    for frame in (f for f in frames if f.get("type") in ("view", "view_delta")):
        text = json.dumps(frame)
        for private in ("brief", "satisfaction", "walk_away", "could_sign", "injects"):
            assert private not in text


def test_the_page_puts_views_together_as_the_server_cut_them(laptop: Page) -> None:
    """The page's ``applied`` (connection.js) makes each old value into the new one from
    the changes the server's ``diff`` works out, for values of every shape, leaving the
    old one as it was."""
    import random

    from simulator.net.deltas import diff

    rng = random.Random(7)

    def value(depth: int = 0) -> Any:
        kind = rng.randrange(6 if depth < 3 else 3)
        if kind == 0:
            return rng.choice([None, True, False, 0, 1, 2.5, "", "a", "b"])
        if kind in (1, 2):
            return rng.randrange(3)
        if kind == 3:
            return [value(depth + 1) for _ in range(rng.randrange(5))]
        if kind == 4:
            return {k: value(depth + 1) for k in rng.sample("abcde", rng.randrange(4))}
        items = [{"move": n} for n in range(rng.randrange(8))]
        return {"lines": items, "x": value(depth + 1)}

    def changed(old: Any) -> Any:
        if isinstance(old, dict) and "lines" in old and rng.random() < 0.7:
            cut = rng.randrange(len(old["lines"]) + 1)
            more = [{"move": 100 + n} for n in range(rng.randrange(3))]
            return {**old, "lines": old["lines"][cut:] + more}
        return value() if rng.random() < 0.5 else old

    cases = []
    for _ in range(200):
        old = value()
        new = changed(old)
        cases.append([old, diff(old, new), new])
    script = (
        "const [cases, done] = arguments;"
        "import('/connection.js').then((m) => done(cases.map(([old, changes]) => {"
        "  const before = JSON.stringify(old);"
        "  const made = m.applied(old, changes);"
        "  return [made, JSON.stringify(old) === before];"
        "})), (error) => done(String(error)));"
    )
    results = laptop.browser.execute_async_script(script, cases)
    assert isinstance(results, list), results
    for (old, changes, new), (made, unchanged) in zip(cases, results, strict=True):
        assert made == new, (old, changes)
        assert unchanged


def test_the_phone_joins_again_after_the_server_is_killed(lesson: Lesson, phone: Page) -> None:
    before = phone.text("#transcript")
    lesson.kill()
    phone.wait(lambda: "joining again" in phone.text("#link-state"), "the page sees it go")
    phone.axe("a seat's page joining again")
    lesson.start()
    phone.wait(lambda: phone.text("#link-state") == "Connected", "joined again")
    phone.wait(lambda: phone.text("h1") == "China", "the same seat")
    assert "Verification remains paramount for us." in phone.text("#transcript")
    assert before.splitlines()[-1] in phone.text("#transcript")


def test_every_request_went_to_the_server_itself(lesson: Lesson, laptop: Page, phone: Page) -> None:
    itself = tuple(
        f"{scheme}://{host}:{lesson.port}/"
        for scheme in ("http", "ws")
        for host in ("127.0.0.1", "localhost")
    )
    for page in (laptop, phone):
        urls = [
            e["params"].get("request", {}).get("url") or e["params"].get("url")
            for e in page.events()
            if e["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated")
        ]
        # the browser's own pages (chrome://, about:) are not requests to any network
        urls = [u for u in urls if u.startswith(("http:", "https:", "ws:", "wss:"))]
        assert len(urls) > 5
        for url in urls:
            assert url.startswith(itself), url
