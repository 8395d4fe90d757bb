"""Sections 担保情况 (guarantors, collateral value, registration, coverage) and 征信及涉诉 (external events)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from assistant.drafting.context import DraftContext
from assistant.drafting.facts import Source
from assistant.drafting.report import Section, Table, say
from assistant.records.models import Collateral
from assistant.records.rules import Clauses, collateral_clause
from assistant.records.signals_collateral import ltv_cap
from assistant.records.signals_events import EVENT_TITLES

GUARANTOR_COLUMNS = ("保证人", "与借款人关系", "情况说明")
COLLATERAL_COLUMNS = ("押品编号", "对应贷款", "押品类型", "押品描述", "评估价值", "评估日期", "上次评估价值",
                      "登记编号", "登记到期日")
EVENT_COLUMNS = ("日期", "事项", "描述", "严重程度", "是否已解决")


def guarantee_section(ctx: DraftContext) -> Section:
    b, section = ctx.borrower, Section("guarantee", "担保情况")
    if b.guarantors:
        rows = tuple((ctx.rec("保证人", "name", g, "guarantors", g.name, "name"),
                      ctx.rec("与借款人关系", "text", g, "guarantors", g.name, "relation"),
                      ctx.rec("保证人情况", "text", g, "guarantors", g.name, "notes")) for g in b.guarantors)
        section.tables.append(Table("保证人", GUARANTOR_COLUMNS, rows))
    else:
        section.statements.append(say("无保证人担保。"))
    if not b.collateral:
        section.statements.append(say("无抵（质）押品。"))
        return section
    section.tables.append(Table("押品", COLLATERAL_COLUMNS, tuple(_collateral_row(ctx, c) for c in b.collateral)))
    section.statements.extend(_coverage(ctx))
    section.statements.extend(_registration(ctx))
    return section


def _collateral_row(ctx: DraftContext, item: Collateral) -> tuple:
    rec = lambda label, kind, field: ctx.rec(label, kind, item, "collateral", item.collateral_id, field)  # noqa: E731
    return (rec("押品编号", "id", "collateral_id"), rec("对应贷款", "id", "loan_id"), rec("押品类型", "text", "type"),
            rec("押品描述", "text", "description"), rec("评估价值", "amount", "appraised_value"),
            rec("评估日期", "date", "appraisal_date"), rec("上次评估价值", "amount", "previous_appraised_value"),
            rec("登记编号", "text", "registration_no"), rec("登记到期日", "date", "registration_end_date"))


def _value(item: Collateral) -> tuple[Decimal, str]:
    """The lower of appraised and market value (the same basis as the records' coverage signal)."""
    if item.market_value is not None and item.market_value < item.appraised_value:
        return item.market_value, "market_value"
    return item.appraised_value, "appraised_value"


def _coverage(ctx: DraftContext) -> list:
    loans = {loan.loan_id: loan for loan in ctx.borrower.loans}
    groups: dict[str | None, list[Collateral]] = defaultdict(list)
    for item in ctx.borrower.collateral:
        groups[item.loan_id if item.loan_id in loans else None].append(item)
    product = ctx.borrower.loans[0].product if loans else ""
    statements = []
    for loan_id, items in groups.items():
        covered = [loans[loan_id]] if loan_id else list(loans.values())
        balance = sum((loan.balance for loan in covered), Decimal("0"))
        values = [_value(item) for item in items]
        total = sum((v for v, _ in values), Decimal("0"))
        value_sources = tuple(Source("collateral", i.collateral_id, f) for i, (_, f) in zip(items, values))
        balance_sources = tuple(Source("loans", loan.loan_id, "balance") for loan in covered)
        ltv = (balance / total).quantize(Decimal("0.0001")) if total > 0 else None
        cap, cap_type = ltv_cap(items, ctx.rules)
        facts = dict(
            loans=ctx.derived("对应贷款", "text", "、".join(loan.loan_id for loan in covered) or None, *balance_sources),
            balance=ctx.derived("对应贷款余额", "amount", balance, *balance_sources),
            value=ctx.derived("押品价值合计", "amount", total, *value_sources),
            ltv=ctx.derived("抵押率", "percent", ltv, *value_sources, *balance_sources))
        template = "贷款{loans}余额{balance}，押品价值合计{value}，抵押率{ltv}"
        if balance > 0 and (ltv is None or ltv > cap):
            facts["cap"] = ctx.rule("抵押率上限", "percent", cap, "ltv_caps" if cap_type else "default_ltv_cap")
            limit = f"超过{cap_type}抵押率上限{{cap}}" if cap_type else "超过上限{cap}，押品价值不足以覆盖贷款余额"
            statements.append(say(template + f"，{limit}，须补充担保或压缩贷款余额。", statement_kind="rule",
                                  cites=ctx.cite(Clauses.BANK_COLLATERAL, collateral_clause(product)), **facts))
        else:
            statements.append(say(template + "。", **facts))
    return statements


def _registration(ctx: DraftContext) -> list:
    loans = {loan.loan_id: loan for loan in ctx.borrower.loans}
    statements = []
    for item in ctx.borrower.collateral:
        loan = loans.get(item.loan_id or "")
        if loan is None:
            continue
        end = ctx.rec("登记到期日", "date", item, "collateral", item.collateral_id, "registration_end_date")
        maturity = ctx.rec("贷款到期日", "date", loan, "loans", loan.loan_id, "maturity_date")
        cid = ctx.rec("押品编号", "id", item, "collateral", item.collateral_id, "collateral_id")
        if end.missing:
            statements.append(say("押品{cid}登记到期日{end}。", cid=cid, end=end))
        elif end.value < loan.maturity_date:
            statements.append(say("押品{cid}登记到期日{end}早于贷款到期日{maturity}，登记期限未覆盖贷款期限，"
                                  "需办理变更登记。", statement_kind="rule",
                                  cites=ctx.cite(Clauses.BANK_REGISTRATION, collateral_clause(loan.product)),
                                  cid=cid, end=end, maturity=maturity))
        else:
            statements.append(say("押品{cid}登记到期日{end}，覆盖贷款到期日{maturity}。", cid=cid, end=end,
                                  maturity=maturity))
    return statements


def credit_report_section(ctx: DraftContext) -> Section:
    b, section = ctx.borrower, Section("credit_report", "征信及涉诉")
    events = [e for e in b.events if e.kind in EVENT_TITLES]
    if not events:
        section.statements.append(say("截至{as_of}，贷后记录中未见涉诉、被执行、征信恶化或实际控制人变更事项。",
                                      as_of=ctx.context("检查基准日", "date", ctx.today, "as_of")))
        return section
    rows = []
    for event in events:
        rid = str(event.id or "")
        rec = lambda label, kind, field: ctx.rec(label, kind, event, "external_events", rid, field)  # noqa: E731
        rows.append((rec("事项日期", "date", "date"),
                     ctx.derived("事项", "text", EVENT_TITLES[event.kind], Source("external_events", rid, "kind")),
                     rec("事项描述", "text", "description"), rec("严重程度", "text", "severity"),
                     ctx.derived("是否已解决", "text", "是" if event.resolved else "否",
                                 Source("external_events", rid, "resolved"))))
    section.tables.append(Table("外部事项", EVENT_COLUMNS, tuple(rows)))
    open_count = sum(1 for e in events if not e.resolved)
    section.statements.append(say(
        "共记录外部事项{count}项，其中未解决{open}项；须评估其对偿债能力和担保的影响，必要时调整风险分类。",
        statement_kind="rule", cites=ctx.cite(Clauses.RECLASSIFY_ON_CHANGE),
        count=ctx.derived("外部事项数", "count", len(events), *(Source("external_events", str(e.id), "id")
                                                            for e in events)),
        open=ctx.derived("未解决事项数", "count", open_count,
                         *(Source("external_events", str(e.id), "resolved") for e in events))))
    return section
