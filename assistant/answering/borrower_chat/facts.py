"""The lines of a borrower answer: record facts with their source, and rule statements with their clauses.

Every figure printed here is a record field (or a date a rule computes from record fields and says so); a
record that is missing is said to be missing. Rule statements come from the risk rules and signals of
assistant/records, which carry the clause behind each threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from assistant.meeting.config import DEFAULT_MEETING_RULES, MeetingClauses
from assistant.meeting.selection import reasons_for
from assistant.records.deadlines import deadlines
from assistant.records.serialize import collateral_limits
from assistant.records.models import Borrower, Loan
from assistant.records.rules import DEFAULT_RULES, Clauses, ClauseRef, RiskRules, class_rank, regulation_for, worst
from assistant.records.signal_types import RiskSignal
from assistant.records.signals import classification_advice, evaluate_signals
from assistant.records.signals_events import inspection_clause, inspection_interval, next_inspection_due

EVENT_FOLLOW_UPS = 2  # inspections shown under an open event, newest first
HISTORY_ROWS = 5  # inspections, events and payments listed for a history question, newest first
RECEIPT_ROWS = 12  # sales receipts listed (a year of monthly receipts)
STATEMENT_ROWS = 3  # financial statements listed, latest first
NEXT_HORIZON_DAYS = 90  # “what next” lists the dated deadlines of the coming quarter (each topic lists all of its own)

SIGNAL_TOPICS: dict[str, str] = {
    "overdue": "overdue", "classification_too_optimistic": "classification", "classification_missing": "classification",
    "collateral_value_drop": "collateral", "collateral_coverage_low": "collateral", "registration_term_short": "collateral",
    "inspection_overdue": "inspection", "purpose_deviation": "payment", "self_payment_over_threshold": "payment",
    "sales_receipts_below_agreed": "payment", "extended": "maturity", "restructured": "maturity",
    "current_ratio_low": "statements", "revenue_decline": "statements", "profit_decline": "statements",
    "receivables_turnover_falling": "statements", "event_litigation": "events", "event_enforcement": "events",
    "event_credit_report": "events", "event_controller_change": "events",
}
"""The record topic each signal code belongs to (codes of assistant/records/signals*.py)."""


OVERDUE_LEVEL_CLAUSES = {"红": Clauses.GUIDE_OVERDUE_RED, "橙": Clauses.GUIDE_OVERDUE_ORANGE,
                         "黄": Clauses.GUIDE_OVERDUE_YELLOW}
"""The 指引 article that sets the level of an overdue signal (1–30 days 黄, 31–90 橙, beyond 90 红)."""


@dataclass(frozen=True)
class RecordFact:
    """One record field used in an answer: which table and row, and its value as printed."""

    borrower_id: str
    table: str       # 贷款台账, 押品, 保证人, 检查记录, 外部事件, 财务报表, 资金流水, 借款人档案, 案例关联
    record_id: str
    field: str
    text: str
    as_of: str       # the record's own date, or the business date of the ledger

    @property
    def ref(self) -> str:
        return f"{self.table}:{self.record_id}"

    def as_json(self) -> dict:
        return {"borrower_id": self.borrower_id, "table": self.table, "record_id": self.record_id,
                "field": self.field, "text": self.text, "as_of": self.as_of, "ref": self.ref}


@dataclass(frozen=True)
class Line:
    """A sentence of the answer: record facts (one source) or a rule statement (its clauses)."""

    text: str
    facts: tuple[RecordFact, ...] = ()
    clauses: tuple[ClauseRef, ...] = ()
    source: str = ""  # “记录：贷款台账 2026-11-24” for record lines


@dataclass
class BorrowerPart:
    borrower: Borrower
    records: list[Line] = field(default_factory=list)
    rules: list[Line] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # case notes linked in the records (doc_id, title)
    want_notes: bool = False  # a history question: the case notes about the borrower are quoted


def _shown(value) -> str:
    """A signal's raw value as a record chip shows it (0.8800 → 0.88)."""
    if isinstance(value, (Decimal, float)):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def money(value) -> str:
    """An amount exactly as recorded: whole hundreds in 万元 (500万元), anything else in 元 with cents."""
    amount = Decimal(value)
    if amount % 100 == 0:
        wan = (amount / 10000).normalize()
        return f"{wan:f}万元"
    return f"{amount:,.2f}元"


EVERY = {1: "每月", 3: "每季度", 6: "每半年", 12: "每年"}  # how 细则 第十三条/第十四条 word the intervals


def every(months: int) -> str:
    return EVERY.get(months, f"每{months}个月")


def day(value: date | None) -> str:
    return value.isoformat() if value else "（未记录）"


class _Builder:
    def __init__(self, borrower: Borrower, today: date, rules: RiskRules, words: tuple[str, ...] = ()) -> None:
        self.b = borrower
        self.words = words
        self.deadlines = deadlines(borrower, rules, today)
        self._said_deadlines: set[int] = set()
        self.today = today
        self.rules = rules
        self.signals: list[RiskSignal] = evaluate_signals(borrower, rules, today)
        self.part = BorrowerPart(borrower)
        self._said_signals: set[int] = set()
        self._loans_shown = False
        self._inspection_said = False
        self._inspections_listed: set[int] = set()  # ids (or positions) of inspections already written

    # ---- helpers --------------------------------------------------------------------------------------
    def fact(self, table: str, record_id: str, field_name: str, text: str, as_of: date | str | None = None) -> RecordFact:
        stamp = as_of.isoformat() if isinstance(as_of, date) else (as_of or self.today.isoformat())
        return RecordFact(self.b.id, table, record_id, field_name, text, stamp)

    def record(self, text: str, facts: list[RecordFact], table: str, as_of: date | None = None) -> None:
        stamp = (as_of or self.today).isoformat()
        self.part.records.append(Line(text, tuple(facts), source=f"记录：{table} {stamp}"))

    def missing(self, text: str) -> None:
        self.part.records.append(Line(text))

    def rule(self, text: str, *clauses: ClauseRef | None, facts: tuple[RecordFact, ...] = ()) -> None:
        self.part.rules.append(Line(text, facts, tuple(c for c in clauses if c is not None)))

    def signal_lines(self, topic: str | None = None) -> None:
        for index, signal in enumerate(self.signals):
            if index in self._said_signals or (topic and SIGNAL_TOPICS.get(signal.code) != topic):
                continue
            self._said_signals.add(index)
            level = OVERDUE_LEVEL_CLAUSES.get(signal.level) if signal.code == "overdue" else None
            title = signal.title_zh.rstrip("。")
            # every record value that raised it is a record fact (chips, audit); the dates of those records
            # (an event's date) are stated too, unless the title already says them
            dated = [v for v in signal.values if isinstance(v.value, date) and v.value.isoformat() not in title]
            stated = tuple(self.fact(_SIGNAL_TABLES.get(v.record, v.record), v.record_id, v.field,
                                     f"{v.label_zh}{v.value.isoformat()}", v.value) for v in dated)
            if stated:
                title += "（" + "，".join(f.text for f in stated) + "）"
            facts = stated + tuple(
                self.fact(_SIGNAL_TABLES.get(v.record, v.record), v.record_id, v.field, f"{v.label_zh}{_shown(v.value)}")
                for v in signal.values if v.record_id and v not in dated)
            self.rule(f"{signal.level}色预警信号：{title}。{signal.advice_zh}", signal.clause_ref,
                      *signal.extra_refs, level, facts=facts)

    def deadline_lines(self, *codes: str, within_days: int | None = None) -> None:
        for index, deadline in enumerate(self.deadlines):
            if index in self._said_deadlines or (codes and deadline.code not in codes):
                continue
            if within_days is not None and not 0 <= (deadline.date - self.today).days <= within_days:
                continue
            self._said_deadlines.add(index)
            self.rule(f"{deadline.text_zh}。", deadline.clause_ref)

    def credit(self) -> None:
        fact = self.fact("借款人档案", self.b.id, "credit_limit", f"授信额度{money(self.b.credit_limit or 0)}")
        self.record(fact.text, [fact], "借款人档案")

    # ---- record tables --------------------------------------------------------------------------------
    def loans(self, detail: bool = True) -> None:
        if self._loans_shown:
            return
        self._loans_shown = True
        self.credit()
        if not self.b.loans:
            self.missing("档案中没有该借款人的贷款记录。")
            return
        for loan in self.b.loans:
            facts = [self.fact("贷款台账", loan.loan_id, "balance", f"余额{money(loan.balance)}"),
                     self.fact("贷款台账", loan.loan_id, "classification", f"风险分类{loan.classification}类")]
            if loan.overdue_days:
                facts.append(self.fact("贷款台账", loan.loan_id, "overdue_days", f"逾期{loan.overdue_days}天"))
            else:
                facts.append(self.fact("贷款台账", loan.loan_id, "overdue_days", "未逾期"))
            if detail:
                facts.insert(0, self.fact("贷款台账", loan.loan_id, "amount", f"金额{money(loan.amount)}"))
                facts.append(self.fact("贷款台账", loan.loan_id, "maturity_date", f"到期日{day(loan.maturity_date)}"))
            text = f"贷款{loan.loan_id}（{loan.product}）" + "，".join(f.text for f in facts)
            self.record(text, facts, "贷款台账")
        if len(self.b.loans) > 1:
            total = sum((loan.balance for loan in self.b.loans), Decimal("0"))
            fact = self.fact("贷款台账", self.b.id, "balance", f"全部贷款余额合计{money(total)}")
            self.record(fact.text, [fact], "贷款台账")

    def overdue(self) -> None:
        late = [loan for loan in self.b.loans if loan.overdue_days or loan.overdue_principal or loan.overdue_interest]
        if not late:
            self.loans(detail=False)
            return
        self._loans_shown = True
        for loan in late:
            facts = [self.fact("贷款台账", loan.loan_id, "overdue_days", f"逾期{loan.overdue_days}天")]
            for name, label in (("overdue_principal", "逾期本金"), ("overdue_interest", "逾期利息")):
                value = getattr(loan, name) or 0
                facts.append(self.fact("贷款台账", loan.loan_id, name, f"{label}{money(value)}" if value else f"无{label}"))
            facts += [self.fact("贷款台账", loan.loan_id, "classification", f"风险分类{loan.classification}类"),
                      self.fact("贷款台账", loan.loan_id, "balance", f"余额{money(loan.balance)}")]
            self.record(f"贷款{loan.loan_id}（{loan.product}）" + "，".join(f.text for f in facts), facts, "贷款台账")

    def collateral(self) -> None:
        if not self.b.collateral:
            self.missing("档案中没有该借款人的押品记录。")
            return
        for item in self.b.collateral:
            facts = [self.fact("押品", item.collateral_id, "appraised_value", f"评估价值{money(item.appraised_value)}",
                               item.appraisal_date),
                     self.fact("押品", item.collateral_id, "appraisal_date", f"评估日期{day(item.appraisal_date)}",
                               item.appraisal_date)]
            if item.registration_end_date:
                facts.append(self.fact("押品", item.collateral_id, "registration_end_date",
                                       f"登记到期日{day(item.registration_end_date)}", item.appraisal_date))
            what = "，".join(x for x in (item.type, item.description) if x)
            secured = next((loan for loan in self.b.loans if loan.loan_id == item.loan_id), None)
            loan = f"，担保贷款{item.loan_id}" if item.loan_id else ""
            if secured is not None:
                facts.append(self.fact("贷款台账", secured.loan_id, "balance", f"所担保贷款余额{money(secured.balance)}"))
                facts.append(self.fact("贷款台账", secured.loan_id, "maturity_date",
                                       f"贷款到期日{day(secured.maturity_date)}"))
            self.record(f"押品{item.collateral_id}（{what}{loan}）" + "，".join(f.text for f in facts), facts, "押品",
                        item.appraisal_date)
        for limit in collateral_limits(self.b, self.rules):
            self.rule(f"押品价值合计{money(Decimal(str(limit['collateral_total'])))}，按抵押率上限"
                      f"{Decimal(str(limit['cap'])) * 100:.0f}%，贷款{limit['loan_id']}余额应压缩至"
                      f"{money(Decimal(str(limit['max_balance'])))}以内，或补充担保。", Clauses.BANK_COLLATERAL)
        self.deadline_lines("reappraisal")
        if any("登记" in w for w in self.words):
            self.rule("抵押登记记载的债务履行期限应覆盖贷款到期日；登记期限早于到期日的列为橙色信号，应限期办理变更登记。",
                      Clauses.BANK_REGISTRATION)

    def guarantors(self) -> None:
        if not self.b.guarantors:
            self.missing("档案中没有该借款人的保证人记录。")
            return
        for g in self.b.guarantors:
            text = "，".join(x for x in (g.relation, g.notes.rstrip("。")) if x)
            fact = self.fact("保证人", g.name, "name", f"保证人{g.name}")
            self.record(f"保证人{g.name}" + (f"（{text}）" if text else ""), [fact], "保证人")
        self.rule("客户经理每年至少对保证人检查一次（经营和财务状况、征信、涉诉和对外担保）；担保能力明显下降的，"
                  "应要求借款人在30日内追加或更换担保。", Clauses.BANK_GUARANTOR_CHECK)

    def inspections(self, rows: int | None = None) -> None:
        items = sorted(self.b.inspections, key=lambda i: (i.date, i.id or 0), reverse=True)
        if not items:
            self.missing("档案中没有该借款人的贷后检查记录。")
            return
        shown = items[:rows] if rows else items[:1]
        if rows and items[-1] not in shown:
            shown.append(items[-1])  # the first inspection after disbursement
        if rows:
            self.deadline_lines("first_inspection")
        self.inspection_rows(shown)

    def inspection_rows(self, items) -> None:
        """Each inspection once per answer: its date, kind, inspector and findings."""
        for item in items:
            key = id(item)
            if key in self._inspections_listed:
                continue
            self._inspections_listed.add(key)
            facts = [self.fact("检查记录", str(item.id), "date", f"{item.date.isoformat()}{item.kind}检查", item.date)]
            who = f"（检查人{item.officer}）" if item.officer else ""
            findings = f"：{item.findings.rstrip('。')}" if item.findings else ""
            self.record(facts[0].text + who + findings, facts, "检查记录", item.date)

    def next_inspection(self) -> None:
        if self._inspection_said:
            return
        self._inspection_said = True
        interval = inspection_interval(self.b, self.rules)
        if interval is None:
            if not self.b.loans:
                self.missing("档案中没有该借款人的贷款记录，无法按检查频率推算。")
                return
            cls = worst([loan.classification for loan in self.b.loans]) or "正常"
            fact = self.fact("贷款台账", self.b.loans[0].loan_id, "classification", f"风险分类{cls}类")
            self.record(f"{self.b.kind}客户，{fact.text}", [fact], "贷款台账")
            due_classes = "、".join(self.rules.consumer_visit_months)
            self.rule(f"个人消费贷款以非现场监测为主，{due_classes}类的才要求定期上门；该客户为{cls}类，规定不要求定期"
                      "现场检查。", inspection_clause(self.b, self.rules))
            self.signal_lines("inspection")
            return
        on_site = [i for i in self.b.inspections if i.kind == "现场"]
        last = max(on_site, key=lambda i: (i.date, i.id or 0)) if on_site else None
        if last:
            fact = self.fact("检查记录", str(last.id), "date", f"上次现场检查{last.date.isoformat()}", last.date)
            self.record(fact.text, [fact], "检查记录", last.date)
        else:
            first = min(loan.start_date for loan in self.b.loans)
            self.missing(f"档案中没有现场检查记录，按首笔贷款起始日{first.isoformat()}起算。")
        cls = worst([loan.classification for loan in self.b.loans]) or "正常"
        due = next_inspection_due(self.b, self.rules)
        visit = "上门走访" if self.b.kind not in self.rules.inspected_kinds else "现场检查"
        late = f"，已超期{(self.today - due).days}天" if due and due < self.today else ""
        basis = "上次现场检查日期" if last else "首笔贷款起始日"
        self.rule(f"{cls}类{self.b.kind}客户{every(interval)}至少{visit}一次，按{basis}推算，下次{visit}应在{day(due)}"
                  f"前完成{late}。", inspection_clause(self.b, self.rules),
                  Clauses.BANK_INSPECTION_OVERDUE if late else None)
        if (self.b.credit_limit or 0) >= self.rules.two_inspectors_credit or class_rank(cls) >= class_rank("次级"):
            self.rule(f"授信额度{money(self.b.credit_limit or 0)}、风险分类{cls}类：现场检查应由两人进行，其中一人可为风险经理"
                      "（授信1000万元以上含本数或次级类及以下适用）。", Clauses.BANK_TWO_INSPECTORS)
        self.signal_lines("inspection")

    def special_inspection(self) -> None:
        """细则 第十五条: the most serious open signal sets the deadline of a special inspection."""
        levels = [s.level for s in self.signals]
        level = next((lv for lv in ("红", "橙", "黄") if lv in levels), None)
        if level is None:
            return
        days = self.rules.special_inspection_working_days[level]
        how = {"红": "完成现场核实", "橙": "完成专项现场检查", "黄": "完成核实（可采用非现场方式）"}[level]
        self.rule(f"已出现{level}色风险信号，应开展专项检查，在{days}个工作日内{how}。", Clauses.BANK_SPECIAL_INSPECTION)

    def classification(self) -> None:
        for loan in [] if self._loans_shown else self.b.loans:
            fact = self.fact("贷款台账", loan.loan_id, "classification", f"风险分类{loan.classification}类")
            days = self.fact("贷款台账", loan.loan_id, "overdue_days",
                             f"逾期{loan.overdue_days}天" if loan.overdue_days else "未逾期")
            self.record(f"贷款{loan.loan_id}（{loan.product}）{fact.text}，{days.text}", [fact, days], "贷款台账")
        advice = classification_advice(self.b, self.rules)
        if advice.clause_ref is not None:
            self.rule(advice.reason_zh, advice.clause_ref, *advice.extra_refs)
            if advice.too_optimistic:
                self.rule("分类调整按客户经理初分、支行风险部认定、分行信贷管理部审批的三级程序办理。",
                          Clauses.BANK_CLASSIFY_PROCEDURE)
        self.deadline_lines("next_class")
        self.signal_lines("classification")

    def payments(self) -> None:
        for loan in self.b.loans:
            facts = [self.fact("贷款台账", loan.loan_id, "payment_mode", f"支付方式{loan.payment_mode}"),
                     self.fact("贷款台账", loan.loan_id, "amount", f"金额{money(loan.amount)}"),
                     self.fact("贷款台账", loan.loan_id, "classification", f"风险分类{loan.classification}类"),
                     self.fact("贷款台账", loan.loan_id, "overdue_days",
                               f"逾期{loan.overdue_days}天" if loan.overdue_days else "未逾期")]
            purpose = f"，约定用途{loan.agreed_purpose}" if loan.agreed_purpose else ""
            self.record(f"贷款{loan.loan_id}（{loan.product}）" + "，".join(f.text for f in facts) + purpose, facts,
                        "贷款台账")
            self.payment_rule(loan)
        paid = [f for f in self.b.flows if f.kind == "disbursement_payment"]
        for flow in paid[-HISTORY_ROWS:]:
            fact = self.fact("资金流水", flow.flow_id, "amount", f"{flow.date.isoformat()}支付{money(flow.amount)}", flow.date)
            mode = f"（{flow.payment_mode}）" if flow.payment_mode else ""
            self.record(f"流水{flow.flow_id}：{fact.text}给{flow.counterparty or '（未记录交易对手）'}{mode}", [fact],
                        "资金流水", flow.date)
        if any(w in ("归行率", "回款", "回笼") for w in self.words):
            self.receipts()
        self.signal_lines("payment")

    def receipts(self) -> None:
        flows = sorted((f for f in self.b.flows if f.kind == "sales_receipt"), key=lambda f: f.date, reverse=True)
        if not flows:
            self.missing("档案中没有该借款人在本行账户的销售回款流水。")
            return
        facts = [self.fact("资金流水", f.flow_id, "amount", f"{f.date.isoformat()} {money(f.amount)}", f.date)
                 for f in flows[:RECEIPT_ROWS]]
        if self.b.agreed_sales_receipt_ratio is not None:
            facts.insert(0, self.fact("借款人档案", self.b.id, "agreed_sales_receipt_ratio",
                                      f"约定销售资金归行率{Decimal(self.b.agreed_sales_receipt_ratio) * 100:.0f}%"))
        self.record("本行账户销售回款（新到旧）：" + "；".join(f.text for f in facts), facts, "资金流水", flows[0].date)

    def payment_rule(self, loan: Loan) -> None:
        kind = regulation_for(loan.product)
        threshold = money(self.rules.entrusted_payment_threshold)
        if kind == "personal":
            consumer = "消费" in loan.product
            limit = self.rules.personal_consumer_self_pay_limit if consumer else self.rules.personal_business_self_pay_limit
            self.rule(f"个人{'消费' if consumer else '经营'}贷款自主支付的单笔金额上限为{money(limit)}，超过的应采用受托支付。",
                      Clauses.BANK_PERSONAL_SELF_PAY, Clauses.PERSONAL_SELF_PAY)
        elif kind == "fixed":
            self.rule(f"固定资产贷款单笔支付金额超过{threshold}的，应采用受托支付。", Clauses.BANK_FIXED_ENTRUSTED,
                      Clauses.FIXED_ENTRUSTED)
        else:
            self.rule(f"流动资金贷款单笔支付金额超过{threshold}的，应采用受托支付。", Clauses.BANK_WORKING_ENTRUSTED,
                      Clauses.WORKING_ENTRUSTED)

    def meeting(self) -> None:
        credit = self.fact("借款人档案", self.b.id, "credit_limit", f"授信额度{money(self.b.credit_limit or 0)}")
        cls = worst([loan.classification for loan in self.b.loans])
        facts = [credit] + ([self.fact("贷款台账", self.b.loans[0].loan_id, "classification", f"风险分类{cls}类")]
                            if cls else [])
        self.record("，".join(f.text for f in facts), facts, "借款人档案")
        reasons = reasons_for(self.b, self.signals, [], False, DEFAULT_MEETING_RULES)
        if reasons:
            for reason in reasons:
                self.rule(f"应提交贷后管理例会审议：{reason.text_zh}", MeetingClauses.BANK_FREQUENCY,
                          MeetingClauses.SEED_FREQUENCY)
        else:
            self.rule("授信金额不足1000万元、未分为不良且没有红色或橙色信号的借款人，在每季度首次例会上审议。",
                      MeetingClauses.BANK_FREQUENCY, MeetingClauses.SEED_FREQUENCY)

    def events(self) -> None:
        if not self.b.events:
            self.missing("档案中没有该借款人的外部事件记录（涉诉、被执行、征信变化、实际控制人变更）。")
        for event in sorted(self.b.events, key=lambda e: e.date, reverse=True)[:HISTORY_ROWS]:
            state = "已解除" if event.resolved else "未解除"
            fact = self.fact("外部事件", str(event.id), "description", f"{event.date.isoformat()}{event.description.rstrip('。')}",
                             event.date)
            self.record(f"{fact.text}（{state}）", [fact], "外部事件", event.date)
            if not event.resolved:
                self.inspection_rows(self._followed_up(event))
        self.signal_lines("events")

    def _followed_up(self, event) -> list:
        """The latest inspections after an open event that wrote about it (sharing a content word with the
        event's description): where the matter stands, as the officer last saw it."""
        from assistant.answering.borrower_chat.topics import content_words

        words = content_words(event.description)
        later = [i for i in self.b.inspections if i.findings and i.date >= event.date
                 and any(w in i.findings for w in words)]
        return sorted(later, key=lambda i: (i.date, i.id or 0), reverse=True)[:EVENT_FOLLOW_UPS]

    def statements(self) -> None:
        if not self.b.statements:
            self.missing("档案中没有该借款人的财务报表。")
            return
        for st in sorted(self.b.statements, key=lambda s: s.period, reverse=True)[:STATEMENT_ROWS]:
            facts = [self.fact("财务报表", st.period, name, f"{label}{money(getattr(st, name))}", None)
                     for name, label in (("revenue", "营业收入"), ("net_profit", "净利润"), ("total_assets", "总资产"),
                                         ("total_liabilities", "总负债"), ("current_assets", "流动资产"),
                                         ("current_liabilities", "流动负债"), ("accounts_receivable", "应收账款"),
                                         ("operating_cash_flow", "经营活动现金流量净额"))
                     if getattr(st, name) is not None]
            self.record(f"{st.period}报表（{st.months}个月）" + "，".join(f.text for f in facts), facts, "财务报表")
        if self.b.kind == "法人":
            self.rule("法人客户应在每季度结束后30日内提供季度财务报表，每年4月30日前提供经审计的上年度财务报告。",
                      Clauses.BANK_STATEMENTS_DUE)
        self.signal_lines("statements")

    def maturity(self) -> None:
        for loan in self.b.loans:
            facts = [self.fact("贷款台账", loan.loan_id, "start_date", f"起始日{day(loan.start_date)}"),
                     self.fact("贷款台账", loan.loan_id, "maturity_date", f"到期日{day(loan.maturity_date)}")]
            flags = "，已展期" if loan.extended else ""
            flags += "，已重组" if loan.restructured else ""
            self.record(f"贷款{loan.loan_id}" + "，".join(f.text for f in facts) + flags, facts, "贷款台账")
        self.deadline_lines("maturity_notice", "extension_request", "maturity_check")
        self.signal_lines("maturity")

    def terms(self) -> None:
        for loan in self.b.loans:
            facts = [self.fact("贷款台账", loan.loan_id, "product", f"品种{loan.product}"),
                     self.fact("贷款台账", loan.loan_id, "amount", f"金额{money(loan.amount)}")]
            if loan.rate is not None:
                facts.append(self.fact("贷款台账", loan.loan_id, "rate", f"年利率{Decimal(loan.rate) * 100:.2f}%"))
            for name, label in (("repayment_schedule", "还款计划"), ("agreed_purpose", "约定用途"),
                                ("agreed_counterparties", "约定交易对象")):
                value = getattr(loan, name)
                facts.append(self.fact("贷款台账", loan.loan_id, name, f"{label}{value}" if value else f"{label}未记录"))
            facts.append(self.fact("贷款台账", loan.loan_id, "payment_mode", f"支付方式{loan.payment_mode}"))
            self.record(f"贷款{loan.loan_id}：" + "，".join(f.text for f in facts), facts, "贷款台账")

    def case_notes(self) -> None:
        self.part.want_notes = True
        for link in self.b.case_notes:
            self.part.notes.append((link.doc_id, link.title))


# record tables of signal values (RiskSignal.values[].record), as the answer names them
_SIGNAL_TABLES = {"loan": "贷款台账", "collateral": "押品", "statement": "财务报表", "flow": "资金流水",
                  "inspection": "检查记录", "event": "外部事件", "borrower": "借款人档案"}


def build_part(borrower: Borrower, topics, today: date, rules: RiskRules = DEFAULT_RULES) -> BorrowerPart:
    """The lines answering `topics` (assistant/answering/borrower_chat/topics.py) about one borrower."""
    from assistant.answering.borrower_chat.topics import about_findings, record_topics

    b = _Builder(borrower, today, rules, topics.words)
    asked = set(topics.asked) | record_topics(borrower, topics.question)
    if not asked - {"next"}:
        asked.add("status")
    if "status" in asked:
        b.loans()
        if topics.only_next:
            b.next_inspection()
    if "overdue" in asked:
        b.overdue()
        b.signal_lines("overdue")
        b.signal_lines("classification")
        b.deadline_lines("next_class")
    if "classification" in asked:
        b.classification()
    if "collateral" in asked:
        b.collateral()
        b.signal_lines("collateral")
    if "guarantor" in asked:
        b.guarantors()
    if "inspection" in asked:
        if "history" in asked or "next" not in asked:  # not asking what comes next: asking what was done
            b.inspections(HISTORY_ROWS)
        b.next_inspection()
    if "payment" in asked:
        b.payments()
    if "maturity" in asked:
        b.maturity()
    if "terms" in asked:
        b.terms()
    if "statements" in asked:
        b.statements()
    if "events" in asked:
        b.events()
    if "history" in asked:
        if "inspection" not in asked:
            b.inspections(HISTORY_ROWS)
        if "events" not in asked:
            b.events()
        b.case_notes()
    if "meeting" in asked:
        b.meeting()
    b.inspection_rows(about_findings(borrower, topics.question, topics.words)[:HISTORY_ROWS])
    if "signals" in asked or "next" in asked:
        b.signal_lines()
        b.special_inspection()
    if "next" in asked:
        if "inspection" not in asked and not topics.only_next:
            b.next_inspection()
        b.deadline_lines("next_class")
        b.deadline_lines(within_days=NEXT_HORIZON_DAYS)
    if "status" in asked and not topics.only_next:
        _signal_summary(b)
    return b.part


def _signal_summary(b: _Builder) -> None:
    left = [s for i, s in enumerate(b.signals) if i not in b._said_signals]
    if not b.signals:
        b.rule("按现有记录，该借款人没有触发风险预警信号。")
    elif left:
        titles = "；".join(f"{s.level}色：{s.title_zh}" for s in left)
        refs = tuple(dict.fromkeys(s.clause_ref for s in left))
        b.rule(f"风险预警信号：{titles}。", *refs)
