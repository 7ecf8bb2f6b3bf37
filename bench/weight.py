"""What a page costs a reader to download: its HTML plus the CSS and JavaScript it links.

Sizes are of the decompressed bodies gzipped here at level 6 (deterministic, and what a typical
server would send); what the server actually sent with `Accept-Encoding: gzip` is kept too.
Images are not counted.
"""

import gzip
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from .load import fetch

GZIP_LEVEL = 6


@dataclass
class Asset:
    url: str
    kind: str  # "html", "feed", "css" or "js"
    raw: int
    gzipped: int
    served: int  # bytes on the wire as sent with Accept-Encoding: gzip
    encoding: str  # Content-Encoding as served


@dataclass
class PageWeight:
    name: str
    document: Asset
    assets: list[Asset] = field(default_factory=list)
    blocking_scripts: list[str] = field(default_factory=list)

    @property
    def total_gzipped(self) -> int:
        return self.document.gzipped + sum(asset.gzipped for asset in self.assets)

    @property
    def total_served(self) -> int:
        return self.document.served + sum(asset.served for asset in self.assets)


class _AssetParser(HTMLParser):
    """Collects stylesheets, external scripts and which scripts block rendering."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_head = False
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.blocking_scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): (value or "") for name, value in attrs}
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link":
            rels = attributes.get("rel", "").lower().split()
            if "stylesheet" in rels and attributes.get("href"):
                self.stylesheets.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])
            script_type = attributes.get("type", "").strip().lower()
            deferred = "async" in attributes or "defer" in attributes or script_type == "module"
            if self.in_head and not deferred:
                self.blocking_scripts.append(attributes["src"])

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def _get(host: str, port: int, url: str) -> tuple[bytes, Asset]:
    response = fetch(host, port, url, {"Accept-Encoding": "gzip"})
    if response.status != 200:
        raise RuntimeError(f"GET {url} answered {response.status}")
    encoding = response.headers.get("content-encoding", "identity")
    body = gzip.decompress(response.body) if encoding == "gzip" else response.body
    asset = Asset(
        url=url,
        kind="",
        raw=len(body),
        gzipped=len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)),
        served=len(response.body),
        encoding=encoding,
    )
    return body, asset


def page_assets(html: str) -> _AssetParser:
    parser = _AssetParser()
    parser.feed(html)
    parser.close()
    return parser


def measure(host: str, port: int, name: str, url: str, *, kind: str = "html") -> PageWeight:
    body, document = _get(host, port, url)
    document.kind = kind
    weight = PageWeight(name, document)
    if kind != "html":
        return weight
    parser = page_assets(body.decode("utf-8", "replace"))
    weight.blocking_scripts = parser.blocking_scripts
    origin = f"http://{host}:{port}"
    for kind_, links in (("css", parser.stylesheets), ("js", parser.scripts)):
        for link in links:
            absolute = urljoin(origin + url, link)
            if not absolute.startswith(origin + "/"):
                # Third-party assets would count too, but cannot be fetched from here.
                raise RuntimeError(f"{name} links an asset on another host: {link}")
            parts = urlsplit(absolute)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            _, asset = _get(host, port, path)
            asset.kind = kind_
            weight.assets.append(asset)
    return weight
