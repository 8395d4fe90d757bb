"""The documented import format: tables, Chinese column headers, JSON keys, value types and natural keys."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.records import models as m


@dataclass(frozen=True)
class Column:
    """One column: model field (= JSON key), Chinese header (XLSX/CSV), type and constraints.

    kind: str, money (≥0 unless signed), decimal, ratio (0–1 or "60%"), int, bool, date, period, choice.
    choices maps every accepted spelling to the stored value.
    """

    field: str
    header: str
    kind: str = "str"
    required: bool = False
    signed: bool = False
    not_future: bool = False
    choices: dict[str, str] = field(default_factory=dict)
    default: object = None
    max_len: int = 500


@dataclass(frozen=True)
class Table:
    key: str            # JSON key of the nested list (borrowers at top level)
    sheet: str          # XLSX sheet name and CSV file name (without .csv)
    model: type
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()   # natural key inside one file (besides the row's borrower)
    global_unique: bool = False    # the key is unique across all borrowers (loan_id, flow_id…)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.field == name)


def _same(*values: str) -> dict[str, str]:
    return {value: value for value in values}


BORROWER_ID = Column("borrower_id", "借款人编号", required=True, max_len=32)
YES_NO = {"是": "1", "否": "0", "true": "1", "false": "0", "1": "1", "0": "0", "y": "1", "n": "0"}

BORROWERS = Table("borrowers", "借款人", m.Borrower, (
    Column("id", "借款人编号", required=True, max_len=32),
    Column("name", "名称", required=True, max_len=200),
    Column("kind", "类型", "choice", required=True, choices=_same(*m.BORROWER_KINDS)),
    Column("industry", "行业", default="", max_len=100),
    Column("actual_controller", "实际控制人", default="", max_len=100),
    Column("id_number", "证件号码", default="", max_len=32),
    Column("phone", "联系电话", default="", max_len=32),
    Column("branch", "所属支行", required=True, max_len=64),
    Column("officer_code", "客户经理编号", required=True, max_len=64),
    Column("officer_name", "客户经理", default="", max_len=64),
    Column("credit_limit", "授信额度", "money", default=0),
    Column("agreed_sales_receipt_ratio", "约定销售资金归行率", "ratio"),
), unique=("id",), global_unique=True)

LOANS = Table("loans", "贷款", m.Loan, (
    BORROWER_ID,
    Column("loan_id", "贷款编号", required=True, max_len=64),
    Column("product", "贷款品种", required=True, max_len=32),
    Column("amount", "贷款金额", "money", required=True),
    Column("balance", "贷款余额", "money", required=True),
    Column("start_date", "起始日", "date", required=True),
    Column("maturity_date", "到期日", "date", required=True),
    Column("rate", "年利率", "decimal"),
    Column("agreed_purpose", "约定用途", default=""),
    Column("agreed_counterparties", "约定交易对象", default="", max_len=5000),
    Column("payment_mode", "支付方式", "choice", required=True, choices=_same(*m.PAYMENT_MODES)),
    Column("repayment_schedule", "还款计划", default="", max_len=5000),
    Column("overdue_principal", "逾期本金", "money", default=0),
    Column("overdue_interest", "逾期利息", "money", default=0),
    Column("overdue_days", "逾期天数", "int", default=0),
    Column("extended", "展期", "bool", default=False),
    Column("restructured", "重组", "bool", default=False),
    Column("classification", "风险分类", "choice", required=True, choices=_same(*m.CLASSIFICATIONS)),
), unique=("loan_id",), global_unique=True)

COLLATERAL = Table("collateral", "押品", m.Collateral, (
    BORROWER_ID,
    Column("collateral_id", "押品编号", required=True, max_len=64),
    Column("loan_id", "贷款编号", max_len=64),
    Column("type", "押品类型", required=True, max_len=32),
    Column("description", "押品描述", default=""),
    Column("appraised_value", "评估价值", "money", required=True),
    Column("appraisal_date", "评估日期", "date", required=True, not_future=True),
    Column("previous_appraised_value", "上次评估价值", "money"),
    Column("previous_appraisal_date", "上次评估日期", "date", not_future=True),
    Column("market_value", "市场价值", "money"),
    Column("registration_no", "登记证号", default="", max_len=64),
    Column("registration_end_date", "登记到期日", "date"),
), unique=("collateral_id",), global_unique=True)

GUARANTORS = Table("guarantors", "保证人", m.Guarantor, (
    BORROWER_ID,
    Column("name", "保证人名称", required=True, max_len=200),
    Column("relation", "与借款人关系", default="", max_len=100),
    Column("notes", "保证人情况", default="", max_len=5000),
), unique=("borrower_id", "name"))

_AMOUNTS = (("revenue", "营业收入", False), ("net_profit", "净利润", True), ("total_assets", "总资产", False),
            ("total_liabilities", "总负债", False), ("current_assets", "流动资产", False),
            ("current_liabilities", "流动负债", False), ("accounts_receivable", "应收账款", False),
            ("operating_cash_flow", "经营活动现金流量净额", True))

STATEMENTS = Table("statements", "财务报表", m.FinancialStatement, (
    BORROWER_ID,
    Column("period", "报表期间", "period", required=True, not_future=True),
    Column("months", "覆盖月数", "int", default=12),
    *(Column(name, header, "money", signed=signed) for name, header, signed in _AMOUNTS),
), unique=("borrower_id", "period"))

FLOWS = Table("flows", "资金流水", m.AccountFlow, (
    BORROWER_ID,
    Column("flow_id", "流水号", required=True, max_len=64),
    Column("loan_id", "贷款编号", max_len=64),
    Column("date", "交易日期", "date", required=True, not_future=True),
    Column("direction", "收支方向", "choice", required=True,
           choices={"流入": "in", "流出": "out", "in": "in", "out": "out"}),
    Column("amount", "金额", "money", required=True),
    Column("counterparty", "交易对手", default="", max_len=200),
    Column("memo", "摘要", default=""),
    Column("kind", "流水类型", "choice", required=True,
           choices={"贷款资金支付": "disbursement_payment", "销售回款": "sales_receipt", "其他": "other",
                    **_same(*m.FLOW_KINDS)}),
    Column("payment_mode", "支付方式", "choice", choices=_same(*m.PAYMENT_MODES)),
), unique=("flow_id",), global_unique=True)

INSPECTIONS = Table("inspections", "检查记录", m.Inspection, (
    BORROWER_ID,
    Column("date", "检查日期", "date", required=True, not_future=True),
    Column("kind", "检查方式", "choice", required=True, choices=_same(*m.INSPECTION_KINDS)),
    Column("officer", "检查人", default="", max_len=64),
    Column("findings", "检查发现", default="", max_len=20000),
))

EVENTS = Table("events", "外部事件", m.ExternalEvent, (
    BORROWER_ID,
    Column("date", "事件日期", "date", required=True, not_future=True),
    Column("kind", "事件类型", "choice", required=True,
           choices={"涉诉": "litigation", "被执行": "enforcement", "征信变化": "credit_report",
                    "实际控制人变更": "controller_change", **_same(*m.EVENT_KINDS)}),
    Column("description", "事件描述", default="", max_len=20000),
    Column("severity", "严重程度", "choice", default="中", choices=_same(*m.SEVERITIES)),
    Column("resolved", "已解除", "bool", default=False),
))

CASE_NOTES = Table("case_notes", "案例关联", m.CaseNoteLink, (
    BORROWER_ID,
    Column("doc_id", "文档编号", default="", max_len=200),
    Column("title", "标题", default="", max_len=300),
))

CHILD_TABLES: tuple[Table, ...] = (LOANS, COLLATERAL, GUARANTORS, STATEMENTS, FLOWS, INSPECTIONS, EVENTS,
                                   CASE_NOTES)
TABLES: tuple[Table, ...] = (BORROWERS, *CHILD_TABLES)
BY_SHEET = {table.sheet: table for table in TABLES}
BY_KEY = {table.key: table for table in TABLES}
