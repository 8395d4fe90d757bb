"""Crash safety of `assistant serve`: SIGKILL the server while it ingests an upload or imports borrowers;
after a restart the index and the database hold the previous or the new state, never half."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.security.server_process import ASSISTANT, ROOT, Server, Upload, server_env, temp_dir
from tests.security.test_kill import SAMPLE_BORROWERS, _index_state, _write_rules

pytestmark = [pytest.mark.slow, pytest.mark.integration]

BATCH = 20  # api.limits.MAX_FILES_PER_UPLOAD
FRACTIONS = (0.35, 0.6, 0.8, 0.92)
QUERIES = ("押品价值 检查", "应收账款 报告风险管理部门")


def _files(folder: Path, count: int, prefix: str) -> list[tuple[str, bytes]]:
    _write_rules(folder, count, prefix)
    return [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.md"))]


def _catalog(server: Server) -> dict[str, dict]:
    response = server.get("/api/documents")
    assert response.status_code == 200, response.text
    return {d["title"]: d for d in response.json()["documents"]}


def _check_consistent(server: Server, before: set[str], new: set[str]) -> set[str]:
    """Health ok; the catalog is the previous one or the previous one plus the whole batch; every
    document's chunks are all there and searchable; every search hit belongs to a listed document."""
    assert server.get("/api/health").status_code == 200
    catalog = _catalog(server)
    titles = set(catalog)
    assert titles in (before, before | new), (
        f"重启后目录既不是原状态也不是新状态：多出 {len(titles - before)} 个、缺少 {len(before - titles)} 个")
    index_titles, _ = _index_state(server.home)  # chunk counts match the catalog, no orphan chunks
    assert set(index_titles) == titles
    for title, doc in catalog.items():
        hits = server.get("/api/search", q="检查 报告", doc_id=doc["doc_id"], k=3).json()["results"]
        assert hits and all(h["doc_title"] == title for h in hits), (title, hits)
    for query in QUERIES:
        hits = server.get("/api/search", q=query, k=20).json()["results"]
        assert hits and {h["doc_title"] for h in hits} <= titles, hits
    return titles


def _uploads_stored(home: Path, since: float) -> bool:
    """The documents route has stored a file of this request: the batch is being ingested."""
    return any(p.stat().st_mtime >= since for p in (home / "uploads").glob("*") if p.is_file())


def _import_started(home: Path, since: float) -> bool:
    """The import route has made its temp folder: the records are being validated and written."""
    return any(p.stat().st_mtime >= since for p in temp_dir(home).glob("borrower-import-*"))


def _request(server: Server, path: str, files, working, kill_after: float | None = None):
    """Send the request from a thread and wait (bounded) until `working` shows the server at it; then
    wait for the response, or SIGKILL the server `kill_after` s later. Returns (status, or None when
    killed first; seconds of work seen)."""
    upload = Upload(server, path, files)
    since = time.time() - 0.01
    upload.start()
    deadline = time.monotonic() + 120
    while not working(server.home, since) and upload.is_alive():
        assert time.monotonic() < deadline, f"服务 120 秒内没有开始处理 {path}：{server.log_tail()}"
        time.sleep(0.01)
    began = time.monotonic()
    upload.join(300 if kill_after is None else kill_after)
    status = None if upload.is_alive() else upload.status
    worked = time.monotonic() - began
    if kill_after is not None:
        server.kill()
    upload.join(30)
    assert not upload.is_alive(), f"{path} 的请求在 300 秒内没有结束"
    return status, worked


def _probe(home: Path, log: Path, path: str, files, working) -> float:
    """How long the server works on the request once it has started, on a scratch home."""
    server = Server(home, log)
    try:
        status, worked = _request(server, path, files, working)
    finally:
        server.kill()
    assert status == 200, f"{path} 试运行失败：{status}"
    return worked


def _kill_mid_request(home: Path, log: Path, path: str, files, working, delay: float):
    server = Server(home, log)
    try:
        return _request(server, path, files, working, kill_after=delay)[0]
    finally:
        server.kill()


def test_server_killed_mid_upload_keeps_previous_or_new_catalog(tmp_path):
    home, log = tmp_path / "home", tmp_path / "serve.log"
    _write_rules(tmp_path / "first", 3, "甲")
    first = subprocess.run([ASSISTANT, "ingest", str(tmp_path / "first")], env=server_env(home), cwd=ROOT,
                           capture_output=True, text=True, timeout=240)
    assert first.returncode == 0, first.stderr[-2000:]
    batch = _files(tmp_path / "batch", BATCH, "乙")
    duration = _probe(tmp_path / "probe_home", tmp_path / "probe.log", "/api/documents", batch, _uploads_stored)
    server = Server(home, log)
    try:
        before = set(_catalog(server))
    finally:
        server.kill()
    new = {f"示范银行乙检查细则第{i}号" for i in range(BATCH)}
    assert len(before) == 3 and not before & new
    kills = 0
    for fraction in FRACTIONS:
        finished = _kill_mid_request(home, log, "/api/documents", batch, _uploads_stored, duration * fraction)
        assert finished in (None, 200), finished
        kills += finished is None
        server = Server(home, log)
        try:
            titles = _check_consistent(server, before, new)
        finally:
            server.kill()
        print(f"终止于 {fraction:.2f}×{duration:.1f}s：请求结果 {finished}，文档 {len(titles)} 个")
        if finished is not None or titles != before:
            break
    assert kills >= 1, f"上传总在终止前完成（用时 {duration:.1f} 秒），没有测到中途终止"
    server = Server(home, log)
    try:
        response = server.post_files("/api/documents", batch)
        assert response.status_code == 200, response.text[-2000:]
        assert _check_consistent(server, before, new) == before | new
    finally:
        server.kill()


MARKER = "KILL"
IMPORT_SIZE = 10_000


def _marked_borrowers(path: Path) -> bytes:
    from evals.records_import_speed import borrower
    from tests.security.test_kill import _prefixed

    data = json.dumps([_prefixed(borrower(n), MARKER) for n in range(1, IMPORT_SIZE + 1)], ensure_ascii=False)
    path.write_text(data, encoding="utf-8")
    return data.encode("utf-8")


def _marked_state(server: Server) -> tuple[int, int, int]:
    """(marked borrowers, their loans, import audit entries), read straight from the database."""
    code = ("from sqlalchemy import text\nfrom assistant.db import get_engine\n"
            "with get_engine().connect() as c:\n"
            f"    print(c.execute(text(\"select count(*) from borrowers where id like '{MARKER}%'\")).scalar(),\n"
            f"          c.execute(text(\"select count(*) from loans where borrower_id like '{MARKER}%'\")).scalar(),\n"
            "          c.execute(text(\"select count(*) from audit_log where action = 'import'\")).scalar())\n")
    out = subprocess.run([sys.executable, "-c", code], env=server_env(server.home), capture_output=True,
                         text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-3000:]
    borrowers, loans, audits = (int(n) for n in out.stdout.split())
    listed = server.get("/api/borrowers", q=MARKER, signals="false", limit=1).json()["total"]
    assert listed == borrowers, (listed, borrowers)
    return borrowers, loans, audits


def test_server_killed_mid_import_keeps_none_or_all_new_borrowers(tmp_path):
    home, log = tmp_path / "home", tmp_path / "serve.log"
    big = [("borrowers.json", _marked_borrowers(tmp_path / "borrowers.json"))]
    sample = [("sample.json", SAMPLE_BORROWERS.read_bytes())]
    duration = _probe(tmp_path / "probe_home", tmp_path / "probe.log", "/api/borrowers/import", big,
                      _import_started)
    server = Server(home, log)
    try:
        assert server.post_files("/api/borrowers/import", sample).status_code == 200
        assert _marked_state(server) == (0, 0, 1)
    finally:
        server.kill()
    kills = 0
    for fraction in FRACTIONS:
        finished = _kill_mid_request(home, log, "/api/borrowers/import", big, _import_started,
                                     duration * fraction)
        assert finished in (None, 200), finished
        kills += finished is None
        server = Server(home, log)
        try:
            state = _marked_state(server)
        finally:
            server.kill()
        print(f"终止于 {fraction:.2f}×{duration:.1f}s：请求结果 {finished}，状态 {state}")
        assert state in ((0, 0, 1), (IMPORT_SIZE, 2 * IMPORT_SIZE, 2)), (
            f"重启后数据库既不是导入前也不是导入后的状态（借款人、贷款、导入审计）：{state}")
        if finished is not None or state[0]:
            break
    assert kills >= 1, f"导入总在终止前完成（用时 {duration:.1f} 秒），没有测到中途终止"
    server = Server(home, log)
    try:
        response = server.post_files("/api/borrowers/import", big)
        assert response.status_code == 200, response.text[-2000:]
        assert _marked_state(server)[:2] == (IMPORT_SIZE, 2 * IMPORT_SIZE)
    finally:
        server.kill()
