"""Write sample_borrowers.json: the 32 borrowers of the team roster, each scenario realised in the records.

Deterministic (no randomness): `python corpus/borrowers/make_sample.py` rewrites the same file.
The sample world's today is 2026-11-24. All names, numbers and events are invented.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 24)
WAN = 10_000
OFFICERS = {"o_wanglei": ("王磊", "城东支行"), "o_lina": ("李娜", "城东支行"), "o_zhangwei": ("张伟", "城西支行"),
            "o_liuyang": ("刘洋", "城西支行"), "o_chenjing": ("陈静", "高新支行"), "o_zhaomin": ("赵敏", "高新支行")}
CONTROLLERS = ["刘建华", "陈国强", "杨志明", "赵丽萍", "黄德胜", "周文斌", "吴海燕", "徐立新", "孙卫东", "马春生",
               "朱明远", "胡秀兰", "郭长青", "何振宇", "高建平", "林晓东", "罗志刚", "梁宏伟", "宋玉梅", "郑国华",
               "谢永康", "韩立军", "唐秀珍", "冯志勇", "于建明", "董海波", "萧文杰", "程永福", "曹德明", "袁丽君",
               "邓志华", "许建军"]


def d(value: date) -> str:
    return value.isoformat()


def yuan(amount_wan: float) -> float:
    return round(amount_wan * WAN, 2)


def base_borrower(bid: str, name: str, kind: str, officer: str, industry: str, credit_wan: float) -> dict:
    number = int(bid[1:])
    officer_name, branch = OFFICERS[officer]
    personal = kind != "法人"
    return {
        "id": bid, "name": name, "kind": kind, "industry": industry,
        "actual_controller": name if personal else CONTROLLERS[number - 1],
        "id_number": f"3201021978{number:02d}0{number % 10}1{number % 7}2X"[:18] if personal
        else f"91320100MA1X{number:04d}0K",
        "phone": f"1380000{number:04d}", "branch": branch, "officer_code": officer, "officer_name": officer_name,
        "credit_limit": yuan(credit_wan), "agreed_sales_receipt_ratio": None if personal else 0.5,
        "loans": [], "collateral": [], "guarantors": [], "statements": [], "flows": [], "inspections": [],
        "events": [], "case_notes": [],
    }


def add_loan(b: dict, product: str, amount_wan: float, *, start: date, months: int = 12, balance_wan=None,
             classification: str = "正常", overdue_days: int = 0, mode: str = "受托支付", purpose: str,
             counterparties: list[str], **flags) -> dict:
    loan_id = f"L{b['id'][1:]}{len(b['loans']) + 1:02d}"
    maturity = start + timedelta(days=round(months * 30.44))
    if overdue_days:
        maturity = TODAY - timedelta(days=overdue_days)
        start = maturity - timedelta(days=round(months * 30.44))
    balance = yuan(amount_wan if balance_wan is None else balance_wan)
    loan = {
        "loan_id": loan_id, "product": product, "amount": yuan(amount_wan), "balance": balance,
        "start_date": d(start), "maturity_date": d(maturity), "rate": 0.0385 if b["kind"] == "法人" else 0.0435,
        "agreed_purpose": purpose, "agreed_counterparties": "；".join(counterparties), "payment_mode": mode,
        "repayment_schedule": "按月付息，到期一次还本" if months <= 12 else "按季付息，每半年等额还本",
        "overdue_principal": balance if overdue_days else 0, "overdue_interest":
        round(balance * 0.0385 * overdue_days / 360, 2) if overdue_days else 0,
        "overdue_days": overdue_days, "extended": False, "restructured": False, "classification": classification,
    }
    loan.update(flags)
    b["loans"].append(loan)
    _disburse(b, loan, counterparties, mode)
    return loan


def _disburse(b: dict, loan: dict, counterparties: list[str], mode: str) -> None:
    """The loan paid out to the agreed counterparties in two payments, a few days after the start."""
    start = date.fromisoformat(loan["start_date"])
    first = round(loan["amount"] * 0.6, 2)
    for index, amount in enumerate((first, round(loan["amount"] - first, 2))):
        add_flow(b, start + timedelta(days=2 + 5 * index), "out", amount, counterparties[index % len(counterparties)],
                 "disbursement_payment", f"支付{loan['agreed_purpose']}款", loan_id=loan["loan_id"], mode=mode)


def add_flow(b: dict, when: date, direction: str, amount: float, counterparty: str, kind: str, memo: str,
             loan_id: str | None = None, mode: str | None = None) -> None:
    number = 1 + max((int(f["flow_id"][4:]) for f in b["flows"]), default=0)
    b["flows"].append({"flow_id": f"F{b['id'][1:]}{number:04d}", "loan_id": loan_id, "date": d(when),
                       "direction": direction, "amount": amount, "counterparty": counterparty, "memo": memo,
                       "kind": kind, "payment_mode": mode})


def add_collateral(b: dict, loan: dict, kind: str, description: str, value_wan: float, *, appraised: date,
                   previous_wan: float | None = None, registration_end: date | None = None) -> None:
    number = len(b["collateral"]) + 1
    maturity = date.fromisoformat(loan["maturity_date"])
    b["collateral"].append({
        "collateral_id": f"C{b['id'][1:]}{number:02d}", "loan_id": loan["loan_id"], "type": kind,
        "description": description, "appraised_value": yuan(value_wan), "appraisal_date": d(appraised),
        "previous_appraised_value": yuan(previous_wan if previous_wan is not None else value_wan * 0.98),
        "previous_appraisal_date": d(appraised - timedelta(days=365)), "market_value": None,
        "registration_no": f"苏（2025）南京市不动产证明第{int(b['id'][1:]) * 1000 + number:07d}号",
        "registration_end_date": d(registration_end or maturity + timedelta(days=365)),
    })


def add_statements(b: dict, revenue_wan: float, *, growth=(0.06, 0.06), margin=(0.08, 0.08, 0.08),
                   current_ratio=(1.45, 1.48, 1.5), ar_days=(60, 60, 60)) -> None:
    """Three year-to-date statements: 2024-12 and 2025-12 (12 months), 2026-09 (9 months)."""
    annual = [revenue_wan, revenue_wan * (1 + growth[0]), revenue_wan * (1 + growth[0]) * (1 + growth[1])]
    for index, (period, months) in enumerate((("2024-12", 12), ("2025-12", 12), ("2026-09", 9))):
        revenue = annual[index] * months / 12
        current_liabilities = annual[index] * 0.35
        b["statements"].append({
            "period": period, "months": months, "revenue": yuan(revenue),
            "net_profit": yuan(revenue * margin[index]), "total_assets": yuan(annual[index] * 1.2),
            "total_liabilities": yuan(annual[index] * 0.66), "current_assets":
            yuan(current_liabilities * current_ratio[index]), "current_liabilities": yuan(current_liabilities),
            "accounts_receivable": yuan(annual[index] * ar_days[index] / 360),
            "operating_cash_flow": yuan(revenue * margin[index] * 1.1),
        })


def add_receipts(b: dict, share: list[float] | float, customers: list[str]) -> None:
    """Monthly sales receipts through our bank, Jan–Oct 2026, as a share of that month's revenue."""
    latest = b["statements"][-1]
    monthly = latest["revenue"] / latest["months"]
    for month in range(1, 11):
        part = share[month - 1] if isinstance(share, list) else share
        add_flow(b, date(2026, month, 18), "in", round(monthly * part, 2), customers[month % len(customers)],
                 "sales_receipt", "货款")


HEALTHY_FINDINGS = (
    "生产经营正常，开工率与上次检查基本持平，存货和应收账款无明显变化；押品现状良好，本息按时归还。",
    "实地查看生产经营场所和存货，查阅账簿和纳税申报表，收入与报表相符；押品现状良好，未发现风险信号。",
    "经营稳定，在手订单可支撑未来一个季度生产；与财务负责人面谈，资金周转正常，按时还本付息。",
)
PERSONAL_FINDING = "经营正常，进货和销售台账与上次检查基本一致；押品住宅由借款人家庭自住，现状良好，按期还款。"
OFF_SITE_FINDING = "非现场监测：查询征信、工商、涉诉信息并核查账户流水，未见异常。"


def add_inspections(b: dict, on_site: list[date], off_site: list[date] = (), notes: dict[date, str] | None = None,
                    extra_on_site: dict[date, str] | None = None) -> None:
    """On-site and off-site inspections; `notes` gives the findings of a date (else a routine finding),
    `extra_on_site` adds special on-site inspections with their findings."""
    notes = notes or {}
    routine = PERSONAL_FINDING if b["kind"] != "法人" else HEALTHY_FINDINGS[int(b["id"][1:]) % len(HEALTHY_FINDINGS)]
    for when in on_site:
        b["inspections"].append({"date": d(when), "kind": "现场", "officer": b["officer_name"],
                                 "findings": notes.get(when, routine)})
    for when, finding in (extra_on_site or {}).items():
        b["inspections"].append({"date": d(when), "kind": "现场", "officer": b["officer_name"], "findings": finding})
    for when in off_site:
        b["inspections"].append({"date": d(when), "kind": "非现场", "officer": b["officer_name"],
                                 "findings": notes.get(when, OFF_SITE_FINDING)})
    b["inspections"].sort(key=lambda item: item["date"])


def add_event(b: dict, when: date, kind: str, description: str, severity: str = "中", resolved: bool = False):
    """An external event; `severity` is the officer's grade (高/中/低 = 红/橙/黄 of the 预警信号处置指引)."""
    b["events"].append({"date": d(when), "kind": kind, "description": description, "severity": severity,
                        "resolved": resolved})


def add_guarantor(b: dict, name: str, relation: str, notes: str) -> None:
    b["guarantors"].append({"name": name, "relation": relation, "notes": notes})


def main() -> None:
    from scenarios import build_all  # noqa: PLC0415 - sibling module of this script

    borrowers = build_all()
    target = Path(__file__).with_name("sample_borrowers.json")
    target.write_text(json.dumps(borrowers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(borrowers)} borrowers to {target}")


if __name__ == "__main__":
    main()
