"""The teacher's console in a real browser: headless Chromium at a laptop's size
(1280×800) and a phone's (390×844, then 360 wide), on one class of two tables that
``simulator serve --chair teacher`` runs in its own process.

The tests follow one lesson in order: the teacher joins by the teacher's link and sees
every table and the codes (printed, the codes alone), and a delegation on two devices;
pauses and resumes a table from its card; closes the openings and tables the
facilitator's text after changing one term of it; calls the vote; reads an inject's
prompt and effects before firing it, then fires one at every table; ends a table after a
confirmation that names it; and releases the debriefs to the seats after another. The
phone shows the same console without scrolling sideways at 360 px. axe-core finds no
serious or critical violation in any state, and screenshots of the console at 390 and
1280 px are written to ``$CONSOLE_SHOTS`` when it is set. Needs Debian's ``chromium``
and ``chromium-driver``; skipped without them.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.net.browsers import CHROMIUM, DRIVER, chromium
from tests.net.test_browser import WAIT, Lesson, Page
from tests.net.test_browser import laptop as laptop  # the fixture
from tests.net.test_browser import lesson as lesson  # the fixture

pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None or DRIVER is None, reason="needs chromium and chromium-driver"
    ),
    pytest.mark.xdist_group("browser"),  # on one worker, in order: the tests follow a lesson
]


def shot(page: Page, name: str, width: int | None = None) -> None:
    """A screenshot of the whole page at ``width`` (default: the window's), where
    ``CONSOLE_SHOTS`` says (for looking at)."""
    folder = os.environ.get("CONSOLE_SHOTS")
    if not folder:
        return
    browser = page.browser
    width = width or int(browser.execute_script("return window.innerWidth"))
    height = int(browser.execute_script("return document.documentElement.scrollHeight"))
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    browser.execute_script("window.scrollTo(0, 0)")
    Path(folder).mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(Path(folder) / f"console-{name}.png"))
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def card(page: Page, table: str) -> str:
    return page.text(f"#card-{table}")


def test_the_teacher_joins_by_link_and_sees_every_table(lesson: Lesson, laptop: Page) -> None:
    laptop.browser.get(lesson.codes["links"]["chair"])
    laptop.wait(lambda: laptop.text("h1") == "Teacher's console", "the console")
    laptop.wait(lambda: "Agreed" in card(laptop, "t1") and "Agreed" in card(laptop, "t2"), "cards")
    assert "paused" in card(laptop, "t1")
    assert "the teacher chairs" in card(laptop, "t2")
    laptop.wait(lambda: lesson.codes["tables"]["t2"]["usa"] in laptop.text("#codes"), "codes")
    assert lesson.codes["links"]["projector"] in laptop.text("#codes")
    assert laptop.text("#chosen-title") == "Table t1"
    laptop.axe("the console")
    # printed, the page is the codes and links alone
    laptop.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not laptop.browser.find_element("id", "overview").is_displayed()
    assert lesson.codes["tables"]["t1"]["china"] in laptop.text("#codes")
    laptop.browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert laptop.browser.find_element("id", "overview").is_displayed()
    # a delegation team on two devices at t2: the card counts the person and the devices
    from websockets.sync.client import connect

    address = f"ws://127.0.0.1:{lesson.port}"
    hello = {"type": "hello", "protocol": "1.2", "code": lesson.codes["tables"]["t2"]["usa"]}
    with connect(address) as one, connect(address) as two:
        for device in (one, two):
            device.send(json.dumps(hello))
            assert json.loads(device.recv(WAIT))["type"] == "welcome"
        laptop.wait(lambda: "1 of 1 here on 2 devices" in card(laptop, "t2"), "two devices")
    laptop.wait(lambda: "0 of 1 here" in card(laptop, "t2"), "both devices gone")


def test_the_teacher_pauses_and_resumes_a_table(laptop: Page) -> None:
    # t2 (t1 stays paused in its openings for the chair's tools below)
    laptop.press("Resume t2")
    laptop.wait(lambda: "running" in card(laptop, "t2"), "t2 running")
    assert "paused" in card(laptop, "t1")
    laptop.press("Pause t2")
    laptop.wait(lambda: "paused" in card(laptop, "t2"), "t2 paused again")
    laptop.axe("the console after a pause")


def test_the_teacher_tables_the_facilitators_text_edited(laptop: Page) -> None:
    from selenium.webdriver.support.ui import Select

    laptop.press("Open the negotiation")  # the openings are over: no question asked
    laptop.wait(lambda: "the negotiation" in laptop.text("#table-state"), "the negotiation")
    laptop.press("Table a text")
    laptop.wait(lambda: laptop.browser.find_element("id", "form-table_text"), "the form")
    laptop.press("Fill in the facilitator")
    laptop.wait(lambda: "filled in" in laptop.text("#suggestion-words"), "the suggestion")
    laptop.axe("the text form with the facilitator's text")
    chosen = [
        Select(s)
        for s in laptop.browser.find_elements("css selector", "#form-table_text select")
        if Select(s).first_selected_option.get_attribute("data-value") is not None
    ]
    assert chosen, "the facilitator's text chose no term"
    edited = chosen[0]
    other = next(o for o in edited.options if o.get_attribute("data-value") and not o.is_selected())
    words = other.text
    edited.select_by_visible_text(words)
    shot(laptop, "1280-text-form")
    laptop.press("Table this text")
    laptop.wait(lambda: words in laptop.text("#motion"), "the edited text on the floor")


def test_the_teacher_calls_the_vote(laptop: Page) -> None:
    laptop.press("Call the vote")
    laptop.wait(lambda: "Still to vote" in laptop.text("#motion"), "the vote under way")
    laptop.axe("the console during a vote")


def test_the_teacher_fires_injects_after_reading_them(laptop: Page) -> None:
    laptop.press("Inject")
    about = laptop.wait(lambda: laptop.text("#inject-about"), "the inject's prompt")
    assert about.startswith("Read out: ")
    prompt = about.removeprefix("Read out: ").splitlines()[0]
    laptop.axe("the inject form")
    laptop.press("Fire at table t1")
    laptop.wait(lambda: "Inject: " in laptop.text("#transcript"), "the inject in the transcript")
    assert prompt in laptop.text("#transcript")
    # the next one at every table: t2, paused in its openings, gets it too
    laptop.press("Inject")
    laptop.wait(lambda: laptop.text("#inject-about"), "the next inject's prompt")
    laptop.press("Fire at every table")
    laptop.wait(lambda: laptop.text("#transcript").count("Inject: ") == 2, "two injects at t1")
    laptop.press("Table t2")
    laptop.wait(lambda: laptop.text("#chosen-title") == "Table t2", "t2 chosen")
    laptop.wait(lambda: "Inject: " in laptop.text("#transcript"), "the inject at t2")
    laptop.press("Table t1")
    laptop.wait(lambda: laptop.text("#chosen-title") == "Table t1", "t1 chosen again")


def test_the_teacher_ends_a_table_after_confirming(laptop: Page) -> None:
    laptop.press("End")
    dialog = laptop.wait(lambda: laptop.browser.find_element("id", "confirm"), "the question")
    laptop.wait(lambda: dialog.is_displayed(), "the question shown")
    assert "End the session at table t1?" in dialog.text
    assert laptop.browser.switch_to.active_element.text == "End table t1"
    laptop.axe("the confirmation")
    shot(laptop, "1280-confirm-end")
    laptop.press("Cancel")
    assert "finished" not in card(laptop, "t1")
    laptop.press("End")
    laptop.press("End table t1")
    laptop.wait(lambda: "finished" in card(laptop, "t1"), "t1 finished")
    assert "finished" not in card(laptop, "t2")
    laptop.axe("the console with a finished table")
    shot(laptop, "1280")


def test_the_teacher_releases_the_debriefs_after_confirming(
    lesson: Lesson, laptop: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Released, a delegation's own debrief opens on its phone, above its brief: its
    numbers and its brief revealed (its tables stacked into labelled rows, no sideways
    scrolling), announced, with no serious or critical axe violation."""
    browser = chromium(tmp_path_factory.mktemp("seat-phone"), 390, 844, phone=True)
    seat = Page(browser)
    try:
        browser.get(lesson.codes["links"]["tables"]["t1"]["usa"])
        seat.wait(lambda: "Your brief" in seat.text(), "the seat's page")
        _release(laptop)
        seat.wait(lambda: "Your brief, revealed" in seat.text("#debrief"), "the debrief")
        words = seat.text("#debrief")
        assert "By your brief you would" in words
        assert "**" not in words
        assert "\\" not in words
        assert "Your debrief is ready" in seat.text("#announce")
        assert not seat.scrolls_sideways()
        seat.axe("a seat's own debrief on a phone")
    finally:
        browser.quit()


def _release(laptop: Page) -> None:
    laptop.press("Release the debriefs")
    laptop.wait(lambda: "Release the debriefs at every table?" in laptop.text("#confirm"), "ask")
    laptop.press("Release the debriefs at every table")
    laptop.wait(
        lambda: "Debriefs released to the seats at t1, t2" in laptop.text("#console-notice"),
        "the teacher told",
    )


def test_the_console_fits_a_phone(lesson: Lesson, tmp_path_factory: pytest.TempPathFactory) -> None:
    browser = chromium(tmp_path_factory.mktemp("phone"), 390, 844, phone=True)
    try:
        phone = Page(browser)
        browser.get(lesson.codes["links"]["chair"])
        phone.wait(lambda: "Agreed" in card(phone, "t2"), "the cards")
        phone.press("Table t2")
        phone.wait(lambda: phone.text("#chosen-title") == "Table t2", "t2 chosen")
        assert not phone.scrolls_sideways()
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 360, "height": 740, "deviceScaleFactor": 3, "mobile": True},
        )
        assert browser.execute_script("return window.innerWidth") == 360
        assert not phone.scrolls_sideways()
        phone.axe("the console on a phone")
        shot(phone, "390", 390)
    finally:
        browser.quit()
