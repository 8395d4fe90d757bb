"""A small rule book written in our own words (not corpus text), as chunks for the fake retriever."""

from __future__ import annotations

from assistant.knowledge.types import Chunk

TITLE_CHECK = "示范银行贷后检查规程"
TITLE_CLASS = "示范银行资产风险分类细则"
TITLE_PAY = "示范银行贷款支付管理规定"

_RULES = [
    ("check-8", TITLE_CHECK, "第八条",
     "第八条　现场检查的频率按风险分类确定。正常类和关注类客户至少每季度进行一次现场检查，并撰写定期分析报告。"
     "次级类客户至少每月进行一次现场检查。可疑类、损失类以及涉诉客户至少每半年进行一次现场检查。"),
    ("check-9", TITLE_CHECK, "第九条",
     "第九条　现场检查应当核实借款人的生产经营情况、资金用途和押品状况。检查结束后五个工作日内录入信贷管理系统。"),
    ("check-12", TITLE_CHECK, "第十二条",
     "第十二条　借款人首次逾期的，客户经理应在24小时内与借款人取得联系，了解逾期原因。"
     "逾期处置依次为到期前提醒、协商还款和强力催收三个阶段。"),
    ("class-11", TITLE_CLASS, "第十一条",
     "第十一条　本金或利息逾期超过90天的贷款，至少归为次级类。"
     "借款人经营出现重大困难、需要重组的，也应至少归为次级类。"),
    ("class-12", TITLE_CLASS, "第十二条",
     "第十二条　本金或利息逾期超过270天的贷款，至少归为可疑类。逾期超过360天的贷款，应归为损失类。"),
    ("class-6", TITLE_CLASS, "第六条",
     "第六条　贷款按风险程度分为正常类、关注类、次级类、可疑类和损失类五类，后三类合称不良贷款。"),
    ("pay-30", TITLE_PAY, "第三十条",
     "第三十条　固定资产贷款单笔支付金额超过1000万元的，应当采用受托支付方式，由贷款人将资金直接支付给交易对象。"),
    ("pay-31", TITLE_PAY, "第三十一条",
     "第三十一条　采用自主支付的，借款人应定期汇总报告贷款资金支付情况，贷款人应通过账户分析等方式核查资金用途。"),
    ("meet-3", "示范银行贷后管理例会规则", "第三条",
     "第三条　授信金额1000万元及以上的客户和不良客户，每月提交贷后管理例会审议一次；其余客户每季度审议一次。"),
]


def sample_chunks() -> list[Chunk]:
    chunks = [Chunk(chunk_id=cid, doc_id=cid.split("-")[0], doc_title=title, text=text,
                    source_type="internal_rule", article=article) for cid, title, article, text in _RULES]
    chunks.append(Chunk(chunk_id="note-1", doc_id="note", doc_title="城东支行走访记录", source_type="case_note",
                        text="走访华瑞建材时发现其仓库存货明显减少，现场检查发现部分设备停工。", branch="城东支行",
                        section="2026年走访"))
    return chunks
