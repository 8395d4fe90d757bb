"""Import speed: generate N borrowers with loans (and some children), import them into a fresh SQLite, time it.

Usage: .venv/bin/python evals/records_import_speed.py [--borrowers 10000] [--format json|xlsx] [--keep DIR]
Target (issue 3): 10,000 borrowers with loans ≤ 60 s on SQLite. Prints one table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 24)
TARGET_S = 60.0
CLASSES = ("正常", "正常", "正常", "关注", "次级", "可疑", "损失")


def borrower(n: int) -> dict:
    """One synthetic company with two loans, one collateral item, one statement, two flows and an inspection."""
    bid = f"S{n:06d}"
    start = TODAY - timedelta(days=30 + n % 300)
    loans = [{
        "loan_id": f"{bid}-L{k}", "product": "流动资金贷款", "amount": 1_000_000 + 1000 * (n % 97),
        "balance": 900_000 + 1000 * (n % 97), "start_date": start.isoformat(),
        "maturity_date": (start + timedelta(days=365)).isoformat(), "rate": 0.0385, "agreed_purpose": "采购原材料",
        "agreed_counterparties": "甲供应商；乙供应商", "payment_mode": "受托支付", "overdue_days": (n * 7) % 400 if k else 0,
        "classification": CLASSES[n % len(CLASSES)],
    } for k in range(2)]
    return {
        "id": bid, "name": f"测试企业{n}有限公司", "kind": "法人", "industry": "制造业", "branch": "城东支行",
        "officer_code": "o_wanglei", "officer_name": "王磊", "credit_limit": 5_000_000, "loans": loans,
        "collateral": [{"collateral_id": f"{bid}-C1", "loan_id": f"{bid}-L0", "type": "房产",
                        "appraised_value": 2_000_000, "appraisal_date": "2026-01-10"}],
        "statements": [{"period": "2026-09", "months": 9, "revenue": 7_500_000, "net_profit": 500_000,
                        "current_assets": 3_000_000, "current_liabilities": 2_000_000}],
        "flows": [{"flow_id": f"{bid}-F{k}", "loan_id": f"{bid}-L0", "date": f"2026-10-1{k}", "direction": "out",
                   "amount": 450_000, "counterparty": "甲供应商", "kind": "disbursement_payment",
                   "payment_mode": "受托支付"} for k in range(2)],
        "inspections": [{"date": "2026-10-20", "kind": "现场", "officer": "王磊", "findings": "正常"}],
    }


def write_file(folder: Path, count: int, fmt: str) -> Path:
    data = [borrower(n) for n in range(1, count + 1)]
    if fmt == "xlsx":
        from assistant.records.export import write_xlsx

        return write_xlsx(data, folder / "borrowers.xlsx")
    path = folder / "borrowers.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run(count: int, fmt: str, folder: Path) -> dict:
    os.environ["ASSISTANT_HOME"] = str(folder / "home")  # the eval's own data dir, before settings load
    from assistant.config import reset_settings
    from assistant.db import get_engine
    from assistant.records.importer import import_file

    reset_settings()
    get_engine()  # migrations are not part of the import time
    started = time.perf_counter()
    path = write_file(folder, count, fmt)
    generated = time.perf_counter()
    first = import_file(path, today=TODAY)
    imported = time.perf_counter()
    again = import_file(path, today=TODAY)
    reimported = time.perf_counter()
    return {"format": fmt, "borrowers": first.borrowers_added, "loans": first.rows.get("loans", 0),
            "child_rows": sum(first.rows.values()), "generate_s": generated - started,
            "import_s": imported - generated, "reimport_s": reimported - imported,
            "reimport_updated": again.borrowers_updated}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--borrowers", type=int, default=10_000)
    parser.add_argument("--format", choices=("json", "xlsx"), default="json")
    parser.add_argument("--keep", type=Path, help="keep the generated file and database in this folder")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="records-speed-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        result = run(args.borrowers, args.format, folder)
    finally:
        if args.keep is None:
            from assistant.db import dispose_engines

            dispose_engines()
            shutil.rmtree(folder, ignore_errors=True)
    ok = result["import_s"] <= TARGET_S and result["reimport_s"] <= TARGET_S
    print(f"{'format':<8}{'borrowers':>10}{'loans':>8}{'rows':>8}{'import s':>10}{'re-import s':>13}"
          f"  target ≤{TARGET_S:.0f}s")
    print(f"{result['format']:<8}{result['borrowers']:>10}{result['loans']:>8}{result['child_rows']:>8}"
          f"{result['import_s']:>10.1f}{result['reimport_s']:>13.1f}  {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
