"""PDF of the printable pages, laid out by WeasyPrint from the pages' own print styles
(the paper size, page breaks, the confidential frame), offline: nothing is fetched.

WeasyPrint is the optional ``pdf`` extra, and it draws text with the system's Pango;
``pdf_writer`` says which is missing, and what to install, before anything is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import redirect_stdout
from typing import Any

INSTALL = (
    "install the pdf extra (pip install 'quantum-negotiation-simulator[pdf]', which brings "
    "WeasyPrint) and the libraries it draws text with (on Debian or Ubuntu: apt install "
    "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)"
)
"""What to install for PDF."""


class PdfUnavailable(Exception):
    """WeasyPrint, or a system library it needs, is missing."""


def pdf_writer() -> Callable[[str], bytes]:
    """A function that turns a printable HTML page into a PDF. Raises ``PdfUnavailable``,
    saying what to install, when WeasyPrint or the libraries it needs are missing."""
    try:
        weasyprint = _load()
    except ImportError:
        raise PdfUnavailable(f"PDF needs WeasyPrint, which is not installed: {INSTALL}") from None
    except OSError as error:
        raise PdfUnavailable(
            f"PDF needs WeasyPrint, which cannot load a system library ({error}): {INSTALL}"
        ) from None
    # No protocol is allowed: the pages are self-contained, and nothing is fetched.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=())

    def write(html: str) -> bytes:
        return bytes(weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf())

    return write


def _load() -> Any:
    """The ``weasyprint`` module. Its import loads Pango, and when that fails it prints
    a notice to stdout before raising ``OSError``: the notice is kept off stdout."""
    with redirect_stdout(io.StringIO()):
        import weasyprint
        import weasyprint.urls

    return weasyprint
