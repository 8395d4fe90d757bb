"""The chat eval's judge (evals/chat/run.py): when a cited quote holds a set's evidence."""

from evals.chat.run import holds_evidence


def test_a_row_quoted_with_its_headers_holds_the_rows_cells_run_together():
    quote = "风险分类：关注类；流动资金贷款：每季度现场检查1次；银行承兑汇票及保函：每季度检查1次。"
    assert holds_evidence(quote, "关注类每季度现场检查1次每季度检查1次")
    assert holds_evidence(quote, "关注类 | 每季度现场检查1次")  # cells given with " | "
    assert not holds_evidence(quote, "次级类每月现场检查1次每月检查1次")
    assert not holds_evidence("客户经理应在10日内完成首次检查。", "每季度现场检查1次")
