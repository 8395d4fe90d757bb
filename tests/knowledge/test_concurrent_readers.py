"""Many threads searching one index while another process commits: no errors, no lost reopen races."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ASSISTANT = str(Path(sys.executable).parent / "assistant")


def _ingest_in_another_process(path: Path) -> None:
    subprocess.run([ASSISTANT, "ingest", str(path)], env=dict(os.environ), check=True, capture_output=True)


def _hammer(retriever, queries, rounds, errors, start):
    start.wait()
    for n in range(rounds):
        try:
            retriever.search(queries[n % len(queries)], k=5)
        except Exception as exc:  # noqa: BLE001 - every failure is the finding
            errors.append(repr(exc))


def test_threads_search_through_first_load_and_foreign_commits(home, shared_corpus, tmp_path):
    from assistant.knowledge.retriever import get_retriever

    regulations = shared_corpus / "regulations"
    _ingest_in_another_process(regulations / "jinrong_zichan_fengxian_fenlei_2023.md")
    retriever = get_retriever()  # nothing loaded yet: every thread races to the first load
    queries = ["逾期超过90天如何分类", "重组资产观察期", "次级类的定义", "不良资产"]
    errors: list[str] = []
    start = threading.Barrier(12)
    threads = [threading.Thread(target=_hammer, args=(retriever, queries, 40, errors, start)) for _ in range(12)]
    for thread in threads:
        thread.start()
    # commits by other processes while the threads search: the index reopens its embedded Chroma client
    for name in ("geren_daikuan_2024.md", "liudong_zijin_daikuan_2024.md"):
        _ingest_in_another_process(regulations / name)
    for thread in threads:
        thread.join(120)
    assert errors == []
    titles = {hit.chunk.doc_title for hit in retriever.search("流动资金贷款期限最长几年", k=5)}
    assert "流动资金贷款管理办法" in titles
