"""`TOUSU_WECHAT_PICTURES=fetch` gets the picture from its PicUrl — only from the allowed hosts
(the URL comes from the unsigned body), without following redirects, within the size limit; any
failure is "no picture", never an error. Tested against a local web server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.api.helpers import png_bytes
from tousu.intake.wechat.pictures import UrlFetcher, fetcher


class Pictures(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/picture":
            self._answer(200, png_bytes())
        elif self.path == "/large":
            self._answer(200, b"\xff\xd8\xff" + b"0" * 2048)
        elif self.path == "/elsewhere":
            self.send_response(302)
            self.send_header("Location", "http://example.invalid/picture")
            self.end_headers()
        else:
            self._answer(404, b"not found")

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def server(settings: Any) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pictures)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    settings.TOUSU_WECHAT_PICTURES = "fetch"
    settings.TOUSU_WECHAT_PICTURE_HOSTS = ["127.0.0.1"]
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_a_picture_on_an_allowed_host_is_fetched(server: str) -> None:
    chosen = fetcher()
    assert isinstance(chosen, UrlFetcher)
    assert chosen.fetch(f"{server}/picture", "m1") == png_bytes()


def test_a_host_not_allowed_is_not_asked(server: str, settings: Any) -> None:
    settings.TOUSU_WECHAT_PICTURE_HOSTS = ["mmbiz.qpic.cn"]
    assert UrlFetcher().fetch(f"{server}/picture", "m1") is None


@pytest.mark.parametrize(
    "path", ["/missing", "/elsewhere", "/large"], ids=["404", "redirect", "over the limit"]
)
def test_a_failure_is_no_picture(server: str, settings: Any, path: str) -> None:
    settings.TOUSU_ATTACHMENT_MAX_BYTES = 1024
    assert UrlFetcher().fetch(f"{server}{path}", "m1") is None


def test_other_schemes_are_refused(server: str) -> None:
    assert UrlFetcher().fetch("file:///etc/passwd", "m1") is None


def test_off_means_no_fetcher(settings: Any) -> None:
    settings.TOUSU_WECHAT_PICTURES = "off"
    assert fetcher() is None
