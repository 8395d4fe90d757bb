"""Sections 基本情况, 授信及用信情况 and 资金用途及流向检查, every figure a fact from the records."""

from __future__ import annotations

from decimal import Decimal

from assistant.drafting.context import DraftContext
from assistant.drafting.facts import Source
from assistant.drafting.report import Section, Table, say
from assistant.records import finance
from assistant.records.models import Loan
from assistant.records.rules import misuse_clause
from assistant.records.signals import next_inspection_due

LOAN_COLUMNS = ("贷款编号", "贷款品种", "贷款金额", "贷款余额", "起始日", "到期日", "年利率", "支付方式",
                "逾期天数", "风险分类", "展期", "重组")


def basic_section(ctx: DraftContext) -> Section:
    b, section = ctx.borrower, Section("basic", "基本情况")
    rec = lambda label, field: ctx.rec(label, "text", b, "borrowers", b.id, field)  # noqa: E731
    section.statements.append(say("借款人{name}，客户类型为{kind}，由{branch}客户经理{officer}管户。",
                                  name=rec("名称", "name"), kind=rec("类型", "kind"),
                                  branch=rec("所属支行", "branch"), officer=rec("客户经理", "officer_name")))
    if b.kind != "个人消费":
        section.statements.append(say("所属行业：{industry}。", industry=rec("行业", "industry")))
    if b.kind == "法人":
        section.statements.append(say("实际控制人：{controller}。", controller=rec("实际控制人", "actual_controller")))
    on_site = [i for i in b.inspections if i.kind == "现场"]
    if on_site:
        last = max(on_site, key=lambda i: (i.date, i.id or 0))
        rid = str(last.id or "")
        section.statements.append(say(
            "最近一次现场检查于{date}由{officer}完成，检查发现：{findings}",
            date=ctx.rec("检查日期", "date", last, "inspections", rid, "date"),
            officer=ctx.rec("检查人", "text", last, "inspections", rid, "officer"),
            findings=ctx.rec("检查发现", "text", last, "inspections", rid, "findings")))
    elif b.kind in ctx.rules.inspected_kinds:
        section.statements.append(say("最近一次现场检查：{date}。", date=ctx.derived(
            "现场检查日期", "date", None, Source("inspections", b.id, "date"))))
    due = next_inspection_due(b, ctx.rules)
    if due is not None:
        section.statements.append(say("按检查频率要求，下次现场检查应不晚于{due}。", statement_kind="rule",
                                      cites=ctx.cite(*_frequency_refs(ctx)),
                                      due=ctx.derived("应检查日期", "date", due,
                                                      Source("inspections", b.id, "date"),
                                                      Source("loans", b.id, "classification"))))
    return section


def _frequency_refs(ctx: DraftContext):
    from assistant.records.rules import Clauses
    from assistant.records.signals_events import inspection_clause

    return inspection_clause(ctx.borrower, ctx.rules), Clauses.INSPECTION_FREQUENCY


def credit_section(ctx: DraftContext) -> Section:
    b, section = ctx.borrower, Section("credit", "授信及用信情况")
    loans = b.loans
    balance = sum((loan.balance for loan in loans), Decimal("0"))
    balances = tuple(Source("loans", loan.loan_id, "balance") for loan in loans)
    section.statements.append(say(
        "授信额度{limit}，现有贷款{count}笔，贷款余额合计{balance}。",
        limit=ctx.rec("授信额度", "amount", b, "borrowers", b.id, "credit_limit"),
        count=ctx.derived("贷款笔数", "count", len(loans), *(Source("loans", l.loan_id, "loan_id") for l in loans)),
        balance=ctx.derived("贷款余额合计", "amount", balance, *balances)))
    overdue = [loan for loan in loans if (loan.overdue_days or 0) > 0 or (loan.overdue_principal or 0) > 0]
    for loan in overdue:
        fact = lambda label, kind, field: ctx.rec(label, kind, loan, "loans", loan.loan_id, field)  # noqa: E731
        section.statements.append(say(
            "贷款{loan_id}逾期{days}天，逾期本金{principal}，逾期利息{interest}。",
            loan_id=fact("贷款编号", "id", "loan_id"), days=fact("逾期天数", "count", "overdue_days"),
            principal=fact("逾期本金", "amount", "overdue_principal"),
            interest=fact("逾期利息", "amount", "overdue_interest")))
    if not overdue and loans:
        section.statements.append(say("各笔贷款均无逾期本金、利息。"))
    section.tables.append(Table("贷款明细", LOAN_COLUMNS, tuple(_loan_row(ctx, loan) for loan in loans)))
    return section


def _loan_row(ctx: DraftContext, loan: Loan) -> tuple:
    rec = lambda label, kind, field: ctx.rec(label, kind, loan, "loans", loan.loan_id, field)  # noqa: E731
    flag = lambda label, field: ctx.derived(label, "text", "是" if getattr(loan, field) else "否",  # noqa: E731
                                            Source("loans", loan.loan_id, field))
    return (rec("贷款编号", "id", "loan_id"), rec("贷款品种", "text", "product"), rec("贷款金额", "amount", "amount"),
            rec("贷款余额", "amount", "balance"), rec("起始日", "date", "start_date"),
            rec("到期日", "date", "maturity_date"), rec("年利率", "percent", "rate"),
            rec("支付方式", "text", "payment_mode"), rec("逾期天数", "count", "overdue_days"),
            rec("风险分类", "text", "classification"), flag("展期", "extended"), flag("重组", "restructured"))


FLOW_COLUMNS = ("流水号", "贷款编号", "支付日期", "支付金额", "交易对象", "支付方式", "是否约定交易对象")


def _agreed(loan: Loan) -> list[str]:
    return [c.strip() for c in (loan.agreed_counterparties or "").replace("；", ";").split(";") if c.strip()]


def funds_section(ctx: DraftContext) -> Section:
    b, section = ctx.borrower, Section("funds", "资金用途及流向检查")
    loans = {loan.loan_id: loan for loan in b.loans}
    for loan in b.loans:
        rec = lambda label, field: ctx.rec(label, "text", loan, "loans", loan.loan_id, field)  # noqa: E731
        section.statements.append(say("贷款{loan_id}约定用途为{purpose}，约定支付方式为{mode}，约定交易对象：{parties}。",
                                      loan_id=rec("贷款编号", "loan_id"), purpose=rec("约定用途", "agreed_purpose"),
                                      mode=rec("支付方式", "payment_mode"),
                                      parties=rec("约定交易对象", "agreed_counterparties")))
    payments = [f for f in b.flows if f.kind == "disbursement_payment" and f.loan_id in loans]
    rows, outside = [], []
    for flow in payments:
        agreed = _agreed(loans[flow.loan_id])
        inside = not agreed or flow.counterparty in agreed
        if not inside:
            outside.append(flow)
        rec = lambda label, kind, field: ctx.rec(label, kind, flow, "account_flows", flow.flow_id, field)  # noqa: E731
        rows.append((rec("流水号", "id", "flow_id"), rec("贷款编号", "id", "loan_id"), rec("支付日期", "date", "date"),
                     rec("支付金额", "amount", "amount"), rec("交易对象", "name", "counterparty"),
                     rec("支付方式", "text", "payment_mode"),
                     ctx.derived("是否约定交易对象", "text", "是" if inside else "否",
                                 Source("account_flows", flow.flow_id, "counterparty"),
                                 Source("loans", flow.loan_id, "agreed_counterparties"))))
    section.statements.append(_payments_summary(ctx, payments, outside))
    if rows:
        section.tables.append(Table("贷款资金支付明细", FLOW_COLUMNS, tuple(rows)))
    section.statements.extend(_receipts(ctx))
    return section


def _payments_summary(ctx: DraftContext, payments: list, outside: list):
    sources = lambda flows: tuple(Source("account_flows", f.flow_id, "amount") for f in flows)  # noqa: E731
    total = ctx.derived("贷款资金支付合计", "amount", sum((f.amount for f in payments), Decimal("0")), *sources(payments))
    count = ctx.derived("贷款资金支付笔数", "count", len(payments), *sources(payments))
    if not outside:
        return say("贷款资金对外支付{count}笔，合计{total}，交易对象均在约定范围内。", count=count, total=total)
    product = ctx.borrower.loans[0].product if ctx.borrower.loans else ""
    return say("贷款资金对外支付{count}笔，合计{total}；其中{bad}笔共{bad_total}支付给约定交易对象以外的单位，"
               "存在资金用途偏离嫌疑。", statement_kind="rule", cites=ctx.cite(misuse_clause(product)),
               count=count, total=total, bad=ctx.derived("约定外支付笔数", "count", len(outside), *sources(outside)),
               bad_total=ctx.derived("约定外支付金额", "amount", sum((f.amount for f in outside), Decimal("0")),
                                     *sources(outside)))


def _receipts(ctx: DraftContext) -> list:
    b = ctx.borrower
    if b.agreed_sales_receipt_ratio is None and b.kind != "法人":  # individuals rarely agree a ratio
        return []
    agreed = ctx.rec("约定销售资金归行率", "percent", b, "borrowers", b.id, "agreed_sales_receipt_ratio")
    receipts = [f for f in b.flows if f.kind == "sales_receipt" and f.direction == "in"]
    dated = [s for s in finance.ordered(b.statements) if s.revenue and s.revenue > 0]
    if agreed.missing or not dated:
        return [say("约定销售资金归行率：{agreed}。", agreed=agreed)]
    statement = dated[-1]
    start, end = finance.period_window(statement.period, statement.months or 12)
    inside = [f for f in receipts if start <= f.date <= end]
    received = sum((f.amount for f in inside), Decimal("0"))
    sources = tuple(Source("account_flows", f.flow_id, "amount") for f in inside)
    revenue = ctx.rec("营业收入", "amount", statement, "financial_statements", statement.period, "revenue")
    return [say("{period}报告期内经本行回笼的销售资金{received}，同期营业收入{revenue}，销售资金归行率{ratio}，"
                "约定归行率{agreed}。",
                period=ctx.rec("报告期", "period", statement, "financial_statements", statement.period, "period"),
                received=ctx.derived("期间本行销售回款", "amount", received, *sources), revenue=revenue,
                ratio=ctx.derived("销售资金归行率", "percent", (received / statement.revenue).quantize(Decimal("0.0001")),
                                  *sources, Source("financial_statements", statement.period, "revenue")),
                agreed=agreed)]
