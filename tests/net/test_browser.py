"""A real browser joins a class: headless Chromium opens the page ``simulator serve
--web`` serves, types a seat's code, makes a statement, and the statement is in the
table's log. Needs Debian's ``chromium`` and ``chromium-driver``; skipped without them."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.net.ports import free_port

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None, reason="needs chromium and chromium-driver"
)


RECORD_SCREEN = """
(() => {
  const Original = window.WebSocket;
  window.screenText = "";
  const decoder = new TextDecoder();
  window.WebSocket = function (...args) {
    const socket = new Original(...args);
    socket.addEventListener("message", (event) => {
      if (event.data instanceof ArrayBuffer) {
        window.screenText += decoder.decode(new Uint8Array(event.data), {stream: true});
      } else if (typeof event.data === "string") {
        window.screenText += event.data;
      }
    });
    return socket;
  };
  window.WebSocket.prototype = Original.prototype;
  Object.assign(window.WebSocket, Original);
})();
"""
"""Kept in the page before it loads: every byte the client's terminal is sent, as text."""


def wait_until(condition: object, what: str, limit: float = 60.0) -> None:
    """Poll ``condition()`` (the browser and the server are other processes: there is no
    event to wait on), failing with ``what`` after ``limit`` seconds."""
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.2)


def test_a_browser_joins_with_a_code_and_its_move_lands_in_the_log(tmp_path: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    port, web_port = free_port(), free_port()
    codes_file = tmp_path / "codes.json"
    folder = tmp_path / "class"
    env = {**os.environ, "SIMULATOR_DATA": str(tmp_path / "data")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simulator",
            "serve",
            "--port",
            str(port),
            "--web",
            "--web-port",
            str(web_port),
            "--codes",
            str(codes_file),
            "--folder",
            str(folder),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    options = Options()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        f"--user-data-dir={tmp_path / 'chromium'}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.binary_location = str(CHROMIUM)
    browser = None
    try:
        wait_until(codes_file.exists, "the server wrote its codes")
        code = json.loads(codes_file.read_text())["tables"]["t1"]["usa"]

        def page_is_up() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", web_port), timeout=1):
                    return True
            except OSError:
                return False

        wait_until(page_is_up, "the browser page is served")
        browser = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_SCREEN})
        browser.get(f"http://127.0.0.1:{web_port}")
        wait_until(
            lambda: browser.find_elements(By.CSS_SELECTOR, ".xterm-helper-textarea"),
            "the client appears in the page",
        )
        keys = browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
        log = folder / "t1.jsonl"

        def rows() -> str:
            """What the page has been sent to draw (the terminal draws on a canvas, so the
            screen's text is read from the bytes it was sent, escape codes removed)."""
            drawn = browser.execute_script("return window.screenText || ''")
            return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", str(drawn))

        wait_until(lambda: "join code" in rows(), "the client asks for the code")
        keys.send_keys(code)
        keys.send_keys(Keys.ENTER)
        wait_until(lambda: "United States" in rows(), "the seat's screen shows its delegation")
        keys.send_keys("s")
        wait_until(lambda: "What does your delegation say" in rows(), "the statement dialog")
        keys.send_keys("Spoken from a browser.")
        keys.send_keys(Keys.ENTER)
        wait_until(lambda: "Spoken from a browser." in log.read_text(), "the move in the log")
        record = json.loads(log.read_text().splitlines()[1])
        assert record["move"]["actor"] == "usa"
        assert record["move"]["text"] == "Spoken from a browser."
    finally:
        if browser is not None:
            browser.quit()
        server.terminate()
        server.wait(20)
