"""Classifies clauses into training topics by keywords (风险分类, 受托支付, 贷后检查, 贷款期限…)."""

from __future__ import annotations

TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "风险分类": ("风险分类", "正常类", "关注类", "次级类", "可疑类", "损失类", "不良", "信用减值", "重组"),
    "受托支付": ("受托支付", "自主支付", "支付"),
    "例会制度": ("例会", "会议纪要", "审议"),
    "贷后检查": ("贷后", "检查", "监测", "跟踪", "预警", "现场"),
    "贷款期限": ("期限", "展期", "还本", "分期偿还", "还款"),
    "资金用途": ("用途", "挪用", "流向"),
    "担保": ("担保", "抵押", "质押", "保证人", "押品"),
    "法律责任": ("法律责任", "监管措施", "行政处罚", "责令", "处罚"),
    "受理与调查": ("尽职调查", "调查", "申请"),
    "风险评价与审批": ("审批", "风险评价", "授权"),
    "合同管理": ("合同", "协议", "约定"),
}
DEFAULT_TOPIC = "总则与定义"
CHAPTER_TOPICS = {"法律责任": "法律责任", "风险分类": "风险分类", "重组资产": "风险分类", "支付": "受托支付",
                  "贷后管理": "贷后检查"}


def classify(text: str, chapter: str = "") -> str:
    """The topic whose keywords occur most often in the text; the chapter breaks ties and fills gaps."""
    scores = {topic: sum(text.count(word) for word in words) for topic, words in TOPIC_KEYWORDS.items()}
    chapter_topic = next((topic for word, topic in CHAPTER_TOPICS.items() if word in chapter), None)
    if chapter_topic == "法律责任":
        return chapter_topic
    if chapter_topic:
        scores[chapter_topic] = scores.get(chapter_topic, 0) + 1
    best = max(scores, key=lambda topic: scores[topic])
    return best if scores[best] > 0 else DEFAULT_TOPIC


def all_topics() -> list[str]:
    return [*TOPIC_KEYWORDS, DEFAULT_TOPIC]
