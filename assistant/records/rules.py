"""Risk-rule thresholds (one place, each with its source) and the clauses that ground the signals."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assistant.records.models import CLASSIFICATIONS


@dataclass(frozen=True)
class ClauseRef:
    """A stable reference to the rule text: document title + article, as the knowledge base names them.

    `source` is the file under ../shared/corpus and `keyword` a phrase the article contains (tests check both).
    """

    doc_title: str
    article: str
    source: str
    keyword: str

    def label(self) -> str:
        return f"《{self.doc_title}》{self.article}"

    def as_dict(self) -> dict[str, str]:
        return {"doc_title": self.doc_title, "article": self.article}


_FENLEI = ("商业银行金融资产风险分类办法", "regulations/jinrong_zichan_fengxian_fenlei_2023.md")
_LIUDONG = ("流动资金贷款管理办法", "regulations/liudong_zijin_daikuan_2024.md")
_GUDING = ("固定资产贷款管理办法", "regulations/guding_zichan_daikuan_2024.md")
_GEREN = ("个人贷款管理办法", "regulations/geren_daikuan_2024.md")
_MEETING_SEED = ("贷后例会制度", "seeds/002_55d69a6211b50be6.txt")
_POINTS_SEED = ("信贷风险管理的50个要点", "seeds/001_a448ed240970c20e.txt")


def _ref(doc: tuple[str, str], article: str, keyword: str) -> ClauseRef:
    return ClauseRef(doc[0], article, doc[1], keyword)


class Clauses:
    """Every clause a signal or a classification suggestion cites."""

    CLASS_ATTENTION = _ref(_FENLEI, "第十条", "至少归为关注类")
    CLASS_SUBSTANDARD = _ref(_FENLEI, "第十一条", "逾期超过90天")
    CLASS_DOUBTFUL = _ref(_FENLEI, "第十二条", "逾期超过270天")
    CLASS_LOSS = _ref(_FENLEI, "第十三条", "逾期超过360天")
    RESTRUCTURED = _ref(_FENLEI, "第二十一条", "重组后应至少归为关注类")
    RECLASSIFY_ON_CHANGE = _ref(_FENLEI, "第三十一条", "重大变化")
    OVERDUE_CONTACT = _ref(_POINTS_SEED, "第41点", "二十四小时")
    INSPECTION_FREQUENCY = _ref(_MEETING_SEED, "检查频率最低要求", "至少每月进行一次现场检查")
    FIXED_ENTRUSTED = _ref(_GUDING, "第三十条", "一千万元")
    WORKING_ENTRUSTED = _ref(_LIUDONG, "第三十条", "一千万元")
    PERSONAL_SELF_PAY = _ref(_GEREN, "第三十六条", "自主支付")
    WORKING_MISUSE = _ref(_LIUDONG, "第三十四条", "挪用")
    FIXED_MISUSE = _ref(_GUDING, "第三十五条", "挪用")
    PERSONAL_MONITOR = _ref(_GEREN, "第三十九条", "挪用")
    WORKING_MONITOR = _ref(_LIUDONG, "第三十五条", "财务")
    WORKING_WARNING = _ref(_LIUDONG, "第三十七条", "重大预警信号")
    WORKING_RECEIPT_ACCOUNT = _ref(_LIUDONG, "第三十六条", "资金回笼账户")
    FIXED_RECEIPT_ACCOUNT = _ref(_GUDING, "第四十一条", "现金流进入该账户的比例")
    FIXED_MONITOR = _ref(_GUDING, "第三十六条", "贷款风险预警体系")
    FIXED_COLLATERAL = _ref(_GUDING, "第三十八条", "重估")
    WORKING_EXTENSION = _ref(_LIUDONG, "第四十条", "展期")
    FIXED_EXTENSION = _ref(_GUDING, "第四十三条", "展期")

    @classmethod
    def all(cls) -> dict[str, ClauseRef]:
        return {name: value for name, value in vars(cls).items() if isinstance(value, ClauseRef)}


def regulation_for(product: str) -> str:
    """Which regulation governs a loan product: 固定, 个人 or (default) 流动资金."""
    if product.startswith("固定资产"):
        return "fixed"
    if product.startswith("个人"):
        return "personal"
    return "working"


def monitoring_clause(product: str) -> ClauseRef:
    return {"fixed": Clauses.FIXED_MONITOR, "personal": Clauses.PERSONAL_MONITOR}.get(
        regulation_for(product), Clauses.WORKING_WARNING)


def misuse_clause(product: str) -> ClauseRef:
    return {"fixed": Clauses.FIXED_MISUSE, "personal": Clauses.PERSONAL_MONITOR}.get(
        regulation_for(product), Clauses.WORKING_MISUSE)


def collateral_clause(product: str) -> ClauseRef:
    return {"personal": Clauses.PERSONAL_MONITOR, "working": Clauses.WORKING_MONITOR}.get(
        regulation_for(product), Clauses.FIXED_COLLATERAL)


def class_rank(classification: str) -> int:
    """0 (正常) … 4 (损失); unknown values count as 正常."""
    return CLASSIFICATIONS.index(classification) if classification in CLASSIFICATIONS else 0


def worst(classifications: list[str]) -> str | None:
    return max(classifications, key=class_rank) if classifications else None


@dataclass(frozen=True)
class RiskRules:
    """Thresholds of every risk rule, with where each default comes from."""

    # 商业银行金融资产风险分类办法 第十条（一）: overdue beyond 7 days is no longer a technical delay
    attention_overdue_days: int = 7
    substandard_overdue_days: int = 90   # 第十一条（一）
    doubtful_overdue_days: int = 270     # 第十二条（一）
    loss_overdue_days: int = 360         # 第十三条（一）
    # bank practice (not a regulation): collateral value should cover the balance by this multiple
    min_collateral_coverage: Decimal = Decimal("1.0")
    collateral_drop_ratio: Decimal = Decimal("0.20")        # brief: value down >20% since last appraisal
    revenue_decline_ratio: Decimal = Decimal("0.10")        # bank practice: annualised revenue down >10%
    profit_decline_ratio: Decimal = Decimal("0.30")         # bank practice: annualised net profit down >30%
    min_current_ratio: Decimal = Decimal("1.0")             # bank practice: current ratio below 1
    current_ratio_decline_ratio: Decimal = Decimal("0.15")  # bank practice: current ratio down >15%
    turnover_decline_ratio: Decimal = Decimal("0.20")       # bank practice: receivables turnover down >20%
    # 固定资产贷款管理办法 第三十条 and 流动资金贷款管理办法 第三十条（二）: >1000万 single payment → 受托支付
    entrusted_payment_threshold: Decimal = Decimal("10000000")
    # 个人贷款管理办法 第三十六条（一）（三）: 自主支付 allowed up to 30万 (consumption) / 50万 (business)
    personal_consumer_self_pay_limit: Decimal = Decimal("300000")
    personal_business_self_pay_limit: Decimal = Decimal("500000")
    # seed 002 检查频率最低要求: 正常/关注 quarterly, 次级 monthly, 可疑/损失/诉讼 at least every (half-)year;
    # applies to 法人 and 个人经营 borrowers (个人消费 follows separate rules, so no default here)
    inspection_interval_days: dict[str, int] = field(default_factory=lambda: {
        "正常": 92, "关注": 92, "次级": 31, "可疑": 183, "损失": 183})
    inspected_kinds: tuple[str, ...] = ("法人", "个人经营")
    # seed 001 point 41: contact the borrower within 24 hours of the first overdue day
    contact_within_hours: int = 24
    event_lookback_days: int = 365


DEFAULT_RULES = RiskRules()
