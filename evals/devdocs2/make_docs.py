# -*- coding: utf-8 -*-
"""Generate the fictional rule book 《青禾银行个人经营性贷款贷后管理细则》.

Outputs (next to this script):
  source.txt                              plain text (table rows as cells joined by " | ")
  青禾银行个人经营性贷款贷后管理细则.docx     python-docx, house style, no heading styles
  青禾银行个人经营性贷款贷后管理细则.pdf      converted with LibreOffice (text layer)

Usage:  /work/main/.venv/bin/python make_docs.py [--no-pdf]
        /work/main/.venv/bin/python make_docs.py --verify   (checks questions.jsonl,
        source.txt, the docx house style and the pdf text layer)

Line markers used in CONTENT below:
  #T  title (bold, centred, large)      #S  sub-title line (centred)
  #C  chapter (bold, centred paragraph) #A  annex heading (bold, left)
  #G  annex group line (bold, indented) #N  table caption (centred, bold)
  #TABLE ... #END  table rows, cells separated by " | " (first row = header)
  anything else: body paragraph with a two-character first-line indent
"""
import os
import re
import subprocess
import sys

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "青禾银行个人经营性贷款贷后管理细则"

CONTENT = r"""
#T 青禾银行个人经营性贷款贷后管理细则
#S （2024年修订）
#S 青禾银行总行个人金融部　2024年6月印发
#C 第一章 总则
§　为规范青禾银行（以下简称“本行”）个人经营性贷款的贷后管理工作，及时发现和化解信贷风险，保障信贷资产安全，根据《中华人民共和国民法典》《个人贷款管理办法》及本行《个人经营性贷款管理办法》等规定，结合本行实际，制定本细则。
§　本细则适用于本行各分行、支行发放的个人经营性贷款。本细则所称个人经营性贷款，是指本行向个体工商户经营者、小微企业主及其他从事合法经营活动的自然人发放的，用于其合法生产经营活动的人民币贷款，按担保方式分为抵押贷款、保证贷款和信用贷款。
个人住房贷款、个人消费贷款、信用卡透支及国家助学贷款的贷后管理不适用本细则，按本行相关制度执行。
§　本细则下列用语的含义：
（一）贷后管理，是指自贷款发放之日起至贷款本息全部结清之日止，本行对借款人、保证人、押品及贷款资金使用情况进行跟踪检查、风险预警、催收处置和档案管理等各项工作的总称。
（二）首次回访，是指贷款发放后由管户客户经理对借款人开展的第一次现场检查。
（三）常规回访，是指首次回访之后，按照贷款余额和风险分类结果确定的频率定期开展的检查。
（四）预警信号，是指可能影响借款人还款能力或者还款意愿、可能导致本行债权受到损失的各类事件或者迹象。
（五）逾期天数，是指自借款合同约定的还款日次日起，至借款人实际归还全部到期本息之日止的自然日天数。
（六）家庭，是指借款人本人、配偶及未成年子女。
§　贷后管理遵循“谁发放、谁管理，谁管户、谁负责”的原则，坚持现场检查与非现场监测相结合、定期检查与专项检查相结合，做到风险早发现、早报告、早处置。
§　各级机构应当通过本行信贷管理系统记录贷后管理全过程。检查记录、预警信息、催收记录等应当在业务发生后2个工作日内录入系统，不得由他人代为录入，不得擅自修改已提交的记录。
#C 第二章 职责分工
§　管户客户经理是贷后管理的第一责任人，主要职责包括：
（一）按照本细则规定的时限和频率开展首次回访和常规回访，如实填写贷后检查报告；
（二）跟踪贷款资金流向，核实资金实际用途与借款合同约定是否一致；
（三）了解借款人经营状况、家庭资产负债变化以及保证人、押品情况；
（四）发现预警信号后按规定时限报告，并落实经审批的处置措施；
（五）开展逾期贷款的提醒和催收工作；
（六）收集、整理贷后管理资料并按时归档。
每名客户经理管户数量原则上不超过150户；超过150户的，支行应当在1个月内调整管户安排。客户经理因岗位调整、离职等原因变更管户的，应当办理管户交接；接手的客户经理应当在交接完成后30日内对所接管户逐户开展1次现场检查。
§　风险经理负责对贷后管理工作进行独立监督和复核，主要职责包括：
（一）每季度按不低于10%的比例抽查客户经理的贷后检查报告，贷款余额500万元以上的检查报告全部复核；
（二）参与关注类及以下贷款的现场检查；
（三）审核预警信号的认定和分级，提出处置意见并跟踪落实；
（四）按月提出风险分类调整建议；
（五）对贷后管理中发现的违规行为提出问责建议；
（六）每半年对管户客户经理的贷后管理质量进行1次评价。
§　支行行长对本支行贷后管理工作负领导责任，主要职责包括：
（一）组织落实本细则，合理配置管户客户经理；
（二）每季度至少召开1次贷后管理分析会，通报检查情况和风险变化；
（三）审批橙色预警的处置方案，牵头组织红色预警贷款的处置；
（四）每年亲自参加现场检查不少于20户，且应当覆盖本支行个人经营性贷款余额最大的前10户；
（五）审核逾期贷款催收方案以及展期、续贷申请。
§　分行个人金融部负责辖内贷后管理工作的组织、指导和考核；分行风险管理部负责风险分类认定、预警信号管理和贷后管理质量检查，每半年至少对辖内每家支行开展1次贷后管理专项检查。总行个人金融部每年对各分行贷后管理情况进行1次综合评价，评价结果纳入分行年度经营考核。
#C 第三章 贷后检查
§【检查方式】贷后检查分为现场检查和非现场检查。现场检查是指检查人员到借款人经营场所、住所或者押品所在地实地查看，并与借款人或其家庭成员面谈；非现场检查是指通过信贷管理系统、征信报告、账户流水、公开信息查询等方式开展的检查。首次回访以及关注类及以下贷款的常规回访，必须采用现场检查方式。
§【检查人员】现场检查应当由2名以上工作人员共同进行，其中至少1名为管户客户经理。检查人员应当拍摄经营场所门头、内部经营情况及押品现状照片，照片应当显示拍摄时间和地点，每次不少于6张。
§【首次回访】客户经理应当在贷款发放后15日内完成首次回访；单笔金额300万元以上的贷款，应当在发放后10日内完成首次回访，并由风险经理共同参加。首次回访应当重点核实以下内容：
（一）贷款资金是否按合同约定用途支付，受托支付的交易对手是否与购销合同、发票一致；
（二）借款人经营场所是否真实存在并正常经营；
（三）借款人提供的联系方式、居住地址是否准确有效；
（四）押品是否已办妥抵押登记，财产保险是否已经生效。
§【常规回访频率】首次回访完成后，客户经理应当按照表1规定的频率开展常规回访。同一借款人在本行有多笔个人经营性贷款的，按合计余额确定适用档次；风险分类发生变化的，自分类调整之日起按新的频率执行。
#N 表1　个人经营性贷款常规回访频率表
#TABLE
贷款余额档次 | 正常类 | 关注类 | 次级类及以下
100万元（含）以下 | 每6个月至少1次 | 每3个月至少1次 | 每月至少1次
100万元至300万元（含） | 每4个月至少1次 | 每2个月至少1次 | 每月至少1次
300万元至500万元（含） | 每3个月至少1次 | 每月至少1次 | 每半个月至少1次
500万元以上 | 每2个月至少1次 | 每月至少1次 | 每半个月至少1次
#END
注：信用贷款不论金额大小，正常类贷款每3个月至少检查1次；关注类及以下按上表执行。
§【资金用途检查】客户经理应当通过查阅受托支付凭证、购销合同、发票和借款人账户流水等方式，核实贷款资金的实际用途。检查中应当重点关注以下情形：
（一）贷款资金流入股市、期货、理财产品，或者用于购买房产；
（二）贷款资金转入借款人本人、配偶或者关联人账户后再次转出，且无合理交易背景；
（三）贷款资金用于偿还其他金融机构的贷款；
（四）贷款资金流向国家禁止或者限制的行业。
采用借款人自主支付方式的，客户经理应当在贷款发放后30日内取得全部资金使用凭证。发现挪用金额超过贷款金额10%的，应当按照本细则第五章的规定作为预警信号处理。
§【家庭资产负债检查】客户经理应当每年至少1次全面核实借款人家庭资产负债情况，内容包括：
（一）房产、车辆、存款、股权等主要资产的变动情况；
（二）通过征信报告核查借款人及其配偶在各金融机构的借款余额、对外担保余额及还款记录；
（三）民间借贷以及其他未在征信报告中反映的负债；
（四）家庭成员的婚姻状况、健康状况及主要收入来源的变化。
借款人家庭资产负债率超过70%，或者家庭负债总额较贷款发放时增长50%以上的，客户经理应当在检查报告中专项说明，并提示风险经理关注。
§【经营状况检查】客户经理应当结合借款人所在行业的特点，检查经营场所、库存、设备、用工人数、水电费、纳税及结算流水等情况。借款人近3个月经营性结算流水较上年同期下降30%以上的，应当分析原因并在检查报告中说明。
§【检查报告】每次检查结束后3个工作日内，客户经理应当填写《个人经营性贷款贷后检查报告》，对借款人的还款能力、还款意愿和担保状况作出评价，并提出风险分类建议。检查报告须经风险经理复核；关注类及以下贷款的检查报告，还须经支行行长签批。检查报告应当附现场照片、资金用途凭证等佐证材料。
§【非现场监测】客户经理应当每月通过信贷管理系统查看借款人还款账户余额、征信变化提示和外部数据预警信息，并在每月10日前完成上月的非现场监测记录。在每个还款日前5个工作日，客户经理应当确认还款账户资金是否足额；资金不足的，应当提醒借款人及时存入。
§【专项检查】有下列情形之一的，客户经理应当在知悉后5个工作日内开展专项检查，并形成专项检查报告：
（一）借款人所在行业受到国家产业政策调整或者市场环境重大变化的影响；
（二）借款人所在区域发生自然灾害、重大公共卫生事件或者区域性风险事件；
（三）借款人出现本细则第五章规定的预警信号；
（四）风险经理、支行行长或者上级行认为需要开展专项检查的其他情形。
§【到期前检查】对于到期一次性还本的贷款，客户经理应当在贷款到期前60日开展到期前检查，重点核实借款人第一还款来源是否充足、还款资金的筹措安排，以及是否有展期或者续贷意向。经检查认为借款人到期还款存在困难的，应当在5个工作日内报告支行行长，提前制定应对方案。
§【回避要求】客户经理与借款人、保证人存在近亲属关系或者其他利害关系的，不得担任该笔贷款的管户客户经理，也不得参加对该借款人的现场检查。
#C 第四章 押品与保证人管理
§　本行对抵押房产实行动态价值管理。正常类贷款的抵押房产每年至少重估1次；关注类及以下贷款的抵押房产每半年至少重估1次。当地房地产市场价格明显下跌，或者同区域同类房产成交价格较上次评估下降10%以上的，应当及时组织重估。
§　押品重估原则上采用本行内部评估方式。有下列情形之一的，应当委托本行准入的外部评估机构进行评估：
（一）押品上次评估价值在1000万元以上的；
（二）内部重估价值较上次评估价值下降20%以上的；
（三）押品拟进入司法处置程序的。
§LTV　重估后抵押率（贷款余额与押品评估价值之比）超过以下标准的，客户经理应当在10个工作日内与借款人协商，要求其在30日内追加本行认可的担保或者提前归还部分贷款，使抵押率恢复到标准以内：
（一）住宅类房产，抵押率超过70%；
（二）商铺、写字楼类房产，抵押率超过60%；
（三）厂房类房产，抵押率超过50%。
借款人在上述期限内未能落实的，按照橙色预警信号处理。
§　抵押房产为商铺、写字楼、厂房等经营性用房的，借款人应当办理财产保险，保险金额不低于贷款本金，保险期限不短于贷款期限或者逐年续保，并约定本行为第一受益人。客户经理应当在保险到期前30日提醒借款人续保，并在原保单到期后5个工作日内取得新的保险单正本或者电子保单。
§　抵押登记完成后，不动产登记证明应当在5个工作日内移交支行押品管理岗入库保管。押品权证出入库实行双人经办，因办理业务借出的，借出时间不得超过10个工作日。贷款结清后，支行应当在5个工作日内通知借款人办理抵押注销手续。
§　客户经理每次现场检查时应当同时查看抵押房产，核实押品是否存在擅自出租、转让或者重复抵押，拆除、改建或者违章搭建，被列入征收拆迁范围，以及被有权机关查封等情形。抵押房产在抵押登记后对外出租且租期超过1年的，客户经理应当要求借款人和承租人签署确认本行抵押权优先的书面声明。
§　对保证贷款，客户经理应当每年至少1次核实保证人的经营、收入、资产负债、对外担保及涉诉情况，并取得保证人最新的征信报告。保证人为企业法人的，还应当取得其最近一期财务报表。
§　保证人出现以下情形之一的，视为保证能力下降，客户经理应当在5个工作日内报告风险经理，并要求借款人在20日内更换保证人或者追加担保：
（一）保证人被列为失信被执行人，或者涉及金额50万元以上的诉讼；
（二）保证人对外担保总额超过其净资产的2倍；
（三）保证人出现连续3期以上的逾期记录；
（四）保证人死亡、被宣告失踪或者丧失民事行为能力；
（五）保证人为企业的，出现停产、歇业、被吊销营业执照等情形。
#C 第五章 风险预警与处置
§　本细则所称预警信号包括但不限于：
（一）借款人涉诉，即借款人或其经营实体作为被告涉及诉讼、仲裁，涉案金额超过贷款余额20%，或者被列为失信被执行人；
（二）经营场所关停，即借款人经营场所连续停业15日以上，或者被查封、被责令停产停业，或者搬迁后去向不明；
（三）多头借贷，即借款人在本行以外的3家以上金融机构（含小额贷款公司）新增借款，或者征信报告显示近3个月贷款审批类查询超过6次；
（四）借款人在本行或者其他金融机构出现逾期，或者经营结算账户被冻结；
（五）贷款资金被挪用，且挪用金额超过贷款金额10%；
（六）借款人失联，即连续3个工作日无法通过登记的联系方式取得联系；
（七）借款人或其配偶发生重大疾病、离婚，或者涉嫌违法犯罪被采取强制措施；
（八）押品被查封、毁损、灭失，或者抵押率超过本细则{LTV}规定的标准且未在期限内纠正；
（九）借款人经营性结算流水连续3个月较上年同期下降50%以上；
（十）保证人保证能力下降，且未在规定期限内更换保证人或者追加担保。
§　预警信号按风险程度分为三级：
（一）红色预警：借款人失联、经营场所关停、涉嫌违法犯罪被采取强制措施、押品被查封，或者贷款逾期超过30天；
（二）橙色预警：借款人涉诉、多头借贷、贷款资金被挪用，或者抵押率超标未按期纠正；
（三）黄色预警：除红色预警和橙色预警以外的其他预警信号。
同一借款人同时出现2个以上橙色预警信号的，升级为红色预警。
§　对信贷管理系统根据外部数据自动推送的预警信息，客户经理应当在2个工作日内完成核实并在系统中反馈结果。经核实属于误报的，应当说明理由并附相关证明材料，由风险经理确认后关闭。同一借款人3个月内被推送同类预警信息3次以上的，不论核实结果如何，均应当开展1次现场检查。
§　预警信号的处置按照以下步骤进行：
（一）报告。客户经理发现预警信号后，应当在1个工作日内录入信贷管理系统，并报告支行行长和风险经理；红色预警应当在发现当日报告。
（二）核实。客户经理会同风险经理在3个工作日内完成现场核实，查明信号产生的原因及其对还款的影响。
（三）制定方案。风险经理应当在核实完成后5个工作日内提出处置方案，明确压降授信、追加担保、提前收回或者维持现状等措施。
（四）审批。黄色预警的处置方案由风险经理审定；橙色预警由支行行长审批；红色预警由支行行长审核后报分行风险管理部审批，分行风险管理部应当在3个工作日内作出审批意见。
（五）落实与跟踪。客户经理按照审批后的方案落实措施，处置期间每10日向风险经理报告一次进展情况，直至预警解除。
§　借款人涉诉的，客户经理应当取得起诉状、判决书或者裁定书等材料，评估涉诉金额对借款人家庭资产的影响。涉诉金额超过借款人家庭净资产30%的，应当停止发放尚未使用的授信额度，并视情况宣布贷款提前到期。借款人被列为失信被执行人的，客户经理应当在2个工作日内查询其被执行案件信息，并通知保证人。
§　借款人经营场所关停的，客户经理应当在发现后2个工作日内上门查看，了解关停原因和预计恢复经营的时间。关停超过30日且无明确恢复计划的，支行应当启动提前收回贷款程序，并同步做好押品保全工作。
§　借款人多头借贷的，客户经理应当重新测算借款人家庭总负债与年经营收入的比例。该比例超过200%的，应当冻结尚未使用的授信额度，贷款到期后不予续贷；该比例在100%至200%之间的，应当按月开展现场回访，直至比例回落至100%以下。
§　预警信号消除后，借款人连续3个月按时还款且未出现新的预警信号的，客户经理可以提出解除预警申请，经风险经理审核同意后解除；解除红色预警的，还须报分行风险管理部备案。
#C 第六章 逾期贷款管理
§　借款人未按期足额归还本息的，客户经理应当在逾期次日通过电话和短信提醒借款人，并了解逾期原因。逾期贷款的催收按照以下阶段进行：
（一）逾期1至15天：客户经理每3天至少电话催收1次，并做好通话记录；
（二）逾期16至30天：客户经理会同风险经理上门催收，向借款人和保证人送达《逾期贷款催收通知书》，并取得签收回执；
（三）逾期31至60天：支行行长约谈借款人，督促其制定还款计划，同时对押品开展价值重估；
（四）逾期61至90天：支行向借款人和保证人发出律师函，并着手准备诉讼材料；
（五）逾期超过90天：支行将贷款移交分行资产保全部，由分行资产保全部统一采取诉讼、仲裁或者实现担保物权等措施。
§　贷款逾期超过30天且由保证人提供担保的，支行应当向保证人送达《履行保证责任通知书》，要求其在15日内代为清偿逾期本息。抵押贷款逾期超过60天的，支行应当对押品状态进行现场核查，防止押品被转移、隐匿或者毁损。
§　催收工作应当依法合规、文明规范。催收人员不得采用暴力、威胁、恐吓、侮辱等手段，不得向借款人及保证人以外的无关第三人透露债务信息；电话催收的时间应当在每日8时至21时之间，同一工作日内对同一借款人的电话催收不得超过3次。
§　个人经营性贷款按照逾期天数进行风险分类，分类结果不得高于以下标准：
（一）逾期1至60天（含）的，最高归为关注类；
（二）逾期61至90天（含）的，最高归为次级类；
（三）逾期91至180天（含）的，最高归为可疑类；
（四）逾期超过180天的，归为损失类。
未逾期但存在红色预警信号的贷款，最高归为关注类。风险分类每月调整一次，由风险经理提出，经支行行长审核后报分行风险管理部认定。
§　逾期贷款自逾期之日起，按照借款合同约定利率加收50%计收罚息；对不能按期支付的利息，按照罚息利率计收复利。
§　客户经理应当确保每次催收均留有书面记录或者录音，并做好诉讼时效管理。距离诉讼时效届满不足6个月的，应当立即报告支行行长，通过送达催收通知书并取得签收等方式中断诉讼时效。
§　逾期贷款全额收回，或者经重组后恢复正常还款的，客户经理应当在5个工作日内更新系统状态。经重组的贷款，须连续6个月正常还款后方可上调风险分类。
#C 第七章 展期与续贷
§　借款人因季节性、临时性资金周转困难不能按期还款，且经营正常、还款意愿良好的，可以申请展期。借款人应当在贷款到期前30日提出书面申请，说明展期原因、金额和期限，并提供经营情况证明材料。
§　展期应当符合以下条件：
（一）每笔贷款只能展期1次；
（二）原贷款期限在1年以内（含）的，展期期限不得超过原贷款期限；
（三）原贷款期限在1年以上至5年（含）的，展期期限不得超过原贷款期限的一半；
（四）原贷款期限在5年以上的，展期期限不得超过3年；
（五）保证人书面同意继续承担保证责任，抵押贷款已办妥抵押登记变更手续。
§　有下列情形之一的，不得办理展期：
（一）贷款已经逾期，或者借款人近12个月内在本行有3次以上逾期记录；
（二）借款人存在尚未解除的红色预警信号；
（三）借款人存在挪用贷款资金、提供虚假材料等违约行为；
（四）贷款风险分类为次级类及以下。
§　展期申请由客户经理调查、风险经理审查、支行行长审核后，报分行审批。贷款风险分类不得因展期而上调，展期生效后30日内应当完成1次现场检查。
§　本细则所称续贷，是指借款人在贷款到期时，经本行审批以新发放贷款归还原贷款的方式继续使用贷款资金。申请续贷的借款人应当同时符合以下条件：
（一）借款人持续经营满2年，且经营情况正常；
（二）原贷款风险分类为正常类；
（三）近12个月内在本行无逾期记录，且在其他金融机构无连续逾期记录；
（四）续贷后的抵押率不超过本细则{LTV}规定的标准；
（五）续贷金额不超过原贷款金额，续贷期限不超过3年。
§　借款人应当在原贷款到期前60日至15日内提出续贷申请，客户经理应当在原贷款到期前10日完成续贷审批手续。续贷贷款按新发放贷款管理，续贷后15日内完成首次回访。同一笔贷款连续续贷不得超过2次。
§　展期或者续贷的贷款到期后仍不能归还的，不得再次办理展期或者续贷，应当按照本细则第六章的规定进行催收。
#C 第八章 责任追究
§　有下列情形之一的，对相关责任人员进行问责：
（一）未按规定时限完成首次回访或者常规回访的；
（二）检查报告内容虚假、现场照片不实，或者代签、代录的；
（三）发现预警信号未按时报告，或者隐瞒、迟报的；
（四）未按规定开展押品重估、跟踪保险续保，造成押品价值不足或者保障缺失的；
（五）未按规定催收，导致诉讼时效届满或者担保权利丧失的；
（六）违规办理展期、续贷，掩盖贷款真实风险的。
§　问责方式包括责令检讨、通报批评、扣减绩效、暂停信贷业务资格、降级或者撤职等，可以单独或者合并使用。其中：
（一）未按期完成回访的，每户每次扣减管户客户经理当期绩效300元；一个年度内累计3次以上的，给予通报批评；
（二）检查报告弄虚作假的，暂停其信贷业务资格6个月；
（三）隐瞒预警信号造成本行损失的，按照损失金额的1%至5%扣减责任人绩效，单人最高不超过5万元；构成违纪的，移交纪检部门处理。
§　支行一个年度内未按期回访户次占应回访户次的比例超过5%的，由分行对支行行长进行约谈，并在年度考核中扣减相应分值。
§　客户经理已按照本细则勤勉尽职履行贷后管理职责，贷款仍因不可抗力或者其他非主观因素形成不良的，经分行尽职免责认定小组审议，可以免除或者减轻其责任。
§　客户经理离岗、调岗或者轮岗的，支行应当在其离岗前对其管户贷款进行离岗检查，重点检查回访记录的真实性和档案的完整性。检查发现问题的，在问题整改完成前不得办理离岗手续。
#C 第九章 档案管理
§　贷后管理档案包括：
（一）首次回访及常规回访的检查报告和现场照片；
（二）资金用途核查凭证；
（三）押品重估报告、保险单以及不动产登记证明复印件；
（四）保证人检查资料；
（五）预警信号报告、处置方案及审批文件；
（六）催收记录、催收通知书回执及律师函；
（七）展期、续贷的申请及审批材料。
§　贷后管理资料应当在形成后5个工作日内归档，纸质档案与系统电子档案应当保持一致；纸质资料扫描上传系统的，扫描件应当清晰完整，分辨率不低于300dpi。客户经理岗位调整的，应当在离岗前10个工作日内完成管户档案移交，移交清单由交接双方和支行行长共同签字。
§　贷后管理档案自贷款本息结清之日起保存不少于10年；涉及诉讼的，自诉讼终结之日起保存不少于15年。
§　档案借阅须经支行行长审批，借阅期限不超过10个工作日；档案原件原则上不得带出本行营业场所。
#C 第十章 附则
§　各分行可以根据本细则制定实施细则，但管理要求不得低于本细则的规定，并应当在印发后15个工作日内报总行个人金融部备案。
§　本细则由青禾银行总行个人金融部负责解释和修订。
§　本细则自2024年7月1日起施行。本行2019年印发的《青禾银行个人经营性贷款贷后管理暂行办法》同时废止。
#A 附件1：贷后检查要点清单
#G （一）借款人及经营主体
1. 借款人身份证件、营业执照是否在有效期内，经营主体的名称、经营者、经营范围是否发生变更。
2. 经营场所门头、招牌与营业执照登记信息是否一致；经营场所为租赁的，租赁合同剩余期限是否少于6个月。
3. 借款人及其配偶的联系电话、居住地址是否发生变化，能否正常取得联系。
4. 借款人及其配偶的婚姻、健康状况是否发生重大变化。
#G （二）经营状况
5. 近3个月销售收入、结算流水与上年同期相比的变化幅度，下降超过30%的须说明原因。
6. 库存商品、原材料的数量和存放状况，是否存在积压、过期或者明显减少。
7. 主要生产设备是否正常运转，是否存在设备被出售或者抵押给他人的情况。
8. 用工人数与上次检查相比的变化，减少超过三分之一的须说明原因。
9. 水费、电费缴纳记录及纳税记录是否连续正常。
#G （三）资金用途
10. 受托支付凭证的收款人、金额与购销合同、发票是否一致。
11. 自主支付资金的使用凭证是否完整，单笔使用金额在30万元以上的是否取得对应合同。
12. 是否存在资金回流借款人本人、配偶或者关联人账户的情形。
13. 是否存在资金流入股市、期货、房地产，或者用于偿还他行贷款的情形。
#G （四）家庭资产负债
14. 借款人及其配偶征信报告中的贷款余额、对外担保余额、逾期记录及近3个月查询次数。
15. 家庭房产、车辆、存款等主要资产是否发生出售、转让或者新增抵押。
16. 是否存在民间借贷，以及民间借贷的金额、利率和到期时间。
17. 家庭资产负债率是否超过70%。
#G （五）押品与保证人
18. 抵押房产的实际使用人，是否对外出租，租赁关系是否发生在抵押登记之后。
19. 抵押房产是否存在毁损、违章搭建或者被查封的情况。
20. 财产保险是否在有效期内，第一受益人是否为本行。
21. 保证人的经营、收入及对外担保情况，是否涉及诉讼或者被列为失信被执行人。
#G （六）还款情况
22. 本息是否按期足额归还，还款资金是否来源于借款人的经营收入。
23. 还款账户余额是否足以支付下一期本息。
24. 近12个月内是否发生逾期，逾期原因是否已经消除。
#G （七）检查结论
25. 对借款人还款能力、还款意愿和担保状况作出综合评价，提出风险分类建议，并明确是否存在预警信号。
"""


DIGITS = "零一二三四五六七八九"


def cn_num(n):
    """1..99 -> Chinese numerals (十, 十二, 二十, 二十一 ...)."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    head = "" if tens == 1 else DIGITS[tens]
    return head + "十" + (DIGITS[ones] if ones else "")


ARTICLE_MARK = re.compile(r"^§([A-Z]*)(?=　|【)")


def number_articles(content):
    """Replace leading '§' (optionally '§LABEL') by 第N条 and resolve {LABEL}."""
    labels, out, n = {}, [], 0
    for line in content.split("\n"):
        m = ARTICLE_MARK.match(line)
        if m:
            n += 1
            if m.group(1):
                labels[m.group(1)] = "第%s条" % cn_num(n)
            line = "第%s条" % cn_num(n) + line[m.end():]
        out.append(line)
    text = "\n".join(out)
    for key, val in labels.items():
        text = text.replace("{%s}" % key, val)
    assert "§" not in text and not re.search(r"\{[A-Z]+\}", text)
    return text


def parse(content):
    """Return list of blocks: (kind, payload)."""
    blocks = []
    content = number_articles(content)
    lines = [l for l in content.strip("\n").split("\n")]
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        i += 1
        if not line.strip():
            continue
        if line == "#TABLE":
            rows = []
            while lines[i].rstrip() != "#END":
                rows.append([c.strip() for c in lines[i].split(" | ")])
                i += 1
            i += 1
            blocks.append(("table", rows))
        elif line.startswith("#") and len(line) > 2 and line[2] == " ":
            blocks.append((line[1], line[3:]))
        else:
            blocks.append(("P", line))
    return blocks


def source_text(blocks):
    out = []
    for kind, payload in blocks:
        if kind == "table":
            out.extend(" | ".join(r) for r in payload)
        else:
            out.append(payload)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- docx helpers
FONT = "宋体"
FONT_HEI = "黑体"


def set_run_font(run, size=12, bold=False, east=FONT):
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = east  # one CJK font for all scripts (digits, curly quotes)
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east)
    rfonts.set(qn("w:hint"), "eastAsia")  # curly quotes etc. use the CJK font


def add_field(paragraph, instr, size):
    """Insert a Word field (PAGE / NUMPAGES) into paragraph."""
    run = paragraph.add_run()
    set_run_font(run, size)
    fld_begin = OxmlElement("w:fldChar")
    fld_begin.set(qn("w:fldCharType"), "begin")
    run._element.append(fld_begin)
    run = paragraph.add_run()
    set_run_font(run, size)
    instr_el = OxmlElement("w:instrText")
    instr_el.set(qn("xml:space"), "preserve")
    instr_el.text = " %s " % instr
    run._element.append(instr_el)
    run = paragraph.add_run()
    set_run_font(run, size)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._element.append(sep)
    run = paragraph.add_run("1")
    set_run_font(run, size)
    run = paragraph.add_run()
    set_run_font(run, size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._element.append(end)


def fmt(paragraph, align=None, indent=True, before=0, after=0, line=1.5):
    pf = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    pf.first_line_indent = Pt(24) if indent else None
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line


ARTICLE_RE = re.compile(r"^(第[一二三四五六七八九十百零]+条)(　|【[^】]+】)")


def build_docx(blocks, path):
    doc = Document()
    # house style: no Word heading/title styles at all, not even unused definitions
    for st in list(doc.styles):
        if st.name.lower().startswith(("heading", "title", "subtitle", "toc heading")):
            st.element.getparent().remove(st.element)
    for rid, rel in list(doc.part.rels.items()):  # optional Word 2010 copy of styles
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rid]
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.top_margin = sec.bottom_margin = Cm(2.54)
    sec.left_margin = sec.right_margin = Cm(2.8)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr()
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        normal.element.rPr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), FONT)

    # footer: 第 X 页 共 Y 页
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in ("第 ", "PAGE", " 页 共 ", "NUMPAGES", " 页"):
        if piece in ("PAGE", "NUMPAGES"):
            add_field(fp, piece, 10.5)
        else:
            set_run_font(fp.add_run(piece), 10.5)

    for kind, payload in blocks:
        if kind == "T":
            p = doc.add_paragraph()
            fmt(p, WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=12, after=6)
            set_run_font(p.add_run(payload), 18, True, FONT_HEI)
        elif kind == "S":
            p = doc.add_paragraph()
            fmt(p, WD_ALIGN_PARAGRAPH.CENTER, indent=False)
            set_run_font(p.add_run(payload), 12)
        elif kind == "C":
            p = doc.add_paragraph()
            fmt(p, WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=12, after=6)
            set_run_font(p.add_run(payload), 14, True, FONT_HEI)
        elif kind == "A":
            p = doc.add_paragraph()
            p.paragraph_format.page_break_before = True
            fmt(p, WD_ALIGN_PARAGRAPH.LEFT, indent=False, before=6, after=6)
            set_run_font(p.add_run(payload), 14, True, FONT_HEI)
        elif kind == "G":
            p = doc.add_paragraph()
            fmt(p, WD_ALIGN_PARAGRAPH.LEFT, indent=True, before=6)
            set_run_font(p.add_run(payload), 12, True)
        elif kind == "N":
            p = doc.add_paragraph()
            fmt(p, WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=6, after=3)
            set_run_font(p.add_run(payload), 12, True)
        elif kind == "table":
            rows = payload
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    cp = cell.paragraphs[0]
                    fmt(cp, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=1.2)
                    set_run_font(cp.add_run(text), 10.5, r == 0)
        else:  # body paragraph
            p = doc.add_paragraph()
            fmt(p, WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
            m = ARTICLE_RE.match(payload)
            if m:
                set_run_font(p.add_run(m.group(0)), 12, True)
                set_run_font(p.add_run(payload[m.end():]), 12)
            else:
                set_run_font(p.add_run(payload), 12)
    doc.save(path)

    # house-style guard: no heading styles anywhere
    check = Document(path)
    bad = [p.style.name for p in check.paragraphs
           if p.style.name.lower().startswith(("heading", "title"))]
    assert not bad, bad


def build_pdf(docx_path, outdir):
    profile = "file:///tmp/lo_profile_devdocs2"
    subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless",
                    "--convert-to", "pdf", "--outdir", outdir, docx_path],
                   check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# ---------------------------------------------------------------- verification
def norm(text):
    return re.sub(r"\s+", "", text)


def verify():
    """Check questions.jsonl against source.txt, and source.txt against the pdf/docx."""
    import json
    import pypdf

    errors = []
    src = open(os.path.join(HERE, "source.txt"), encoding="utf-8").read()
    src_lines = src.splitlines()
    table_rows = [l for l in src_lines if " | " in l]
    cells = {c for r in table_rows for c in r.split(" | ")}

    # --- docx house style
    d = Document(os.path.join(HERE, NAME + ".docx"))
    styles = {p.style.name for p in d.paragraphs}
    if any(s.lower().startswith(("heading", "title")) for s in styles):
        errors.append("heading style used: %s" % styles)
    chapters = [p for p in d.paragraphs if re.match(r"^第[一二三四五六七八九十]+章 ", p.text)]
    for p in chapters:
        if p.alignment != WD_ALIGN_PARAGRAPH.CENTER or not all(r.bold for r in p.runs):
            errors.append("chapter not bold/centred: " + p.text)
    if len(d.tables) != 1 or len(d.tables[0].rows) != 5:
        errors.append("expected one 5-row table")
    if "NUMPAGES" not in d.sections[0].footer._element.xml:
        errors.append("footer NUMPAGES field missing")

    # --- pdf text layer
    reader = pypdf.PdfReader(os.path.join(HERE, NAME + ".pdf"))
    npages = len(reader.pages)
    pages = [pg.extract_text() for pg in reader.pages]
    for i, t in enumerate(pages, 1):
        m = re.search(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页", t)
        if not m or (int(m.group(1)), int(m.group(2))) != (i, npages):
            errors.append("footer missing/wrong on page %d" % i)
    pdf = norm(re.sub(r"第\s*\d+\s*页\s*共\s*\d+\s*页", "", "\n".join(pages)))
    pdf_noq = re.sub("[“”]", "", pdf)
    quote_only = 0

    def in_pdf(text):
        nonlocal quote_only
        t = norm(text)
        if t in pdf:
            return True
        if re.sub("[“”]", "", t) in pdf_noq:  # pypdf moves CJK curly quotes
            quote_only += 1
            return True
        return False

    for line in src_lines:
        parts = line.split(" | ") if " | " in line else [line]
        for part in parts:
            if not in_pdf(part):
                errors.append("not in pdf text layer: " + part[:40])

    # --- questions
    qs = [json.loads(l) for l in open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8")]
    ids = [q["id"] for q in qs]
    if len(qs) != 45 or len(set(ids)) != 45:
        errors.append("need 45 unique questions")
    fields = ["id", "question", "answerable", "doc", "file", "articles", "evidence",
              "keys", "kind", "style", "split"]
    kinds = {"number", "period", "frequency", "list", "steps", "yes_no", "role",
             "definition", "other"}
    heads = set()
    for l in src_lines:
        m = re.match(r"^(第[一二三四五六七八九十]+条)(　|【)", l)
        if m:
            heads.add(m.group(1))
    heads.add("附件1：贷后检查要点清单")
    ans = [q for q in qs if q["answerable"]]
    for q in qs:
        if list(q) != fields:
            errors.append(q["id"] + " field order")
        if q["kind"] not in kinds or q["style"] not in ("colloquial", "formal"):
            errors.append(q["id"] + " kind/style")
        if q["doc"] != NAME or q["split"] != "devdocs2":
            errors.append(q["id"] + " doc/split")
        if q["style"] == "colloquial" and ("细则" in q["question"] or "青禾" in q["question"]):
            errors.append(q["id"] + " colloquial question names the document")
        if not q["answerable"]:
            if q["articles"] or q["evidence"] or q["keys"]:
                errors.append(q["id"] + " unanswerable with evidence")
            continue
        ev = q["evidence"]
        if not 15 <= len(ev) <= 120:
            errors.append(q["id"] + " evidence length %d" % len(ev))
        if ev not in src:
            errors.append(q["id"] + " evidence not in source.txt")
        if " | " in ev and not all(c in cells for c in ev.split(" | ")):
            errors.append(q["id"] + " table cell not in table")
        if not all(in_pdf(c) for c in ev.split(" | ")):
            errors.append(q["id"] + " evidence not in pdf")
        if not 1 <= len(q["keys"]) <= 3 or any(k not in ev for k in q["keys"]):
            errors.append(q["id"] + " keys")
        if not q["articles"] or any(a not in heads for a in q["articles"]):
            errors.append(q["id"] + " articles %s" % q["articles"])
        # the evidence must sit inside the cited article (or the annex/table)
        art = q["articles"][0]
        start = next(i for i, l in enumerate(src_lines) if l.startswith(art))
        end = next((i for i in range(start + 1, len(src_lines))
                    if re.match(r"^(第[一二三四五六七八九十]+[条章])|^附件", src_lines[i])),
                   len(src_lines))
        if ev not in "\n".join(src_lines[start:end]):
            errors.append(q["id"] + " evidence outside " + art)
    n_table = sum(1 for q in ans if " | " in q["evidence"])
    n_list = sum(1 for q in ans if q["kind"] in ("list", "steps"))
    n_yes = sum(1 for q in ans if q["kind"] == "yes_no")
    n_col = sum(1 for q in qs if q["style"] == "colloquial")
    if len(ans) != 33 or n_table < 3 or n_list < 8 or n_yes < 6 or n_col < 0.6 * len(qs):
        errors.append("distribution: ans=%d table=%d list=%d yes=%d col=%d"
                      % (len(ans), n_table, n_list, n_yes, n_col))
    print("pdf pages:", npages, "| source lines:", len(src_lines),
          "| matched only after removing curly quotes:", quote_only)
    print("questions: %d answerable=%d table=%d list/steps=%d yes_no=%d colloquial=%d (%.0f%%)"
          % (len(qs), len(ans), n_table, n_list, n_yes, n_col, 100.0 * n_col / len(qs)))
    print("ERRORS:" if errors else "all checks passed")
    for e in errors:
        print("  ", e)
    return not errors


def main():
    if "--verify" in sys.argv:
        sys.exit(0 if verify() else 1)
    blocks = parse(CONTENT)
    txt = source_text(blocks)
    with open(os.path.join(HERE, "source.txt"), "w", encoding="utf-8") as f:
        f.write(txt)
    docx_path = os.path.join(HERE, NAME + ".docx")
    build_docx(blocks, docx_path)
    if "--no-pdf" not in sys.argv:
        build_pdf(docx_path, HERE)
    han = len(re.findall(r"[\u4e00-\u9fff]", txt))
    print("lines:", txt.count("\n"), "Han chars:", han,
          "non-space chars:", len(re.sub(r"\s", "", txt)))


if __name__ == "__main__":
    main()
