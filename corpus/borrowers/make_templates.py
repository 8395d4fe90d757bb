"""Write the import templates (template.json, template.xlsx, template_csv/) from one example borrower.

Run with the project's Python: `.venv/bin/python corpus/borrowers/make_templates.py`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from assistant.records.export import write_csv_folder, write_xlsx

HERE = Path(__file__).resolve().parent

EXAMPLE = {
    "id": "B900", "name": "示例科技有限公司", "kind": "法人", "industry": "软件开发", "actual_controller": "张三",
    "id_number": "91320100MA1X99990K", "phone": "02500000000", "branch": "城东支行", "officer_code": "o_wanglei",
    "officer_name": "王磊", "credit_limit": 5000000.00, "agreed_sales_receipt_ratio": 0.5,
    "loans": [{
        "loan_id": "L90001", "product": "流动资金贷款", "amount": 3000000.00, "balance": 3000000.00,
        "start_date": "2026-03-01", "maturity_date": "2027-03-01", "rate": 0.0385, "agreed_purpose": "采购原材料",
        "agreed_counterparties": "示例原材料有限公司；示例设备有限公司", "payment_mode": "受托支付",
        "repayment_schedule": "按月付息，到期一次还本", "overdue_principal": 0, "overdue_interest": 0,
        "overdue_days": 0, "extended": False, "restructured": False, "classification": "正常"}],
    "collateral": [{
        "collateral_id": "C90001", "loan_id": "L90001", "type": "房产", "description": "办公楼一层",
        "appraised_value": 4800000.00, "appraisal_date": "2026-02-20", "previous_appraised_value": 4700000.00,
        "previous_appraisal_date": "2025-02-20", "market_value": None, "registration_no": "示例不动产证明第0000001号",
        "registration_end_date": "2028-03-01"}],
    "guarantors": [{"name": "张三", "relation": "实际控制人", "notes": "提供连带责任保证"}],
    "statements": [{
        "period": "2026-09", "months": 9, "revenue": 13500000.00, "net_profit": 1080000.00,
        "total_assets": 21600000.00, "total_liabilities": 11880000.00, "current_assets": 9000000.00,
        "current_liabilities": 6300000.00, "accounts_receivable": 3000000.00, "operating_cash_flow": 1200000.00}],
    "flows": [
        {"flow_id": "F9000001", "loan_id": "L90001", "date": "2026-03-03", "direction": "out", "amount": 1800000.00,
         "counterparty": "示例原材料有限公司", "memo": "支付材料款", "kind": "disbursement_payment",
         "payment_mode": "受托支付"},
        {"flow_id": "F9000002", "loan_id": None, "date": "2026-04-18", "direction": "in", "amount": 950000.00,
         "counterparty": "示例客户有限公司", "memo": "货款", "kind": "sales_receipt", "payment_mode": None}],
    "inspections": [{"date": "2026-09-08", "kind": "现场", "officer": "王磊", "findings": "经营正常。"}],
    "events": [{"date": "2026-10-09", "kind": "litigation", "description": "与供应商买卖合同纠纷，已和解。",
                "severity": "低", "resolved": True}],
    "case_notes": [{"doc_id": "", "title": "示例走访记录"}],
}


def main() -> None:
    (HERE / "template.json").write_text(json.dumps([EXAMPLE], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_xlsx([EXAMPLE], HERE / "template.xlsx")
    shutil.rmtree(HERE / "template_csv", ignore_errors=True)
    write_csv_folder([EXAMPLE], HERE / "template_csv")
    print("wrote template.json, template.xlsx, template_csv/")


if __name__ == "__main__":
    main()
