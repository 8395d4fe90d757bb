"""Import of JSON, XLSX and CSV borrower files: all-or-nothing, idempotent, precise Chinese errors."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from assistant.records import models as m
from assistant.records.export import write_csv_folder, write_xlsx
from assistant.records.importer import ImportRejected, import_file
from tests.records.conftest import SAMPLE_JSON, SAMPLE_TODAY, write_json

pytestmark = pytest.mark.integration


def counts() -> dict[str, int]:
    from assistant.db import session_scope

    with session_scope() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                for model in (m.Borrower, *m.CHILD_MODELS)}


def rejected(path) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        import_file(path, today=SAMPLE_TODAY)
    return caught.value.errors


def test_sample_import_then_reimport_is_idempotent(database):
    first = import_file(SAMPLE_JSON, today=SAMPLE_TODAY)
    assert (first.borrowers_added, first.borrowers_updated) == (32, 0)
    before = counts()
    assert before["borrowers"] == 32 and before["loans"] == first.rows["loans"]
    second = import_file(SAMPLE_JSON, today=SAMPLE_TODAY)
    assert (second.borrowers_added, second.borrowers_updated) == (0, 32)
    assert counts() == before
    assert "新增借款人0户，更新32户" in second.summary_zh()


def test_reimport_replaces_children_of_imported_borrowers(database, tmp_path, sample_data):
    import_file(SAMPLE_JSON, today=SAMPLE_TODAY)
    b001 = copy.deepcopy(next(b for b in sample_data if b["id"] == "B001"))
    b001["name"] = "恒达机械制造股份有限公司"
    b001["inspections"] = b001["inspections"][:1]
    import_file(write_json(tmp_path / "b001.json", [b001]), today=SAMPLE_TODAY)
    from assistant.db import session_scope

    with session_scope() as session:
        borrower = session.get(m.Borrower, "B001")
        assert borrower.name == "恒达机械制造股份有限公司"
        assert len(borrower.inspections) == 1
        assert len(session.get(m.Borrower, "B002").inspections) == 4  # others untouched


@pytest.mark.parametrize("layout", ["xlsx", "csv"])
def test_xlsx_and_csv_layouts_import_the_same_records(database, tmp_path, sample_data, layout):
    path = write_xlsx(sample_data, tmp_path / "s.xlsx") if layout == "xlsx" \
        else write_csv_folder(sample_data, tmp_path / "csv")
    report = import_file(path, today=SAMPLE_TODAY)
    assert report.borrowers_added == 32
    tabular = counts()
    import_file(SAMPLE_JSON, today=SAMPLE_TODAY)
    assert counts() == tabular


def test_errors_are_row_and_column_precise_and_nothing_is_imported(database, tmp_path, sample_data):
    import_file(SAMPLE_JSON, today=SAMPLE_TODAY)
    before = counts()
    data = copy.deepcopy(sample_data)
    data[0]["name"] = "改过的名称"            # a valid change that must not land either
    data[2]["loans"][0]["maturity_date"] = "2024/13/01"
    data[3]["loans"][0]["amount"] = -5
    data[4]["loans"][0]["classification"] = "良好"
    data[5]["loans"][0]["classification"] = None
    data[6]["inspections"][0]["date"] = "2026-12-01"
    data[7]["loans"][0]["maturity_date"] = "2020-01-01"
    data[8]["flows"][1]["flow_id"] = data[8]["flows"][0]["flow_id"]
    data[9]["statements"][0]["period"] = "2027-03"
    path = tmp_path / "bad.xlsx"
    write_xlsx(data, path)
    errors = rejected(path)
    text = "\n".join(errors)
    assert "「贷款」表第4行「到期日」：日期格式应为YYYY-MM-DD，收到 2024/13/01" in text
    assert "「贷款」表第5行「贷款金额」：金额不能为负数，收到 -5" in text
    assert "「贷款」表第6行「风险分类」：应为 正常、关注、次级、可疑、损失 之一，收到 良好" in text
    assert "「贷款」表第7行「风险分类」：必填，不能为空" in text
    assert "「检查记录」表" in text and "日期不能晚于今天（2026-11-24），收到 2026-12-01" in text
    assert "「贷款」表第9行「到期日」：到期日 2020-01-01 早于起始日" in text
    assert "「流水号」：与「资金流水」表第" in text and "重复" in text
    assert "「报表期间」：报表期间不能晚于本月（2026-11），收到 2027-03" in text
    assert counts() == before
    from assistant.db import session_scope

    with session_scope() as session:
        assert session.get(m.Borrower, "B001").name == "恒达机械制造有限公司"


def test_json_errors_name_borrower_and_field(database, tmp_path, sample_data):
    data = copy.deepcopy(sample_data[:2])
    data[1]["loans"][0]["start_date"] = "2025-02-30"
    data.append(copy.deepcopy(data[0]))           # duplicate borrower id
    errors = rejected(write_json(tmp_path / "bad.json", data))
    assert "第2个借款人（B002）的「贷款」第1条「起始日」（start_date）：日期格式应为YYYY-MM-DD，收到 2025-02-30" in errors
    assert any(e.startswith("第3个借款人（B001）「借款人编号」（id）：与第1个借款人（B001）重复") for e in errors)
    assert counts()["borrowers"] == 0


def test_csv_child_row_with_unknown_borrower(database, tmp_path, sample_data):
    folder = write_csv_folder(sample_data[:1], tmp_path / "csv")
    loans = folder / "贷款.csv"
    loans.write_text(loans.read_text(encoding="utf-8-sig").replace("B001,L00101", "B999,L00101"), encoding="utf-8")
    errors = rejected(folder)
    assert "贷款.csv 第2行「借款人编号」：借款人 B999 不在本文件的「借款人」表中" in errors


def test_error_list_is_capped(database, tmp_path, sample_data):
    data = copy.deepcopy(sample_data)
    for borrower in data:
        for flow in borrower["flows"]:
            flow["amount"] = -1
    with pytest.raises(ImportRejected) as caught:
        import_file(write_json(tmp_path / "many.json", data), today=SAMPLE_TODAY)
    assert len(caught.value.errors) == 200 and caught.value.total > 200
    assert "另有" in caught.value.message


def test_unsupported_and_missing_files(database, tmp_path):
    from assistant.errors import Unsupported, UserError

    (tmp_path / "x.txt").write_text("hi", encoding="utf-8")
    with pytest.raises(Unsupported):
        import_file(tmp_path / "x.txt")
    with pytest.raises(UserError, match="找不到导入文件"):
        import_file(tmp_path / "none.json")
    (tmp_path / "broken.json").write_text("[{", encoding="utf-8")
    with pytest.raises(UserError, match="JSON 文件无法解析"):
        import_file(tmp_path / "broken.json")


def test_shipped_templates_import(database):
    from tests.conftest import REPO_ROOT

    folder = REPO_ROOT / "corpus" / "borrowers"
    for name in ("template.json", "template.xlsx", "template_csv"):
        report = import_file(folder / name, today=SAMPLE_TODAY)
        assert report.rows["loans"] == 1
    assert counts()["borrowers"] == 1
