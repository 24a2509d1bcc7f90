"""The bookmarklet: a `javascript:` link the user drags to the bookmarks bar and presses on Upwork.

It carries no token and sends nothing over the network itself (Upwork's CSP would refuse a fetch
to Bidbook): it opens Bidbook's capture page in a new window and hands it the page's text with
postMessage. Both sides check the other's origin: the bookmarklet answers only the Bidbook
origin it was made for, and the capture page (static/js/capture.js) accepts pages only from the
origins in settings.CAPTURE_ALLOWED_ORIGINS and talks only to them.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

# Readable source; the link carries it squeezed and URL-encoded. __BIDBOOK__ and __CAPTURE__ are
# replaced by JSON strings, so no value can break out of its quotes.
_SOURCE = """
(function () {
  var bidbook = __BIDBOOK__;
  var page = {
    type: "bidbook:page",
    text: document.body ? document.body.innerText : "",
    url: location.href,
    title: document.title,
    captured_at: new Date().toISOString()
  };
  var popup = window.open(__CAPTURE__, "bidbook-capture");
  if (!popup) {
    alert("Bidbook: allow pop-up windows for this site, then press the bookmark again.");
    return;
  }
  function onMessage(event) {
    if (event.origin !== bidbook || event.source !== popup || !event.data) return;
    if (event.data.type === "bidbook:ready") popup.postMessage(page, bidbook);
    if (event.data.type === "bidbook:received") window.removeEventListener("message", onMessage);
  }
  window.addEventListener("message", onMessage);
})();
"""

# The messages both sides exchange; static/js/capture.js uses the same words.
MESSAGE_TYPES = ("bidbook:ready", "bidbook:page", "bidbook:received")


def bookmarklet_source(*, bidbook_origin: str, capture_url: str) -> str:
    """The bookmarklet's code for a Bidbook at `bidbook_origin` (scheme://host[:port])."""
    code = _SOURCE.replace("__BIDBOOK__", json.dumps(bidbook_origin)).replace(
        "__CAPTURE__", json.dumps(capture_url)
    )
    # One line: indentation and line breaks out (no statement relies on a line break).
    return re.sub(r"\s*\n\s*", " ", code).strip()


def bookmarklet_href(*, bidbook_origin: str, capture_url: str) -> str:
    """The `javascript:` URL for the link's href."""
    code = bookmarklet_source(bidbook_origin=bidbook_origin, capture_url=capture_url)
    return "javascript:" + quote(code, safe="(){}[];,.:=!&|'\"/+-_*?<>$@~")
