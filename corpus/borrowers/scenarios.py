"""The roster's 32 scenarios, built with the helpers in make_sample.py (healthy unless the roster says otherwise)."""

from __future__ import annotations

from datetime import date

from findings import EXTRA, NOTES
from make_sample import (
    add_collateral, add_event, add_flow, add_guarantor, add_inspections, add_loan, add_receipts, add_statements,
    base_borrower,
)

RECENT_ON_SITE = [date(2026, 3, 12), date(2026, 6, 10), date(2026, 9, 8)]
RECENT_OFF_SITE = [date(2026, 10, 20)]
CUSTOMERS = ["江苏华联商贸有限公司", "南京市新城建设集团有限公司", "苏州工业园区远景科技有限公司"]


def company(bid, name, officer, industry, credit, loan_wan, *, product="流动资金贷款", start=date(2026, 2, 10),
            months=12, suppliers=("南京宏发原材料有限公司", "常州金泰机电设备有限公司"), purpose="采购原材料",
            collateral="工业厂房", statements=True, receipts=0.65, inspections=True, **loan_kw):
    b = base_borrower(bid, name, "法人", officer, industry, credit)
    loan = add_loan(b, product, loan_wan, start=start, months=months, purpose=purpose,
                    counterparties=list(suppliers), **loan_kw)
    if collateral:  # 抵押率 about 56%, within the 60% cap of 细则 第三十三条
        what = "办公楼" if collateral == "办公用房" else "厂房及办公楼"
        add_collateral(b, loan, collateral, f"{name}名下{what}", loan_wan * 1.8, appraised=date(2026, 1, 20))
    add_guarantor(b, b["actual_controller"], "实际控制人", "提供连带责任保证，个人资产状况良好。")
    if statements:
        add_statements(b, loan_wan * 6)
        if receipts:
            add_receipts(b, receipts, CUSTOMERS)
    if inspections:
        add_inspections(b, RECENT_ON_SITE, RECENT_OFF_SITE, NOTES.get(bid), EXTRA.get(bid))
    return b, loan


def person(bid, name, kind, officer, credit, loan_wan, *, purpose, counterparty, inspections=True, **loan_kw):
    b = base_borrower(bid, name, kind, officer, "个体经营" if kind == "个人经营" else "个人消费", credit)
    product = "个人经营贷款" if kind == "个人经营" else "个人消费贷款"
    loan = add_loan(b, product, loan_wan, start=loan_kw.pop("start", date(2026, 4, 15)), months=36,
                    purpose=purpose, counterparties=[counterparty], **loan_kw)
    if kind == "个人经营":
        add_collateral(b, loan, "住宅", f"{name}名下住房一套", loan_wan * 1.8, appraised=date(2026, 4, 1))
        if inspections:
            add_inspections(b, [date(2026, 7, 16), date(2026, 10, 12)], notes=NOTES.get(bid),
                            extra_on_site=EXTRA.get(bid))
    elif bid in EXTRA:  # 个人消费: home visits only (细则 第十四条)
        add_inspections(b, [], extra_on_site=EXTRA[bid])
    return b, loan


def corporates() -> list[dict]:
    out = []
    b, _ = company("B001", "恒达机械制造有限公司", "o_wanglei", "通用设备制造", 800, 800)
    out.append(b)
    b, _ = company("B002", "鑫源纺织有限公司", "o_wanglei", "纺织业", 1200, 1000, classification="关注")
    b["statements"].clear()
    b["flows"][:] = [f for f in b["flows"] if f["kind"] != "sales_receipt"]
    add_statements(b, 12000, growth=(-0.17, -0.19), margin=(0.06, 0.058, 0.055))
    add_receipts(b, 0.65, CUSTOMERS)
    out.append(b)
    b, _ = company("B003", "华瑞建材有限公司", "o_lina", "建材批发", 500, 400, classification="关注", overdue_days=35)
    out.append(b)
    b, _ = company("B004", "金穗农业科技有限公司", "o_lina", "农业科技", 600, 500, classification="关注",
                   overdue_days=95)
    out.append(b)
    b, _ = company("B005", "远航物流有限公司", "o_wanglei", "道路货运", 900, 800, classification="可疑",
                   overdue_days=280, receipts=None)
    out.append(b)
    b, loan = company("B006", "宏图房地产开发有限公司", "o_lina", "房地产开发", 5000, 4000, product="固定资产贷款",
                      months=36, purpose="住宅项目建设", suppliers=("中建华东工程有限公司",),
                      classification="损失", overdue_days=400, receipts=None, collateral="办公用房")
    add_event(b, date(2026, 3, 16), "litigation",
              "我行已就逾期贷款本金4000万元向南京市中级人民法院提起诉讼，案件审理中。")
    out.append(b)
    b, loan = company("B007", "博雅电子科技有限公司", "o_zhangwei", "电子元器件", 700, 600, collateral=None)
    add_collateral(b, loan, "工业厂房", "博雅电子名下工业厂房", 550, appraised=date(2026, 9, 15), previous_wan=900)
    out.append(b)
    b, loan = company("B008", "盛世餐饮管理有限公司", "o_zhangwei", "餐饮服务", 300, 300, mode="自主支付",
                      purpose="采购食材及厨房设备", suppliers=("江苏鲜达食材供应链有限公司", "苏州美厨厨房设备有限公司"))
    payments = [f for f in b["flows"] if f["kind"] == "disbursement_payment"]
    payments[-1].update(counterparty="南京汇金投资咨询有限公司", memo="往来款")
    out.append(b)
    b, _ = company("B009", "天成化工有限公司", "o_liuyang", "化学原料制造", 2000, 1500,
                   receipts=[0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.15])
    b["agreed_sales_receipt_ratio"] = 0.6
    out.append(b)
    b, _ = company("B010", "海润贸易有限公司", "o_liuyang", "批发贸易", 800, 700)
    add_event(b, date(2026, 10, 9), "litigation",
              f"实际控制人{b['actual_controller']}因民间借贷纠纷被起诉，涉案金额约900万元。")
    out.append(b)
    b, _ = company("B011", "明光照明电器有限公司", "o_zhangwei", "照明器具制造", 400, 400, inspections=False)
    add_inspections(b, [date(2026, 3, 5), date(2026, 6, 10)], [date(2026, 10, 20)], NOTES["B011"])
    out.append(b)
    b, _ = company("B012", "新锐汽车配件有限公司", "o_chenjing", "汽车零部件", 600, 500, start=date(2025, 5, 20),
                   months=24, classification="关注", extended=True)
    out.append(b)
    b, _ = company("B013", "绿洲食品有限公司", "o_chenjing", "食品制造", 1100, 900, start=date(2026, 1, 8),
                   months=36, classification="关注", restructured=True)
    out.append(b)
    b, loan = company("B014", "东方精密仪器有限公司", "o_zhaomin", "仪器仪表制造", 3000, 3000, product="固定资产贷款",
                      months=60, purpose="购置精密加工设备", start=date(2026, 3, 2),
                      suppliers=("德玛吉精密机床（上海）有限公司", "苏州恒力自动化工程有限公司"))
    b["flows"][:] = [f for f in b["flows"] if f["kind"] != "disbursement_payment"]
    for when, amount, who, mode in ((date(2026, 3, 6), 12_000_000.00, "德玛吉精密机床（上海）有限公司", "自主支付"),
                                    (date(2026, 3, 20), 9_000_000.00, "苏州恒力自动化工程有限公司", "受托支付"),
                                    (date(2026, 4, 8), 9_000_000.00, "德玛吉精密机床（上海）有限公司", "受托支付")):
        add_flow(b, when, "out", amount, who, "disbursement_payment", "设备款", loan_id=loan["loan_id"], mode=mode)
    out.append(b)
    b, _ = company("B015", "瑞丰医药有限公司", "o_zhaomin", "医药批发", 1500, 800,
                   suppliers=("国药控股江苏有限公司", "华润医药商业集团有限公司"))
    second = add_loan(b, "流动资金贷款", 600, start=date(2026, 6, 1), purpose="采购药品",
                      counterparties=["国药控股江苏有限公司"])
    add_collateral(b, second, "存单质押", "单位定期存单", 650, appraised=date(2026, 5, 28))
    out.append(b)
    return out


def later_corporates() -> list[dict]:
    out = []
    b, _ = company("B022", "长江钢构有限公司", "o_wanglei", "钢结构工程", 1000, 1000)
    out.append(b)
    b, _ = company("B023", "青山水泥有限公司", "o_liuyang", "水泥制造", 2500, 2000)
    b["statements"].clear()
    add_statements(b, 12000, growth=(0.02, -0.05), margin=(0.07, 0.066, 0.02), current_ratio=(1.35, 1.3, 0.88))
    out.append(b)
    b, _ = company("B024", "星辰软件有限公司", "o_chenjing", "软件开发", 500, 500, collateral=None)
    b["statements"].clear()
    add_statements(b, 3000, ar_days=(70, 72, 140))
    out.append(b)
    b, _ = company("B025", "永安建筑工程有限公司", "o_zhaomin", "房屋建筑", 1200, 1000, classification="次级",
                   overdue_days=91, inspections=False, receipts=None)
    add_inspections(b, [date(2026, 9, 28), date(2026, 10, 27), date(2026, 11, 20)], notes={
        date(2026, 9, 28): "贷款8月到期未还，逾期一个多月；已送达书面催收通知书，支行行长约谈借款人并制定书面清收计划。",
        date(2026, 10, 27): "风险部参与清收；两个在建项目的工程款结算推迟，借款人正在催收发包方欠款。",
        date(2026, 11, 20): "逾期已近90天，工程款回笼缓慢；借款人提交分期还款方案，风险部评估诉讼和财产保全措施。"})
    out.append(b)
    b, _ = company("B026", "华夏印务有限公司", "o_lina", "印刷", 350, 300, classification="关注", overdue_days=90)
    out.append(b)
    b, _ = company("B028", "聚丰粮油有限公司", "o_liuyang", "粮油加工", 900, 800)
    add_event(b, date(2026, 9, 3), "controller_change",
              f"工商变更登记显示实际控制人由{b['actual_controller']}变更为陶建新，持股比例变为65%。", "中")
    out.append(b)
    b, _ = company("B029", "锦程家具有限公司", "o_chenjing", "家具制造", 600, 500, classification="关注")
    add_event(b, date(2026, 2, 11), "litigation", "与供应商的买卖合同纠纷已达成和解并结案，风险信号已解除。",
              "低", resolved=True)
    out.append(b)
    b, _ = company("B031", "卓越光电有限公司", "o_wanglei", "光电器件", 800, 700)
    add_event(b, date(2026, 10, 28), "enforcement", "被列为被执行人，执行标的约320万元（买卖合同纠纷）。")
    out.append(b)
    b, _ = company("B032", "顺通运输有限公司", "o_zhangwei", "道路运输", 100, 100, collateral=None)
    out.append(b)
    return out


def individuals() -> list[dict]:
    out = []
    for bid, name, officer in (("B016", "周建国", "o_wanglei"), ("B021", "黄晓梅", "o_zhaomin")):
        out.append(person(bid, name, "个人经营", officer, 150, 120, purpose="经营周转（采购货物）",
                          counterparty="南京万家福商贸有限公司")[0])
    out.append(person("B017", "吴秀英", "个人经营", "o_lina", 80, 60, purpose="经营周转",
                      counterparty="南京华润五金批发市场经营部", overdue_days=35, classification="关注")[0])
    for bid, name, officer in (("B018", "郑海峰", "o_liuyang"), ("B030", "陈美玲", "o_zhaomin")):
        out.append(person(bid, name, "个人消费", officer, 30, 25, purpose="住房装修",
                          counterparty="南京居然之家装饰工程有限公司")[0])
    out.append(person("B019", "孙丽华", "个人消费", "o_zhangwei", 30, 28, purpose="购买家用汽车",
                      counterparty="南京宁通汽车销售服务有限公司", overdue_days=95, classification="次级")[0])
    b, _ = person("B020", "马志强", "个人经营", "o_chenjing", 200, 150, purpose="经营周转",
                  counterparty="苏州恒通纺织原料有限公司")
    add_event(b, date(2026, 11, 2), "credit_report", "征信报告显示新增他行贷款逾期2笔，合计约18万元。")
    out.append(b)
    b, loan = person("B027", "林志远", "个人经营", "o_zhangwei", 200, 180, purpose="购置经营设备",
                     counterparty="南京精工机械设备有限公司", start=date(2025, 7, 1))
    b["collateral"][0]["registration_end_date"] = "2027-12-31"
    out.append(b)
    return out


def build_all() -> list[dict]:
    borrowers = corporates() + later_corporates() + individuals()
    return sorted(borrowers, key=lambda b: b["id"])
