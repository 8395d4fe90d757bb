"""Meeting rules (who is reviewed, who attends, quorum, standard measures), each default with its source."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from assistant.records.rules import BANK_RULES, MEETING_SEED, ClauseRef, clause_ref


class MeetingClauses:
    """Articles the meeting material cites: the seed's 例会制度 and 示范银行's own 第十章."""

    SEED_FREQUENCY = clause_ref(MEETING_SEED, "第一条", "1000万(含)以上授信、不良贷款每月召开一次")
    SEED_ATTENDEES = clause_ref(MEETING_SEED, "第二条", "所有管户客户经理")
    SEED_REPORT_ITEMS = clause_ref(MEETING_SEED, "第三条", "销售资金归行率")
    SEED_ANNEX = clause_ref(MEETING_SEED, "第四条", "授信资金使用情况表")
    SEED_QUORUM = clause_ref(MEETING_SEED, "第七条", "支行委员人数不少于5人")
    SEED_DECISIONS = clause_ref(MEETING_SEED, "第五十条", "停止新增用信")
    SEED_MINUTES = clause_ref(MEETING_SEED, "第五条", "会议纪要与每笔授信结果比对")
    BANK_QUORUM = clause_ref(BANK_RULES, "第四十七条", "支行委员不少于5人")
    BANK_ATTENDEES = clause_ref(BANK_RULES, "第四十八条", "所有管户客户经理")
    BANK_FREQUENCY = clause_ref(BANK_RULES, "第四十九条", "每月审议一次")
    BANK_REPORT_ITEMS = clause_ref(BANK_RULES, "第五十一条", "销售资金归行率")
    BANK_AGENDA = clause_ref(BANK_RULES, "第五十二条", "上次会议决议的落实情况")
    BANK_DECISIONS = clause_ref(BANK_RULES, "第五十三条", "责任部门、责任人和完成期限")
    BANK_FORM = clause_ref(BANK_RULES, "第五十四条", "贷后管理例会审议表")
    BANK_FOLLOW_UP = clause_ref(BANK_RULES, "第五十五条", "决议执行情况")
    BANK_INCLUSIVE = clause_ref(BANK_RULES, "第五十九条", "含本数")


STANDARD_ACTIONS: tuple[str, ...] = ("停止新增用信", "压缩信用余额", "补充担保", "加强资金账户监管", "采取法律措施")
OTHER_ACTION = "其他"
NON_PERFORMING: tuple[str, ...] = ("次级", "可疑", "损失")

# (role, committee member?) in agenda order; 管户客户经理 attend but are not 委员 (示范银行 第四十七条、第四十八条)
ATTENDEE_ROLES: tuple[tuple[str, bool], ...] = (
    ("行长（主持）", True), ("分管副行长", True), ("公司部负责人", True), ("个人部负责人", True),
    ("风险部经理", True), ("风险经理", True),
)
OFFICER_ROLE = "管户客户经理"


@dataclass(frozen=True)
class MeetingRules:
    """Thresholds of the meeting rules; `sources` names the seed article and the 示范银行 article of each."""

    # seed 002 第一条 / 示范银行 第四十九条（一）: 授信金额1000万元以上（含，第五十九条） monthly
    monthly_credit_threshold: Decimal = Decimal("10000000")
    # seed 002 第一条 (不良贷款每月) / 示范银行 第四十九条（一）、第四十条: 次级/可疑/损失 are 不良
    non_performing: tuple[str, ...] = NON_PERFORMING
    # seed 002 第一条 (1000万以下每季) / 示范银行 第四十九条（二）及末段 ("季度审议并入每季度首月的月度例会"):
    # borrowers below the threshold are reviewed at the first meeting of the branch held in the quarter
    # (normally the first month's; a later one when that meeting was not held): see selection.quarterly_due
    quarterly_at_first_meeting: bool = True
    # 示范银行 第四十九条（三）: 红色/橙色 signals go to the next meeting (红 = 高, 橙 = 中, 指引 第三条)
    signal_severities: tuple[str, ...] = ("高", "中")
    # seed 002 第七条 / 示范银行 第四十七条: 分行委员不少于7人，支行委员不少于5人
    quorum_branch: int = 7
    quorum_sub_branch: int = 5
    # seed 002 第四条 / 示范银行 第五十条: monthly fund movements in the 资金动态表
    flow_months: int = 6
    sources: dict[str, tuple[ClauseRef, ClauseRef]] = field(default_factory=lambda: {
        "monthly_credit_threshold": (MeetingClauses.SEED_FREQUENCY, MeetingClauses.BANK_FREQUENCY),
        "non_performing": (MeetingClauses.SEED_FREQUENCY, MeetingClauses.BANK_FREQUENCY),
        "quarterly_at_first_meeting": (MeetingClauses.SEED_FREQUENCY, MeetingClauses.BANK_FREQUENCY),
        "signal_severities": (MeetingClauses.SEED_REPORT_ITEMS, MeetingClauses.BANK_FREQUENCY),
        "quorum_branch": (MeetingClauses.SEED_QUORUM, MeetingClauses.BANK_QUORUM),
        "quorum_sub_branch": (MeetingClauses.SEED_QUORUM, MeetingClauses.BANK_QUORUM),
        "follow_up": (MeetingClauses.SEED_MINUTES, MeetingClauses.BANK_FOLLOW_UP),
        "flow_months": (MeetingClauses.SEED_ANNEX, MeetingClauses.BANK_AGENDA),
    })

    def quorum(self, branch: str) -> int:
        """支行 need 5 members present, 分行 (any other institution) 7."""
        return self.quorum_sub_branch if branch.endswith("支行") else self.quorum_branch

    def source_label(self, name: str) -> str:
        seed, bank = self.sources[name]
        return f"{seed.label()}；{bank.label()}"


DEFAULT_MEETING_RULES = MeetingRules()
