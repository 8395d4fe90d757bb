"""Risk-rule thresholds and signal levels (one place, each with its source) and the clauses that ground them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assistant.records.models import CLASSIFICATIONS


@dataclass(frozen=True)
class ClauseRef:
    """A stable reference to the rule text: document title + article, as the knowledge base names them.

    `source` is a file under ../shared/corpus, or under this repository when it starts with `corpus/`;
    `keyword` is a phrase the article contains (tests check both, and the drafter quotes that sentence).
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
MEETING_SEED = ("贷后例会制度", "seeds/002_55d69a6211b50be6.txt")
_POINTS_SEED = ("信贷风险管理的50个要点", "seeds/001_a448ed240970c20e.txt")
BANK_RULES = ("示范银行贷后管理实施细则", "corpus/knowledge/示范银行贷后管理实施细则.md")
_GUIDE = ("示范银行风险预警信号处置指引", "corpus/knowledge/示范银行风险预警信号处置指引.md")


def clause_ref(doc: tuple[str, str], article: str, keyword: str) -> ClauseRef:
    """A ClauseRef into one of the (title, source file) documents above."""
    return ClauseRef(doc[0], article, doc[1], keyword)


class Clauses:
    """Every clause a signal or a classification suggestion cites (regulations, seeds, the bank's own rules)."""

    CLASS_ATTENTION = clause_ref(_FENLEI, "第十条", "至少归为关注类")
    CLASS_SUBSTANDARD = clause_ref(_FENLEI, "第十一条", "逾期超过90天")
    CLASS_DOUBTFUL = clause_ref(_FENLEI, "第十二条", "逾期超过270天")
    CLASS_LOSS = clause_ref(_FENLEI, "第十三条", "逾期超过360天")
    RESTRUCTURED = clause_ref(_FENLEI, "第二十一条", "重组后应至少归为关注类")
    RECLASSIFY_ON_CHANGE = clause_ref(_FENLEI, "第三十一条", "重大变化")
    OVERDUE_CONTACT = clause_ref(_POINTS_SEED, "第41点", "二十四小时")
    INSPECTION_FREQUENCY = clause_ref(MEETING_SEED, "检查频率最低要求", "至少每月进行一次现场检查")
    FIXED_ENTRUSTED = clause_ref(_GUDING, "第三十条", "一千万元")
    WORKING_ENTRUSTED = clause_ref(_LIUDONG, "第三十条", "一千万元")
    PERSONAL_SELF_PAY = clause_ref(_GEREN, "第三十六条", "自主支付")
    WORKING_MISUSE = clause_ref(_LIUDONG, "第三十四条", "挪用")
    FIXED_MISUSE = clause_ref(_GUDING, "第三十五条", "挪用")
    PERSONAL_MONITOR = clause_ref(_GEREN, "第三十九条", "挪用")
    WORKING_MONITOR = clause_ref(_LIUDONG, "第三十五条", "财务")
    WORKING_WARNING = clause_ref(_LIUDONG, "第三十七条", "重大预警信号")
    WORKING_RECEIPT_ACCOUNT = clause_ref(_LIUDONG, "第三十六条", "资金回笼账户")
    FIXED_RECEIPT_ACCOUNT = clause_ref(_GUDING, "第四十一条", "现金流进入该账户的比例")
    FIXED_MONITOR = clause_ref(_GUDING, "第三十六条", "贷款风险预警体系")
    FIXED_COLLATERAL = clause_ref(_GUDING, "第三十八条", "重估")
    WORKING_EXTENSION = clause_ref(_LIUDONG, "第四十条", "展期")
    FIXED_EXTENSION = clause_ref(_GUDING, "第四十三条", "展期")
    # 《示范银行贷后管理实施细则》: the bank's own rules (sample knowledge base)
    BANK_FREQUENCY = clause_ref(BANK_RULES, "第十三条", "每季度至少进行一次现场检查")
    BANK_CONSUMER_VISITS = clause_ref(BANK_RULES, "第十四条", "每季度至少上门一次")
    BANK_INSPECTION_OVERDUE = clause_ref(BANK_RULES, "第十七条", "现场检查逾期")
    BANK_SPECIAL_INSPECTION = clause_ref(BANK_RULES, "第十五条", "专项检查")
    BANK_TWO_INSPECTORS = clause_ref(BANK_RULES, "第十六条", "现场检查应由两人进行")
    BANK_MATURITY = clause_ref(BANK_RULES, "第三十七条", "到期还款提示")
    BANK_FIRST_INSPECTION = clause_ref(BANK_RULES, "第十二条", "首次贷后检查的时限")
    BANK_STATEMENTS_DUE = clause_ref(BANK_RULES, "第二十一条", "季度财务报表")
    BANK_REAPPRAISAL = clause_ref(BANK_RULES, "第三十二条", "重估")
    BANK_GUARANTOR_CHECK = clause_ref(BANK_RULES, "第三十五条", "每年至少对保证人进行一次检查")
    BANK_CLASSIFY_PROCEDURE = clause_ref(BANK_RULES, "第四十条", "三级程序")
    BANK_WORKING_ENTRUSTED = clause_ref(BANK_RULES, "第二十三条", "超过1000万元")
    BANK_FIXED_ENTRUSTED = clause_ref(BANK_RULES, "第二十四条", "超过1000万元")
    BANK_PERSONAL_SELF_PAY = clause_ref(BANK_RULES, "第二十五条", "自主支付")
    BANK_MISUSE = clause_ref(BANK_RULES, "第二十七条", "按红色信号处置")
    BANK_SELF_PAY_BREACH = clause_ref(BANK_RULES, "第二十八条", "按橙色信号处置")
    BANK_SALES_RECEIPTS = clause_ref(BANK_RULES, "第二十九条", "连续两个月低于约定水平")
    BANK_FINANCIAL = clause_ref(BANK_RULES, "第三十一条", "财务预警指标")
    BANK_COLLATERAL = clause_ref(BANK_RULES, "第三十三条", "抵押率超过上限")
    BANK_REGISTRATION = clause_ref(BANK_RULES, "第三十四条", "登记期限早于贷款到期日")
    BANK_OVERDUE = clause_ref(BANK_RULES, "第三十八条", "24小时内")
    BANK_CLASSIFY = clause_ref(BANK_RULES, "第四十条", "每季度末")
    BANK_OVERDUE_BANDS = clause_ref(BANK_RULES, "第四十一条", "逾期超过90天")
    BANK_EXTENSION = clause_ref(BANK_RULES, "第四十三条", "展期")
    BANK_RESTRUCTURED = clause_ref(BANK_RULES, "第四十四条", "重组后至少归为关注类")
    # 《示范银行风险预警信号处置指引》: signal levels
    GUIDE_LEVELS = clause_ref(_GUIDE, "第三条", "分为三级")
    GUIDE_ENFORCEMENT_RED = clause_ref(_GUIDE, "第五条", "失信被执行人")
    GUIDE_ENFORCEMENT = clause_ref(_GUIDE, "第六条", "被列为被执行人（未被列为失信被执行人")
    GUIDE_CONTROLLER_CHANGE = clause_ref(_GUIDE, "第六条", "实际控制人或控股股东发生变更")
    GUIDE_LITIGATION = clause_ref(_GUIDE, "第六条", "作为被告涉及诉讼，标的金额超过500万元")
    GUIDE_CREDIT_REPORT = clause_ref(_GUIDE, "第六条", "征信报告新增他行逾期")
    GUIDE_LITIGATION_MINOR = clause_ref(_GUIDE, "第七条", "作为被告涉及诉讼，未达到")
    GUIDE_YELLOW = clause_ref(_GUIDE, "第三条", "出现不利苗头")
    GUIDE_OVERDUE_RED = clause_ref(_GUIDE, "第五条", "逾期超过90天")
    GUIDE_OVERDUE_ORANGE = clause_ref(_GUIDE, "第六条", "逾期31天至90天")
    GUIDE_OVERDUE_YELLOW = clause_ref(_GUIDE, "第七条", "逾期1天至30天")

    @classmethod
    def all(cls) -> dict[str, ClauseRef]:
        return {name: value for name, value in vars(cls).items() if isinstance(value, ClauseRef)}


# 《示范银行风险预警信号处置指引》第三条: 红色（重大，立即处置）、橙色（较大，限期处置）、黄色（一般，核实跟踪）.
# The records' severity 高/中/低 names the same three grades, one to one.
LEVEL_SEVERITY: dict[str, str] = {"红": "高", "橙": "中", "黄": "低"}
SEVERITY_LEVEL: dict[str, str] = {severity: level for level, severity in LEVEL_SEVERITY.items()}
LEVEL_SOURCE = Clauses.GUIDE_LEVELS


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


def class_rank(classification: str | None) -> int:
    """0 (正常) … 4 (损失); unknown values count as 正常."""
    return CLASSIFICATIONS.index(classification) if classification in CLASSIFICATIONS else 0


def worst(classifications: list[str]) -> str | None:
    return max(classifications, key=class_rank) if classifications else None


@dataclass(frozen=True)
class RiskRules:
    """Thresholds of every risk rule; 细则 = 《示范银行贷后管理实施细则》, 指引 = 《…风险预警信号处置指引》."""

    # 分类办法 第十条～第十三条 = 细则 第四十一条: overdue beyond 7 (technical delay) / 90 / 270 / 360 days
    attention_overdue_days: int = 7
    substandard_overdue_days: int = 90
    doubtful_overdue_days: int = 270
    loss_overdue_days: int = 360
    # 指引 第七条（一）、第六条（一）、第五条（一）: overdue 1–30 days 黄, 31–90 橙, beyond 90 (substandard) 红
    overdue_orange_days: int = 30
    # 细则 第三十八条: contact within 24 hours (and written notice), beyond 30 days the 行长 interviews the
    # borrower, beyond 60 days the risk department joins the collection (advice names the steps that apply)
    contact_within_hours: int = 24
    overdue_interview_days: int = 30
    overdue_legal_days: int = 60
    # 细则 第三十三条: 抵押率 caps by collateral type; a type not listed must at least cover the balance
    ltv_caps: dict[str, Decimal] = field(default_factory=lambda: {
        "住宅": Decimal("0.70"), "住房": Decimal("0.70"), "商业用房": Decimal("0.60"), "办公用房": Decimal("0.60"),
        "工业厂房": Decimal("0.60"), "土地使用权": Decimal("0.60"), "机器设备": Decimal("0.50"),
        "交通运输工具": Decimal("0.40")})
    default_ltv_cap: Decimal = Decimal("1.00")
    collateral_drop_ratio: Decimal = Decimal("0.20")         # 细则 第三十三条: value down >20% since last appraisal
    # 细则 第三十一条 (= 指引 第六条（二）～（四）、第七条（二）（三）)
    revenue_decline_orange: Decimal = Decimal("0.20")        # revenue down >20% 橙
    revenue_decline_yellow: Decimal = Decimal("0.10")        # revenue down >10% 黄
    profit_decline_ratio: Decimal = Decimal("0.30")          # still a profit but down >30% 黄; turned to loss 橙
    min_current_ratio: Decimal = Decimal("1.0")              # current ratio below 1 橙
    turnover_decline_ratio: Decimal = Decimal("0.30")        # receivables turnover down >30% 黄
    # 细则 第二十九条: one month below the agreed 归行率 黄, consecutive months 橙
    receipts_consecutive_months: int = 2
    # 流动资金/固定资产贷款管理办法 第三十条 = 细则 第二十三条（二）、第二十四条: single payment >1000万 → 受托支付
    entrusted_payment_threshold: Decimal = Decimal("10000000")
    # 个人贷款管理办法 第三十六条 = 细则 第二十五条: 自主支付 up to 30万 (consumption) / 50万 (business)
    personal_consumer_self_pay_limit: Decimal = Decimal("300000")
    personal_business_self_pay_limit: Decimal = Decimal("500000")
    # 细则 第十三条 with 第五十九条 (months since the last on-site inspection): 正常/关注 quarterly, 次级
    # monthly, 可疑/损失/in litigation half-yearly, for 法人 and 个人经营 borrowers
    inspection_interval_months: dict[str, int] = field(default_factory=lambda: {
        "正常": 3, "关注": 3, "次级": 1, "可疑": 6, "损失": 6})
    inspected_kinds: tuple[str, ...] = ("法人", "个人经营")
    # 细则 第十四条: 个人消费 loans classified 次级 or worse get a home visit at least every quarter
    consumer_visit_months: dict[str, int] = field(default_factory=lambda: {"次级": 3, "可疑": 3, "损失": 3})
    inspection_escalate_days: int = 30                       # 细则 第十七条: 黄, 橙 beyond 30 days late
    # 细则 第十五条: a signal calls for a special inspection within N working days (红 on site 3, 橙 10, 黄 5)
    special_inspection_working_days: dict[str, int] = field(default_factory=lambda: {"红": 3, "橙": 10, "黄": 5})
    # 细则 第十六条: credit of 1000万 and more (含) or a class of 次级 and worse: two people inspect on site
    two_inspectors_credit: Decimal = Decimal("10000000")
    # 细则 第三十七条: repayment notice 30 days before maturity, funds checked 7 days before, extension asked 15
    # 细则 第十二条: first inspection within 15 days of the first disbursement (法人), 30 days (个人)
    first_inspection_days: dict[str, int] = field(default_factory=lambda: {"法人": 15, "个人经营": 30, "个人消费": 30})
    # 细则 第三十二条: real estate re-appraised every 12 months, machinery and vehicles every 6
    reappraisal_months: dict[str, int] = field(default_factory=lambda: {
        "住宅": 12, "住房": 12, "商业用房": 12, "办公用房": 12, "工业厂房": 12, "土地使用权": 12, "机器设备": 6,
        "交通运输工具": 6})
    maturity_notice_days: int = 30
    maturity_check_days: int = 7
    extension_request_days: int = 15
    # 指引 第六条（十）: a lawsuit against the borrower, controller or guarantor above 500万 or 10% of net assets 橙
    litigation_orange_amount: Decimal = Decimal("5000000")
    litigation_orange_net_assets: Decimal = Decimal("0.10")
    event_lookback_days: int = 365

    @property
    def min_collateral_coverage(self) -> Decimal:
        """Value / balance a collateral of a type without a cap must reach (1 / default_ltv_cap); kept for callers
        that print the coverage threshold (the meeting minutes)."""
        return (1 / self.default_ltv_cap).quantize(Decimal("0.01"))


DEFAULT_RULES = RiskRules()
