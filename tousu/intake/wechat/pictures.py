"""Where the picture of an image message comes from.

WeChat's image message carries a `PicUrl` (the picture on WeChat's own servers) and a `MediaId`.
Fetching it is an outbound request, which many centres' networks forbid, so it is off unless
`TOUSU_WECHAT_PICTURES` says otherwise:
- `off` (the default): no picture is fetched; the sender is asked to describe the matter in words
  and told where pictures can be added (the portal's track page).
- `fetch`: `UrlFetcher` gets the picture from PicUrl while answering the push, within WeChat's
  five seconds (a short timeout, the attachment size limit, only hosts in
  `TOUSU_WECHAT_PICTURE_HOSTS`: the URL comes from the body, which WeChat does not sign).
- a dotted path: any class with `fetch(pic_url, media_id) -> bytes | None` (the tests' fake; a
  centre's own proxy to WeChat's media API).
A fetcher returns None when it cannot get the picture; it never raises for the network's sake.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("tousu.intake")

# Well inside WeChat's five seconds for the whole answer.
TIMEOUT_SECONDS = 2.5


class Fetcher(Protocol):
    def fetch(self, pic_url: str, media_id: str) -> bytes | None: ...


def fetcher() -> Fetcher | None:
    """The configured fetcher, or None when pictures are not fetched."""
    configured = settings.TOUSU_WECHAT_PICTURES
    if configured in ("", "off"):
        return None
    cls = UrlFetcher if configured == "fetch" else import_string(configured)
    instance: Fetcher = cls()
    return instance


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could lead anywhere, past the host list: refused.
    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


class UrlFetcher:
    def fetch(self, pic_url: str, media_id: str) -> bytes | None:
        parts = urlsplit(pic_url)
        allowed = settings.TOUSU_WECHAT_PICTURE_HOSTS
        if parts.scheme not in ("http", "https") or parts.hostname not in allowed:
            log.warning("wechat picture %s not fetched: host not allowed", media_id[:64])
            return None
        limit = settings.TOUSU_ATTACHMENT_MAX_BYTES
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(pic_url, timeout=TIMEOUT_SECONDS) as response:
                data: bytes = response.read(limit + 1)
        except (OSError, ValueError, urllib.error.URLError) as exc:
            log.warning("wechat picture %s not fetched: %s", media_id[:64], type(exc).__name__)
            return None
        if len(data) > limit:
            log.warning("wechat picture %s not fetched: larger than the limit", media_id[:64])
            return None
        return data
