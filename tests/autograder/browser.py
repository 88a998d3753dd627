"""Headless Chromium for the kit's tests: run it, and read the DOM it dumps."""

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Dom(HTMLParser):
    """The dumped DOM: start tags, the title, all text (whitespace collapsed), every ``<details>``
    element as ``[depth, open, summary text, test names in its tables]``, depth 0 for the outermost,
    and the body rows of every table with an id as ``tables[id]``, each row its cells' text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.tags, self.chunks, self.title, self.in_title = [], [], "", False
        self.details, self.open_details, self.summary, self.column, self.in_name = [], [], None, 0, False
        self.tables, self.body, self.rows, self.cell = {}, None, None, None
        self.feed(text)
        self.text = " ".join("".join(self.chunks).split())

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.in_title = tag == "title"
        if tag == "table" and "id" in dict(attrs):
            self.tables[dict(attrs)["id"]] = self.body = []
        elif tag == "tbody":
            self.rows = self.body if self.body is not None else None
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag == "td" and self.rows is not None:
            self.cell = []
        if tag == "details":
            self.details.append([len(self.open_details), "open" in dict(attrs), "", []])
            self.open_details.append(self.details[-1])
        elif tag == "summary":
            self.summary = []
        elif tag == "tr":
            self.column = 0
        elif tag == "td":
            self.column += 1
            self.in_name = self.column == 1  # a row's first cell names the test

    def handle_endtag(self, tag):
        self.in_title = False
        if tag == "details" and self.open_details:
            self.open_details.pop()
        elif tag == "summary" and self.summary is not None:
            self.open_details[-1][2] = " ".join("".join(self.summary).split())
            self.summary = None
        elif tag == "td":
            self.in_name = False
            if self.cell is not None:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None
        elif tag == "table":
            self.body = self.rows = None

    def handle_data(self, data):
        self.chunks.append(data)
        if self.cell is not None:
            self.cell.append(data)
        self.title += data if self.in_title else ""
        if self.summary is not None:
            self.summary.append(data)
        if self.in_name:
            for details in self.open_details:
                details[3].append(data)


def chromium(*arguments: str, profile: Path) -> subprocess.CompletedProcess:
    """Run headless Chromium with its own profile; fail (never skip) when it is not installed."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: this test needs Chromium; install it with `apt-get install chromium`")
    done = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *arguments], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, f"chromium exited with {done.returncode}: {done.stderr[-2000:]}"
    return done
