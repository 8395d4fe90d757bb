# -*- coding: utf-8 -*-
"""Build the fictional rule book 《澄江农村商业银行公司贷款贷后管理办法》 for the
new-documents test set: a .docx (python-docx), a text-layer .pdf (LibreOffice) and
source.txt (plain text of the same content).

Run with:  /work/main/.venv/bin/python /work/main/evals/newdocs/make_docs.py

Markup used in RULEBOOK below (one paragraph per line):
  !TITLE text         document title
  !DOCNO text         document number line under the title
  !CH text            chapter heading (Word "Heading 1"); numbered "第N章 " automatically
  !TABLE title        start of a table; following lines "a | b | c" until !END
  !ANNEX text         annex title (new page, bold centred paragraph)
  !SEC text           annex section heading "一、..." (bold paragraph, no 第X条)
  §text               article; numbered automatically, number glued to text: "第N条text"
  other lines         body paragraphs / items "（一）" "1、"
"""
import os
import re
import shutil
import subprocess
import sys

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT_DIR = os.path.dirname(os.path.abspath(__file__))
BASENAME = "澄江农商行公司贷款贷后管理办法"
DOCX_PATH = os.path.join(OUT_DIR, BASENAME + ".docx")
PDF_PATH = os.path.join(OUT_DIR, BASENAME + ".pdf")
SOURCE_PATH = os.path.join(OUT_DIR, "source.txt")

FOOTER_TEXT = "澄江农村商业银行内部资料 注意保密"
BODY_FONT = "宋体"
HEAD_FONT = "黑体"

RULEBOOK = r"""
!TITLE 澄江农村商业银行公司贷款贷后管理办法
!DOCNO 澄农商银发〔2024〕37号
!CH 总则
§为规范本行公司贷款贷后管理工作，及时识别、预警和化解信贷风险，保障信贷资产安全，根据《中华人民共和国商业银行法》《流动资金贷款管理办法》《固定资产贷款管理办法》《商业银行金融资产风险分类办法》等法律法规和监管规定，结合本行实际，制定本办法。
§本办法所称公司贷款，是指本行向境内依法设立的企业法人、非法人企业及其他经济组织发放的流动资金贷款、固定资产贷款、项目融资贷款和并购贷款。银行承兑汇票、非融资性保函等表外授信业务的贷后管理，参照本办法执行。
§本办法所称贷后管理，是指自贷款首笔资金发放之日起，至贷款本息全部收回、依法转让或者按规定核销为止，本行围绕借款人、保证人、押品和贷款资金用途所开展的跟踪检查、风险预警、风险分类、押品管理、逾期催收和档案管理等各项工作的总称。
§贷后管理遵循以下原则：
（一）全程管理原则。贷后管理覆盖贷款存续的全部期间，不因贷款展期、借新还旧、重组或者管户人员变更而中断。
（二）分类施策原则。依据贷款风险分类结果、客户规模和担保方式，确定差异化的检查频次和管控措施。
（三）实质重于形式原则。贷后检查以借款人真实经营状况和第一还款来源为核心，不得以审阅报表代替实地核查。
（四）责任到人原则。每一笔贷款均须明确管户客户经理和贷后管理责任人，做到权责清晰、失职必究。
§本行实行“谁发放、谁管理，谁管理、谁负责”的贷后管理责任制。管户客户经理是贷后管理的第一责任人，经营机构负责人是所辖贷款贷后管理的直接责任人，分管行领导承担领导责任。
!CH 组织架构与职责
§总行公司业务部是全行公司贷款贷后管理的牵头部门，主要职责是：
（一）制定和修订贷后管理制度、操作规程和检查报告模板；
（二）组织、指导和督促各经营机构开展贷后检查；
（三）按季度汇总分析全行公司贷款贷后管理情况，形成《公司贷款贷后管理季度报告》，报送本行风险管理委员会；
（四）组织贷后管理业务培训和岗位资格考试。
§总行风险管理部负责风险预警信号的统一监测与发布、贷款风险分类的审定和押品价值的归口管理，并对贷后管理质量进行独立评价。风险管理部每半年至少开展一次贷后管理质量抽查，抽查比例不低于各经营机构公司贷款户数的百分之十五。
§总行资产保全部负责不良贷款的清收处置工作，对逾期三十日以上的贷款参与催收，对移交的不良贷款制定清收方案并组织实施。
§总行运营管理部下设放款中心，负责放款条件的审核落实、受托支付的执行以及押品权利凭证的集中保管。放款中心应当在贷款发放后二个工作日内，将放款凭证和受托支付凭证复印件传递给管户客户经理，作为首次检查的依据。
§总行授信审批部在审批贷款时，可以根据客户风险特征在授信批复中提出个性化的贷后管理要求。授信批复提出的贷后管理要求严于本办法规定的，按照授信批复执行。
§经营机构（支行）的贷后管理职责主要包括：
（一）按照本办法规定的频次和要求组织开展贷后检查；
（二）对所辖客户的预警信号进行核实、报告和处置；
（三）提出贷款风险分类的初分意见；
（四）落实押品的日常管理和现场核查；
（五）组织开展逾期贷款的催收工作；
（六）收集、整理和移交贷后档案资料。
§管户客户经理的具体职责包括：按时完成各类贷后检查并撰写检查报告；监测贷款资金流向；收集借款人财务报表、纳税资料和水电费缴纳记录等经营信息；及时发现并报告预警信号；配合开展催收和资产保全工作。客户经理岗位调整的，应当在调离前五个工作日内完成管户移交，移交双方及支行负责人在《贷后管理移交清单》上签字确认。
!CH 贷款支付与用途监控
§本行公司贷款资金的支付分为受托支付和自主支付两种方式。受托支付是指借款人提出用款申请并授权本行后，由本行将贷款资金经借款人账户直接划付至合同约定的交易对象；自主支付是指本行将贷款资金划入借款人账户后，由借款人自行对外支付，本行事后进行核查。
§有下列情形之一的，应当采用受托支付方式：
1、流动资金贷款单笔支付金额超过四百万元的；
2、固定资产贷款和项目融资贷款单笔支付金额超过项目总投资百分之三或者超过二百万元的；
3、与本行首次建立信贷业务关系且内部信用等级为BBB级及以下的借款人申请的贷款；
4、风险分类为关注类及以下的借款人申请的新增提款；
5、借款合同约定应当采用受托支付的其他情形。
§采用受托支付的，放款审核人员应当审核借款人提交的交易合同、发票或者付款清单等资料，确认支付对象、支付金额与合同约定用途一致。交易对象为借款人关联方的，还应当由支行负责人进行二次审核，并在支付前核实交易背景的真实性。
§采用受托支付的，放款中心原则上应当在贷款发放当日将资金支付至交易对象账户；因交易对象账户信息有误等原因未能当日支付的，最迟应当在三个工作日内完成支付，仍无法完成的，应当与借款人协商退回贷款资金或者重新办理支付手续。借款人将单笔大额支付拆分为多笔小额支付以规避受托支付标准的，视同挪用贷款资金处理。
§采用自主支付的，借款人应当按月向本行报告贷款资金支付情况。客户经理应当每月至少一次通过账户流水分析、支付凭证查验等方式核查资金是否按约定用途使用；自主支付累计金额超过一千万元的，应当逐笔调阅支付凭证和对应的交易资料。
§贷款用途监控重点关注以下事项：
（一）贷款资金是否流入证券市场、期货市场或者用于股本权益性投资；
（二）贷款资金是否用于购买理财产品、发放委托贷款或者转借他人；
（三）贷款资金是否在短期内回流借款人或者其关联方账户；
（四）流动资金贷款是否被挪作固定资产投资；
（五）贷款资金是否流入国家禁止或者限制的行业和领域。
§发现借款人挪用贷款资金或者违反合同约定支付的，客户经理应当在发现之日起二个工作日内书面报告支行负责人和公司业务部，本行可以采取停止发放尚未发放的贷款、要求限期纠正、宣布贷款提前到期等措施。挪用金额超过贷款金额百分之二十的，应当宣布贷款提前到期并启动专项检查。
!CH 贷后检查
§贷后检查分为首次检查、常规检查、专项检查和到期前检查。贷后检查以现场检查为主、非现场检查为辅，现场检查应当由两名以上人员共同进行，其中至少一人为管户客户经理。
§首次检查应当在贷款发放后十日内完成。分次提款的贷款，以首笔资金发放日起算；采用受托支付且支付期跨度较长的，首次检查时限可延长至最后一笔受托支付完成后十日内，但自首笔发放日起最长不得超过三十日。首次检查的工作要点见附件一。
§常规检查的频次根据贷款风险分类确定，具体按照下列贷后检查频次表执行。同一借款人在本行有多笔贷款的，按照其中风险分类最差的一笔确定检查频次。对授信总额在五百万元（含）以下、风险分类为正常类且由足值房地产抵押担保的小型企业，常规检查频次可以放宽至每六个月一次。
!TABLE 贷后检查频次表
检查类型 | 频次或时限 | 检查报告
首次检查 | 贷款发放后10日内 | 《首次贷后检查报告》
常规检查（正常类） | 每4个月至少1次 | 《贷后常规检查报告》
常规检查（关注类） | 每2个月至少1次 | 《贷后常规检查报告》及风险缓释措施说明
常规检查（次级类及以下） | 每月至少1次 | 《不良贷款监测报告》
专项检查 | 触发事项发生后3个工作日内启动，7个工作日内完成 | 《贷后专项检查报告》
到期前检查 | 贷款到期日前30日内 | 《还款资金落实情况表》
押品现场核查 | 每6个月至少1次 | 《押品现场核查记录表》
!END
§有下列情形之一的，应当在三个工作日内启动专项检查：
（一）借款人或者其控股股东、实际控制人涉及重大诉讼、仲裁，或者主要资产被查封、冻结、扣押的；
（二）借款人发生合并、分立、股权转让、减资、停产、歇业、解散或者申请破产的；
（三）借款人法定代表人、实际控制人或者主要经营管理人员失联，或者被采取刑事强制措施的；
（四）借款人在本行或者他行出现贷款本息逾期、欠息或者垫款的；
（五）触发橙色及以上预警信号的；
（六）押品价值大幅下降、被第三方主张权利，或者保证人担保能力明显减弱的；
（七）发现贷款资金被挪用的；
（八）总行或者监管部门要求开展检查的其他情形。
§到期前检查应当在贷款到期日前三十日内完成，重点核实借款人还款资金的来源和筹措进度。经检查判断借款人到期不能足额还款的，客户经理应当最迟于到期日前十五日提出续贷、展期、重组或者清收的处置建议，报有权审批人审批。
§贷后检查的内容主要包括：
1、借款人经营状况、财务状况和现金流量的变化情况；
2、贷款资金的使用情况，是否按约定用途使用；
3、借款人履行借款合同约定义务的情况；
4、保证人经营及财务状况、担保能力的变化情况；
5、押品的存续状态、价值变化和保管情况；
6、借款人在他行融资、对外担保及征信记录的变化情况；
7、项目贷款的工程进度、资本金到位和预期收益实现情况。
§客户经理应当在现场检查结束后三个工作日内完成检查报告的撰写，经支行负责人审核签字后录入信贷管理系统。检查报告应当如实反映检查发现的问题，对风险状况作出明确判断，并提出具体的管理措施建议。不得以复制往期报告、照抄客户资料等方式敷衍形成检查报告。
§客户经理应当每月通过信贷管理系统、征信系统和司法信息查询平台对管户借款人开展一次非现场监测，并留存查询记录。对授信总额在五千万元以上的借款人，还应当每周检索一次外部舆情信息。
§对集团客户，由集团主办支行指定主办客户经理统一组织贷后检查，其他成员单位的管户客户经理予以配合。集团内任一成员单位被发布红色预警信号的，集团内其他成员单位在本行的贷款至少按照橙色预警进行管理。
§对保证担保贷款，贷后检查时应当同步检查保证人。保证人担保能力明显下降或者出现重大风险事项的，客户经理应当要求借款人在三十日内更换保证人或者追加其他担保。
§对固定资产贷款和项目融资贷款，除常规检查外，客户经理应当每季度至少一次到项目现场查看工程进度，核对工程监理报告和已完成投资额。项目资本金应当与贷款资金同比例到位，资本金到位比例低于贷款发放比例的，应当暂停后续提款。项目建成投产后，应当重点监测项目实际收益与可行性研究报告预测值的差异，差异超过百分之三十的，应当重新评估还款计划。
§贷款办理展期、借新还旧或者重组的，应当在办理完成后十五日内开展一次专项检查，并自办理之日起按照不低于关注类贷款的频次开展常规检查，持续时间不少于十二个月。
!CH 风险预警
§本行建立公司贷款风险预警机制，对借款人及其关联方的风险信号实行“发现、报告、核实、处置、解除”的闭环管理。预警信号来源包括贷后检查、信贷管理系统监测、征信和司法信息查询、外部舆情以及其他金融机构通报等。
§预警信号按照风险严重程度由低到高分为蓝色、橙色和红色三个级别，各级别的典型信号、处置时限和处置措施按照预警信号分级表执行。
!TABLE 预警信号分级表
预警级别 | 典型信号 | 处置时限 | 处置措施
蓝色预警 | 主要财务指标较上期下降20%以内、所在行业景气度下降、高级管理人员变动 | 15日内 | 客户经理加强监测，缩短检查间隔
橙色预警 | 销售收入较上年同期下降20%以上、欠缴税费或者工资、他行贷款逾期 | 5个工作日内 | 支行行长牵头核实，制定压降或者增信方案
红色预警 | 本行贷款逾期、主要资产被查封、实际控制人失联 | 2个工作日内 | 上报风险管理部，冻结未用额度，启动保全措施
!END
§客户经理发现预警信号后，应当在一个工作日内通过信贷管理系统发起预警报告，并注明信号来源、涉及金额和初步判断。支行负责人应当在收到报告后，按照预警信号分级表规定的时限组织核实和处置。
§红色预警信号经核实成立的，风险管理部应当在二个工作日内提请召开风险处置会议，研究确定处置方案。处置措施可以包括：
（一）停止发放新增贷款，冻结未使用的授信额度；
（二）要求借款人追加担保或者提前归还部分贷款；
（三）对借款人账户、押品依法采取诉前保全措施；
（四）调整贷款风险分类；
（五）将贷款移交资产保全部管理。
§预警信号消除的，经营机构应当提交《预警解除申请表》，并附相关证明材料。蓝色预警由支行负责人审批解除；橙色和红色预警由风险管理部审批解除。红色预警自发布之日起未满三个月的，原则上不得解除。
§对预警信号迟报、漏报或者隐瞒不报的，按照本办法第十二章的规定追究相关人员责任。
§风险管理部应当按月编制《公司贷款风险预警月报》，列明当月新增、升级、降级和解除的预警客户名单，于次月十日前通报各经营机构。
!CH 风险分类调整
§本行按照五级分类标准将公司贷款划分为正常类、关注类、次级类、可疑类和损失类，后三类合称不良贷款。风险分类每季度末全面进行一次；借款人出现影响还款能力的重大变化时，应当及时进行动态调整，不受季度时点限制。
§贷款本金、利息或者收益逾期的，按照以下标准确定最低风险分类：
1、逾期一日至六十日的，至少归为关注类；
2、逾期六十一日至一百八十日的，至少归为次级类；
3、逾期一百八十一日至三百六十日的，至少归为可疑类；
4、逾期三百六十一日以上的，归为损失类。
§风险分类调整按照“客户经理初分、支行复核、风险管理部审定”的程序进行。支行应当在客户经理提出调整意见后三个工作日内完成复核；风险管理部应当在收到复核意见后五个工作日内完成审定。涉及不良贷款认定或者单户贷款余额超过三千万元的分类调整，由风险管理部报分管行长审批。
§贷款风险分类上调应当审慎。不良贷款上调为关注类或者正常类的，借款人应当连续按时足额还本付息不少于六个月，且经营和财务状况出现实质性好转。重组贷款自重组之日起设置不少于一年的观察期，观察期内不得上调为正常类。
§贷款办理借新还旧或者展期的，其风险分类不得因此上调。借款人以新借款偿还本行逾期贷款的，应当结合其实际还款能力重新审慎分类。
!CH 押品管理
§本办法所称押品，是指借款人或者第三人为担保本行债权而提供的抵押物和质物。押品管理实行“权属清晰、价值充足、动态监测、及时处置”的要求。
§押品价值重估按照以下频率进行：
1、所担保贷款风险分类为正常类的，每年至少重估一次；
2、所担保贷款风险分类为关注类的，每六个月至少重估一次；
3、所担保贷款风险分类为次级类及以下的，每三个月至少重估一次；
4、以上市公司股票、债券等有价证券质押的，实行每日盯市，质押率超过合同约定警戒线的，当日通知借款人补仓。
§有下列情形之一的，应当及时对押品进行专项重估：
（一）押品所在区域同类资产市场价格较上次评估下降百分之十五以上的；
（二）押品发生毁损、灭失、被征收或者被查封的；
（三）贷款拟办理展期、重组或者借新还旧的；
（四）押品所担保的贷款被认定为不良贷款的。
§押品价值重估可以采用内部评估或者外部评估方式。单个押品评估价值在三千万元以上的，或者押品为在建工程、特殊用途房地产的，应当委托本行入围的外部评估机构进行评估。同一外部评估机构对同一押品连续评估不得超过三次。
§押品重估后实际抵押率超过原核定抵押率的，客户经理应当书面通知借款人在三十日内追加担保、补充押品或者提前归还相应贷款。借款人逾期未落实的，视同触发橙色预警信号。
§押品现场核查每六个月至少进行一次，核查押品的存续状况、使用状况、占用状况和保险情况，并拍摄现场照片。以存货、仓单等动产质押的，应当每月至少盘点一次，或者通过委托监管方出具的监管报告进行核验。
§押品权利凭证由运营管理部集中入库保管，实行双人管理、双人出入库。权利凭证因办理续期、变更登记等原因需要临时出库的，应当经支行负责人审批，并在二十个工作日内归还入库。
§押品需要投保的，客户经理应当督促借款人在保险到期前办理续保，并确保本行为第一受益人。保险单正本随权利凭证一并入库保管。
!CH 逾期贷款催收
§贷款本金或者利息逾期的，由管户客户经理负责组织催收。催收按照以下步骤进行：
1、逾期当日，通过电话或者短信提示借款人及保证人还款，并做好通话记录；
2、逾期三日内，上门催收，向借款人和保证人送达《逾期贷款催收通知书》，并取得签收回执；
3、逾期十五日仍未归还的，由支行负责人约谈借款人法定代表人或者实际控制人，形成约谈纪要；
4、逾期三十日仍未归还的，由支行会同资产保全部制定清收方案，必要时对押品和账户采取保全措施；
5、逾期六十日仍未归还的，经审批后依法提起诉讼或者申请实现担保物权。
§催收通知书无法直接送达的，可以采用邮寄、公证送达或者在省级以上报纸公告等方式送达，并妥善保存送达凭证。对已逾期的贷款，客户经理应当每年至少向借款人和保证人送达一次催收通知书，确保诉讼时效不中断，并在保证期间内向保证人主张权利。
§逾期贷款的催收记录包括通话记录、催收通知书回执、约谈纪要和送达凭证等，应当在形成之日起五个工作日内归入贷后档案。
§逾期贷款的展期、重组、以物抵债和核销等事项，按照本行相关管理办法执行。不得通过借新还旧、违规展期等方式掩盖贷款的真实风险状况。
!CH 贷款收回与结清
§客户经理应当在贷款到期日前十日向借款人发送《贷款到期还款提示书》，提醒借款人备足还款资金。按期分次还款的贷款，应当在每期还款日前五日进行提示。
§借款人申请提前还款的，应当提前十个工作日向本行提交书面申请，经支行负责人同意后办理。提前还款的利息按照借款合同约定计收。
§贷款本息全部结清后，客户经理应当在五个工作日内会同放款中心办理押品解押和权利凭证退还手续，退还时应当核对领取人身份并由其签收。
§贷款结清后，客户经理应当自结清之日起一个月内完成贷后档案的整理和终结归档，并在信贷管理系统中关闭该笔贷款的贷后管理任务。
!CH 贷后档案管理
§贷后档案是指贷后管理过程中形成的检查报告、预警报告、风险分类资料、押品重估报告、催收记录以及借款人提供的财务报表等资料。贷后档案实行“一户一档”，由经营机构档案管理员集中保管。
§各类贷后资料应当在形成之日起五个工作日内移交档案管理员归档。纸质档案与电子档案的内容应当一致，电子档案通过信贷管理系统同步保存。
§贷后档案的保管期限为自贷款本息结清或者核销之日起不少于十年。涉及诉讼的，保管期限自诉讼终结之日起计算。
§调阅贷后档案应当经档案所属经营机构负责人批准，并登记调阅人、调阅时间和调阅事由。档案原件原则上不得借出；确需借出的，借阅期限不超过十个工作日。
!CH 贷后管理报告与考核
§各经营机构应当于每季度结束后十日内向总行公司业务部报送本机构贷后管理情况报告，内容包括贷后检查完成率、预警信号处置情况、风险分类变动情况和逾期贷款催收进展。
§总行公司业务部按月统计各经营机构贷后检查的按时完成率。按时完成率低于百分之九十五的经营机构，由公司业务部下发督办通知，经营机构应当在十五日内完成整改并书面报告整改结果。
§贷后管理工作质量纳入经营机构和客户经理的年度绩效考核。对连续两个季度贷后检查按时完成率达到百分之百且未发生新增不良贷款的客户经理，在评优评先时予以优先考虑。
!CH 责任追究
§有下列行为之一的，对相关责任人予以通报批评，并扣减当季绩效工资：
（一）未按照规定频次或者时限开展贷后检查的；
（二）检查报告内容失实、复制往期报告或者敷衍应付的；
（三）未按时归档贷后资料的；
（四）预警信号迟报、漏报的。
§有下列行为之一的，视情节轻重给予警告、记过、降级直至解除劳动合同的处分；造成本行资金损失的，按照本行员工违规行为处理办法给予经济处罚：
（一）隐瞒不报预警信号或者虚构检查情况的；
（二）协助借款人挪用贷款资金或者掩盖贷款真实风险的；
（三）未及时催收导致诉讼时效届满或者保证责任免除的；
（四）违规调整贷款风险分类的。
§贷后管理人员已按照本办法规定勤勉尽职地履行职责，有下列情形之一的，可以免除或者减轻责任：
（一）因借款人故意隐瞒、提供虚假资料等欺诈行为导致风险未能及时发现，且检查人员已尽到合理审查义务的；
（二）因自然灾害、政策重大调整等不可抗力因素导致贷款损失的；
（三）已及时报告风险并提出处置建议，但因上级决策原因未被采纳的。
§责任认定由总行审计部牵头，公司业务部、风险管理部配合，认定结果报本行问责委员会审议。
!CH 附则
§本办法未尽事宜，按照国家有关法律法规、监管规定和本行其他制度执行。本办法与上述规定不一致的，以上述规定为准。
§本办法由总行公司业务部负责解释和修订。
§本办法所称“以上”“以内”“以下”均含本数，“超过”“低于”均不含本数。本办法所称“日”为自然日，“工作日”为法定工作日。
§本办法自印发之日起施行。
!ANNEX 附件一 贷后检查工作要点
!SEC 一、首次检查
首次检查的重点是核实贷款资金是否按照合同约定用途支付，以及放款前提条件和担保手续是否全部落实。检查人员应当调阅放款凭证、受托支付凭证和交易对象收款记录，核对资金实际到账情况；对采用自主支付的，应当查验借款人账户流水，逐笔分析大额支出的去向。
首次检查还应当确认抵押登记、质押交付和保险批单等担保手续已经办理完毕，他项权利证书等权利凭证已经入库保管。发现担保手续存在瑕疵的，应当在检查报告中列明，并督促在十五日内补正。
!SEC 二、常规检查
常规检查侧重于借款人持续经营能力和还款能力的变化。检查人员应当查阅借款人最近一期财务报表，并与上期数据对比，重点分析销售收入、经营性现金流、资产负债率和应收账款周转天数的变化；资产负债率较上期上升超过十个百分点的，应当在检查报告中专门说明原因。
常规检查还应当核实借款人的纳税、用电、用水和工资发放情况，以非财务信息交叉验证财务报表的真实性。对连续两期财务报表出现亏损的借款人，应当同时评估其下一期的还款安排。
!SEC 三、专项检查
专项检查围绕触发事项开展，应当查明事项的起因、影响范围和对本行债权的影响程度。检查结束后应当形成明确结论，包括是否调整风险分类、是否发布或者升级预警信号、是否需要采取保全措施。专项检查报告应当报送公司业务部和风险管理部各一份。
专项检查由支行负责人带队实施；涉及红色预警信号或者单户贷款余额超过三千万元的，风险管理部应当派员参加。专项检查应当形成书面工作底稿，记录检查人员、检查时间、检查地点和核实的主要事项。
!SEC 四、现场检查要求
现场检查须注意以下几点：
1、检查前应当拟定检查提纲，明确检查重点，但不得提前告知借款人具体检查内容；
2、应当实地查看借款人主要经营场所、生产设备运转和库存情况，并拍摄带有时间水印的照片不少于五张；
3、应当与借款人财务负责人进行访谈，必要时走访借款人主要上下游客户；
4、检查人员应当在现场检查记录上签字，借款人陪同人员一并签字确认。
!SEC 五、检查报告撰写
检查报告应当做到事实清楚、数据准确、结论明确。报告正文应当包括检查概况、借款人基本情况变化、财务分析、担保情况、风险判断和管理建议六个部分。
对检查中发现的问题，应当逐项列明整改要求和整改期限，并在下一次检查时跟踪整改落实情况。检查报告中的风险判断与当期风险分类结果不一致的，应当说明理由。支行负责人审核检查报告时，应当重点关注风险判断是否有充分依据，对结论不明确或者问题描述笼统的报告，应当退回客户经理补充完善。
!SEC 六、到期前检查
到期前检查应当重点了解借款人还款资金的来源构成，区分经营收入、应收账款回笼、其他融资和资产变现等渠道，并核实相关资金的预计到账时间。借款人计划以他行融资归还本行贷款的，应当取得他行的授信批复或者其他书面证明。
经判断存在还款缺口的，应当测算缺口金额，并在检查报告中提出续贷、展期或者清收的具体建议。
!SEC 七、非现场监测
非现场监测主要依托信贷管理系统、征信系统和司法信息查询平台开展，重点关注以下信息：
1、借款人及其法定代表人、实际控制人新增的被执行、失信和限制高消费记录；
2、借款人在他行的融资余额、逾期和对外担保变化情况；
3、借款人在本行结算账户的资金流量和日均存款变化情况，结算量较上年同期下降超过百分之三十的，应当列为关注事项；
4、涉及借款人的负面新闻报道和网络舆情。
非现场监测发现异常的，应当在五个工作日内安排一次现场核实。
!SEC 八、检查记录留存
检查人员在现场形成的检查记录、访谈笔录和照片，应当在检查结束后当日上传信贷管理系统；纸质原件随检查报告一并移交档案管理员。照片应当能够清晰反映经营场所门牌、生产车间、仓库和押品外观，不得使用往期照片替代。检查记录和照片的保管期限与贷后档案相同。
"""


# ---------------------------------------------------------------- parsing
CN_DIGITS = "零一二三四五六七八九"


def cn_num(n):
    """1..99 -> Chinese numerals as used in article numbers."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def parse(text):
    """Return a list of blocks: (kind, payload)."""
    blocks = []
    n_art = n_ch = 0
    lines = [l.rstrip() for l in text.strip("\n").split("\n")]
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if line.startswith("!TABLE "):
            title = line[len("!TABLE "):].strip()
            rows = []
            i += 1
            while lines[i] != "!END":
                rows.append([c.strip() for c in lines[i].split(" | ")])
                i += 1
            blocks.append(("table", (title, rows)))
        elif line.startswith("!CH "):
            n_ch += 1
            blocks.append(("ch", "第%s章 %s" % (cn_num(n_ch), line[4:].strip())))
        elif line.startswith("!"):
            tag, _, rest = line.partition(" ")
            blocks.append((tag[1:].lower(), rest.strip()))
        elif line.startswith("§"):
            n_art += 1
            blocks.append(("para", "第%s条%s" % (cn_num(n_art), line[1:])))
        else:
            blocks.append(("para", line))
        i += 1
    return blocks


# ---------------------------------------------------------------- docx helpers
def set_run_font(run, name, size=None, bold=None):
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def set_style_font(style, name, size, bold=False):
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    # drop theme fonts that would override the explicit ones
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]


def add_field(paragraph, instr, font=BODY_FONT, size=10.5):
    """Insert a complex field (e.g. PAGE) into paragraph."""
    def fld(kind):
        r = paragraph.add_run()
        set_run_font(r, font, size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._element.append(el)
        return r

    fld("begin")
    r = paragraph.add_run()
    set_run_font(r, font, size)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = " %s " % instr
    r._element.append(it)
    fld("separate")
    r = paragraph.add_run("1")
    set_run_font(r, font, size)
    fld("end")


def setup_footer(section):
    footer = section.footer
    footer.is_linked_to_previous = False
    p1 = footer.paragraphs[0]
    p1.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p1.text = ""
    set_run_font(p1.add_run(FOOTER_TEXT), BODY_FONT, 9)
    p2 = footer.add_paragraph()
    p2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(p2.add_run("第 "), BODY_FONT, 9)
    add_field(p2, "PAGE", size=9)
    set_run_font(p2.add_run(" 页"), BODY_FONT, 9)


ARTICLE_RE = re.compile(r"^(第[一二三四五六七八九十百零]+条)")
ITEM_RE = re.compile(r"^(（[一二三四五六七八九十]+）|\d+、)")


def set_cell_text(cell, text, bold=False):
    cell.text = ""
    p = cell.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    set_run_font(p.add_run(text), BODY_FONT, 10.5, bold)


def build_docx(blocks):
    doc = Document()
    sec = doc.sections[0]
    sec.page_height = Cm(29.7)
    sec.page_width = Cm(21.0)
    sec.top_margin = Cm(3.0)
    sec.bottom_margin = Cm(2.6)
    sec.left_margin = Cm(2.8)
    sec.right_margin = Cm(2.6)
    sec.footer_distance = Cm(1.4)

    styles = doc.styles
    set_style_font(styles["Normal"], BODY_FONT, 12)
    styles["Normal"].paragraph_format.line_spacing = 1.35
    styles["Normal"].paragraph_format.space_after = Pt(3)
    h1 = styles["Heading 1"]
    set_style_font(h1, HEAD_FONT, 15, bold=True)
    h1.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    h1.paragraph_format.space_before = Pt(12)
    h1.paragraph_format.space_after = Pt(6)
    setup_footer(sec)

    for kind, payload in blocks:
        if kind == "title":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(6)
            set_run_font(p.add_run(payload), HEAD_FONT, 20, True)
        elif kind == "docno":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(12)
            set_run_font(p.add_run(payload), BODY_FONT, 12)
        elif kind == "ch":
            h = doc.add_heading(level=1)
            set_run_font(h.add_run(payload), HEAD_FONT, 15, True)
        elif kind == "annex":
            p = doc.add_paragraph()
            p.add_run().add_break(WD_BREAK.PAGE)
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(12)
            set_run_font(p.add_run(payload), HEAD_FONT, 16, True)
        elif kind == "sec":
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(6)
            p.paragraph_format.first_line_indent = Pt(24)
            set_run_font(p.add_run(payload), BODY_FONT, 12, True)
        elif kind == "table":
            title, rows = payload
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_before = Pt(6)
            set_run_font(p.add_run(title), HEAD_FONT, 12, True)
            t = doc.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, row in enumerate(rows):
                for c, val in enumerate(row):
                    set_cell_text(t.cell(r, c), val, bold=(r == 0))
            doc.add_paragraph()
        elif kind == "para":
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
            m = ARTICLE_RE.match(payload)
            if m:
                set_run_font(p.add_run(m.group(1)), HEAD_FONT, 12, True)
                set_run_font(p.add_run(payload[m.end():]), BODY_FONT, 12)
            else:
                set_run_font(p.add_run(payload), BODY_FONT, 12)
        else:
            raise ValueError(kind)
    doc.save(DOCX_PATH)


def build_source(blocks):
    out = []
    for kind, payload in blocks:
        if kind == "table":
            title, rows = payload
            out.append(title)
            out.extend(" | ".join(r) for r in rows)
        else:
            out.append(payload)
    text = "\n".join(out) + "\n"
    with open(SOURCE_PATH, "w", encoding="utf-8") as f:
        f.write(text)
    return text


def convert_pdf():
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice not found")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir",
                    OUT_DIR, DOCX_PATH], check=True,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if not os.path.exists(PDF_PATH):
        sys.exit("PDF not produced")


def main():
    blocks = parse(RULEBOOK)
    build_docx(blocks)
    text = build_source(blocks)
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    print("source.txt: %d chars, %d CJK ideographs" % (len(text), cjk))
    convert_pdf()
    print("wrote", DOCX_PATH)
    print("wrote", PDF_PATH)


if __name__ == "__main__":
    main()
