"""Word output parsed back with python-docx (and rendered to PDF by LibreOffice when installed)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from assistant.drafting.render_docx import render_docx
from assistant.drafting.report import SECTIONS

pytestmark = pytest.mark.integration


def _document(data: bytes):
    from docx import Document

    return Document(io.BytesIO(data))


def _all_text(doc) -> str:
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_docx_has_nine_sections_tables_and_key_figures(draft):
    report = draft("B004")
    doc = _document(render_docx(report))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:9] == [f"{n}、{title}" for n, (_, title) in zip("一二三四五六七八九", SECTIONS)]
    text = _all_text(doc)
    for figure in ("金穗农业科技有限公司贷后检查报告", "600.00万元", "500.00万元", "L00401", "95", "次级",
                   "2026年11月24日", "《商业银行金融资产风险分类办法》第十一条", "逾期超过90天"):
        assert figure in text, figure
    assert "{{" not in text
    assert doc.sections[0].header.paragraphs[0].text == "示范银行　贷后检查报告（城东支行）"
    table_heads = [t.rows[0].cells[0].text for t in doc.tables]
    assert {"贷款编号", "押品编号", "报告期"} <= set(table_heads)


def test_a_bank_template_without_marker_gets_the_body_appended(draft, tmp_path):
    from docx import Document

    bank = Document()
    bank.add_paragraph("某某银行专用格式　{{标题}}")
    path = tmp_path / "bank.docx"
    bank.save(str(path))
    doc = _document(render_docx(draft("B001"), template=path))
    assert doc.paragraphs[0].text == "某某银行专用格式　恒达机械制造有限公司贷后检查报告"
    assert any(p.text == "九、结论与措施" for p in doc.paragraphs)


@pytest.mark.slow
def test_docx_renders_to_pdf_with_libreoffice(draft, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice 未安装：运行 scripts/system-deps.sh（Debian 包 libreoffice-writer-nogui）"
    from pypdf import PdfReader

    source = tmp_path / "B007.docx"
    source.write_bytes(render_docx(draft("B007")))
    profile = f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}"  # a fresh profile: no first-run races
    subprocess.run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    reader = PdfReader(str(tmp_path / "B007.pdf"))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert len(reader.pages) >= 2 and "结论与措施" in text
