"""POST /api/documents with `Accept: text/event-stream`: a scan's pages as they are read, then the very answer
the JSON call gives; refusals before any work stay plain HTTP errors; a client that leaves does not stop it."""

from __future__ import annotations

import io
import json
import threading
import time

import httpx
import pytest

from assistant.knowledge import scanned
from evals.ocr.scans import Noise, scan_book
from tests.knowledge.test_formats import needs_ocr

pytestmark = pytest.mark.integration

STREAM = {"Accept": "text/event-stream"}
PAGES = ("第一条　押品管理岗每半年巡查一次抵押物现状，并留存影像资料。\n\n"
         "第二条　巡查发现押品灭失或者价值明显下降的，应当当日报告风险管理部门。\n",
         "第三条　抵押物被查封的，客户经理应当在三个工作日内提出处置意见。\n")


def two_page_scan(title: str) -> bytes:
    """An image-only PDF of two pages of a rule book. Each test gives its own title: a file's text is kept in
    memory by content (assistant.knowledge.ingest.extracted), and a scan read before is not read again."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PAGES:
        writer.add_page(PdfReader(io.BytesIO(scan_book(f"# {title}\n\n{page}", noise=Noise.clean()).pdf)).pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class SecondPageFails:
    """The installed engine, except that the second page it is given cannot be read."""

    def __init__(self, engine) -> None:
        self.engine, self.name, self.calls = engine, engine.name, 0

    def read(self, image) -> str:
        self.calls += 1
        if self.calls == 2:
            raise RuntimeError("a torn page")
        return self.engine.read(image)


def fail_second_page(monkeypatch) -> None:
    real = scanned.engine_for
    monkeypatch.setattr(scanned, "engine_for", lambda choice: SecondPageFails(real(choice)))


def events(text: str) -> list[tuple[str, dict]]:
    blocks = [block.split("\n") for block in text.strip().split("\n\n")]
    return [(lines[0].removeprefix("event: "), json.loads(lines[1].removeprefix("data: "))) for lines in blocks]


@pytest.fixture
def tokens(home):
    from assistant.db import session_scope
    from assistant.security.users import add_user, issue_token

    with session_scope() as session:
        add_user(session, "root", "admin", "", password="管理员口令-足够长-123")
        add_user(session, "wl", "officer", "城东支行", officer_code="o_wanglei")
        return {name: {"Authorization": f"Bearer {issue_token(session, name)}"} for name in ("root", "wl")}


def uploads_audited(client, tokens) -> list[dict]:
    return client.get("/api/audit", params={"action": "ingest"}, headers=tokens["root"]).json()["entries"]


@needs_ocr
@pytest.mark.slow
def test_a_scan_streams_its_pages_then_the_json_answer_and_is_audited_once(client, tokens, monkeypatch):
    from assistant.config import get_settings
    from assistant.knowledge.ingest import normalise_path
    from assistant.security.audit import sha256_bytes

    fail_second_page(monkeypatch)
    scan = two_page_scan("示范银行押品巡查规程")
    upload = [("files", ("巡查规程扫描件.pdf", scan, "application/pdf"))]
    refused = client.post("/api/documents", files=upload, headers={**tokens["wl"], **STREAM})
    assert refused.status_code == 403 and "只有管理员可以上传" in refused.json()["detail"]
    assert uploads_audited(client, tokens) == []

    with client.stream("POST", "/api/documents", files=upload, headers={**tokens["root"], **STREAM}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        streamed = events(response.read().decode())
    path = normalise_path(get_settings().uploads_dir / "巡查规程扫描件.pdf")
    assert streamed == [
        ("progress", {"file": "巡查规程扫描件.pdf", "stage": "ocr", "page": 0, "pages": 2}),
        ("progress", {"file": "巡查规程扫描件.pdf", "stage": "ocr", "page": 1, "pages": 2}),
        ("progress", {"file": "巡查规程扫描件.pdf", "stage": "ocr", "page": 2, "pages": 2}),
        ("progress", {"stage": "index"}),
        ("result", {"results": [{
            "filename": "巡查规程扫描件.pdf", "status": "added", "added": [path], "updated": [], "unchanged": [],
            "removed": [], "errors": [], "warnings": ["巡查规程扫描件.pdf：第2页识别失败，已跳过，其余页已导入"]}]}),
    ]
    audited = uploads_audited(client, tokens)
    assert len(audited) == 1 and audited[0]["username"] == "root"
    assert audited[0]["detail"]["files"] == [{"filename": "巡查规程扫描件.pdf", "status": "added",
                                              "sha256": sha256_bytes(scan), "paths": [path]}]
    hits = client.get("/api/search", params={"q": "押品灭失 当日报告"}, headers=tokens["root"]).json()["results"]
    assert hits and hits[0]["doc_title"].startswith("示范银行押品巡查规程")  # the page that was read is kept

    again = client.post("/api/documents", files=upload, headers=tokens["root"])  # the same file, as JSON
    result = streamed[-1][1]["results"][0]
    assert again.json() == {"results": [{**result, "status": "unchanged", "added": [], "unchanged": [path],
                                         "warnings": []}]}  # nothing was read again


def test_a_file_refused_while_read_ends_the_stream_as_the_json_call_fails(client, tokens):
    upload = [("files", ("broken.pdf", b"%PDF-1.4 garbage", "application/pdf"))]
    with client.stream("POST", "/api/documents", files=upload, headers={**tokens["root"], **STREAM}) as response:
        assert response.status_code == 200
        (kind, error), = events(response.read().decode())
    plain = client.post("/api/documents", files=upload, headers=tokens["root"])
    assert kind == "error" and error == {**plain.json(), "status": plain.status_code}
    assert plain.status_code == 422 and "broken.pdf" in error["detail"]
    assert len(uploads_audited(client, tokens)) == 2


def test_refusals_before_any_work_stay_plain_http_errors(client, tokens):
    wrong = client.post("/api/documents", files=[("files", ("setup.exe", b"MZ\x90\x00", "application/x-dosexec"))],
                        headers={**tokens["root"], **STREAM})
    assert wrong.status_code == 415 and wrong.headers["content-type"] == "application/json"
    assert "setup.exe" in wrong.json()["detail"] and wrong.json()["results"][0]["status"] == "error"
    many = [("files", (f"第{i}份.md", "第一条　内容。".encode(), "text/markdown")) for i in range(21)]
    too_many = client.post("/api/documents", files=many, headers={**tokens["root"], **STREAM})
    assert too_many.status_code == 400 and "一次最多上传 20 个文件" in too_many.json()["detail"]


class HeldSecondPage:
    """An engine that reads each page as what it shows, holding the second page until the test lets it go."""

    name = "held"

    def __init__(self, release: threading.Event) -> None:
        self.release, self.calls = release, 0

    def read(self, image) -> str:
        self.calls += 1
        if self.calls == 2:
            assert self.release.wait(20), "the test never let the second page go"
        return PAGES[self.calls - 1]


def test_a_client_that_leaves_mid_scan_neither_stops_nor_splits_the_upload(home, monkeypatch):
    from api.app import create_app
    from tests.api.live_server import live_server

    from assistant.config import reset_settings

    monkeypatch.setenv("ASSISTANT_RATE_LIMIT_PER_MINUTE", "0")  # the test polls
    reset_settings()
    release = threading.Event()
    monkeypatch.setattr(scanned, "engine_for", lambda choice: HeldSecondPage(release))
    upload = {"files": ("离开的扫描件.pdf", two_page_scan("示范银行押品处置规程"), "application/pdf")}
    with live_server(create_app()) as base, httpx.Client(base_url=base, timeout=30) as http:
        with http.stream("POST", "/api/documents", files=upload, headers=STREAM) as response:
            for line in response.iter_lines():
                if '"page": 1' in line:
                    break  # the client goes away while the second page is read
        time.sleep(0.5)  # time for the server to see the disconnect before the work could yield again
        release.set()
        deadline = time.monotonic() + 20
        while not (audited := http.get("/api/audit", params={"action": "ingest"}).json()["entries"]):
            assert time.monotonic() < deadline, "the upload was dropped with its client"  # audited last
            time.sleep(0.2)
        assert [entry["detail"]["files"][0]["status"] for entry in audited] == ["added"]
        assert [d["file"] for d in http.get("/api/documents").json()["documents"]] == ["离开的扫描件.pdf"]
