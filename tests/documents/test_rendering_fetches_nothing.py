"""Rendering a document reaches neither the network nor the disk: whatever the HTML asks for —
an image, a stylesheet, an import, over http or from a file — is refused before any connection;
only images inside the document (data: URIs) are drawn."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from tousu.documents.pdf import data_uri, html_to_pdf

from .conftest import pdf_text, png
from .test_the_letterhead_and_seal_appear import _images


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png())

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_remote_and_local_resources_are_refused_and_inline_images_drawn(
    server: tuple[str, list[str]],
) -> None:
    base, hits = server
    html = f"""<html><head>
    <link rel="stylesheet" href="{base}/style.css">
    <style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png"); }}</style>
    </head><body>
    <p>转办函 260300001</p>
    <img src="{base}/tracker.png"><img src="file:///etc/hostname"><img src="/etc/hostname">
    <img src="{data_uri(png(12, 12), "image/png")}">
    </body></html>"""
    pdf = html_to_pdf(html)
    assert hits == []
    assert "转办函260300001" in pdf_text(pdf)
    assert _images(pdf) == [(12, 12)]
