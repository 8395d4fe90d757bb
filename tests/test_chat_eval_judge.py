"""The chat eval's judge (evals/chat/run.py): when a cited quote holds a set's evidence."""

from evals.chat.run import holds_evidence, relevant


def test_a_row_quoted_with_its_headers_holds_the_rows_cells_run_together():
    quote = "风险分类：关注类；流动资金贷款：每季度现场检查1次；银行承兑汇票及保函：每季度检查1次。"
    assert holds_evidence(quote, "关注类每季度现场检查1次每季度检查1次")
    assert holds_evidence(quote, "关注类 | 每季度现场检查1次")  # cells given with " | "
    assert not holds_evidence(quote, "次级类每月现场检查1次每月检查1次")
    assert not holds_evidence("客户经理应在10日内完成首次检查。", "每季度现场检查1次")


def test_a_books_docx_and_pdf_are_one_book_for_retrieval():
    """A compilation's rule is cited by its own title, and the product keeps one of a book's .docx and .pdf: the
    chunk of the .docx is relevant to a row naming the .pdf."""
    from assistant.knowledge.types import Chunk

    row = {"answerable": True, "doc": "临澄银行贷后管理制度汇编", "file": "evals/devdocs10/临澄银行贷后管理制度汇编.pdf",
           "articles": ["第九条"], "evidence": ["黄色预警由支行行长认定"]}
    chunk = Chunk("c:1", "c", "临澄银行风险预警管理细则", "第九条　黄色预警由支行行长认定。", "internal_rule",
                  article="第九条", source_path="/repo/evals/devdocs10/临澄银行贷后管理制度汇编.docx")
    assert relevant(chunk, row)
    other = Chunk("o:1", "o", "示范银行风险预警信号处置指引", "第九条　黄色预警由支行行长认定。", "internal_rule",
                  article="第九条", source_path="/x/示范银行风险预警信号处置指引.md")
    assert not relevant(other, row)
    # another rule's 第九条 in the same compilation holds no evidence: not relevant by its number alone
    sibling = Chunk("c:2", "c", "临澄银行押品监控操作规程", "第九条　押品被查封的，应当报告。", "internal_rule",
                    article="第九条", source_path="/repo/evals/devdocs10/临澄银行贷后管理制度汇编.docx")
    assert not relevant(sibling, row)
    elsewhere = Chunk("e:1", "e", "别的书", "第九条　黄色预警由支行行长认定。", "internal_rule", article="第九条",
                      source_path="/other/临澄银行贷后管理制度汇编.md")
    assert not relevant(elsewhere, row)  # a .md of the same stem is no twin
