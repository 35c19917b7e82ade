"""A headless Chromium as the browser tests and the web benchmark start it (Debian's
``chromium`` and ``chromium-driver``, driven by selenium)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")


def chromium(
    profile: Path, width: int, height: int, *, phone: bool = False, network_log: bool = True
) -> Any:
    """A headless Chromium with a fresh profile in ``profile``, at a laptop's window size or
    (``phone``) in a phone's mobile emulation, keeping its network log (every request it
    makes, every WebSocket frame) unless told not to."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-renderer-backgrounding",  # tabs behind others keep up (the benchmark)
        "--disable-background-timer-throttling",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    if phone:
        options.add_experimental_option(
            "mobileEmulation",
            {
                "deviceMetrics": {"width": width, "height": height, "pixelRatio": 3},
                "userAgent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 "
                "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36",
            },
        )
    if network_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    options.binary_location = str(CHROMIUM)
    return webdriver.Chrome(service=Service(str(DRIVER)), options=options)
