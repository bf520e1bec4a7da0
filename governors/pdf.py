"""The one PDF module: print HTML to tagged PDF/UA bytes with WeasyPrint, reaching only our
own static files. Agendas and minutes each render their own print template and call it."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint

from governors.resources import resource_path

STATIC = resource_path("static")

CONFIDENTIAL = "CONFIDENTIAL \N{EN DASH} private part included \N{EN DASH} not for publication"


class RefusedURL(ValueError):
    pass


def url_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Fetch only data: URLs and files inside our own static folder; refuse everything else.

    A print template must never reach the network or read files elsewhere on the server.
    """
    if url.startswith("data:"):
        return weasyprint.default_url_fetcher(url, *args, **kwargs)
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"refused to fetch {url}: only local static files may be used")
    path = Path(unquote(parts.path)).resolve()
    if not path.is_relative_to(STATIC) or not path.is_file():
        raise RefusedURL(f"refused to fetch {url}: not one of our static files")
    mime_type, _ = mimetypes.guess_type(path.name)
    return {"string": path.read_bytes(), "mime_type": mime_type, "filename": path.name}


def html_to_pdf(html: str) -> bytes:
    """Tagged PDF/UA-1: document title, language, headings and reading order for screen readers."""
    document = weasyprint.HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=url_fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")


def slug(text: str) -> str:
    """A file-name part: "council-of-governors-meeting"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
