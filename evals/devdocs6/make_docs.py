#!/usr/bin/env python
"""Build the devdocs6 test document (fictional city commercial bank operating procedure,
GB/T 1.1-like decimal clause numbering).

Outputs in this folder: source.txt (plain text), the .docx (python-docx) and the
.pdf (LibreOffice headless conversion of the .docx, text layer).
Run with /work/main/.venv/bin/python make_docs.py
"""
import os
import shutil
import subprocess
import tempfile

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = os.path.dirname(os.path.abspath(__file__))
BASENAME = "澜江银行股份有限公司公司授信业务贷后管理操作规程"
FILE_NO = "LJB/CR-OP-017"

# Markup: one block per line.
#  T| title   H1| H2| decimal headings   CL| clause with inline text (number in bold)
#  P| body    La| list item a)  L1| sub-item 1)   D| dash item   N| note (smaller)
#  CAP| table caption  TB|widths  R| row (TAB between cells)  TE| end of table
#  AX| annex heading (centred, several lines split by ' / ')   PB| page break
CONTENT = """
T|澜江银行股份有限公司公司授信业务贷后管理操作规程
CAP|文件控制信息
TB|2.6,4.6,2.6,4.6
R|文件编号\tLJB/CR-OP-017\t版本号\tV3.0
R|密级\t内部\t归口管理部门\t总行授信管理部
R|发布日期\t2024年11月20日\t实施日期\t2025年1月1日
R|审批机构\t总行风险管理委员会（2024年第9次会议）\t替代文件\tLJB/CR-OP-017 V2.0
TE|
CAP|修订记录
TB|1.8,3.0,9.6
R|版本\t修订日期\t主要修订内容
R|V1.0\t2018年3月\t首次发布
R|V2.0\t2021年6月\t增加预警分级管理；调整定期检查频率；增加集团客户检查要求
R|V3.0\t2024年11月\t按《商业银行金融资产风险分类办法》调整分类标准；增加无还本续贷操作要求；修订押品重估频率及抵押率上限
TE|
H1|前　言
P|本规程依据国家金融监督管理总局有关授信业务管理的规章和《澜江银行公司授信业务管理办法》制定，是本行公司授信业务贷后管理的操作性规范。
P|本规程由总行授信管理部提出并归口管理，总行风险管理部、资产保全部、法律合规部参与起草。
P|本规程附录A为规范性附录，附录B、附录C为资料性附录。
PB|
H1|1　目的
P|为规范本行公司授信业务贷后管理操作，明确各岗位职责和操作时限，及时识别、计量、预警和处置授信风险，保障信贷资产安全，制定本规程。
H1|2　适用范围
CL|2.1　本规程适用于本行各分行、支行办理的公司客户表内外授信业务，包括流动资金贷款、固定资产贷款、项目融资、贸易融资、银行承兑汇票和非融资性保函。
CL|2.2　普惠型小微企业贷款（单户授信总额1000万元及以下）执行《澜江银行普惠小微贷款贷后管理细则》，该细则未作规定的，适用本规程。
CL|2.3　个人贷款、同业业务和金融市场业务不适用本规程。
H1|3　规范性引用文件
P|下列文件中的内容通过文中的引用而构成本规程必不可少的条款：
D|——《流动资金贷款管理办法》（国家金融监督管理总局令2024年第2号）；
D|——《固定资产贷款管理办法》（国家金融监督管理总局令2024年第1号）；
D|——《商业银行金融资产风险分类办法》（中国银保监会　中国人民银行令2023年第1号）；
D|——《澜江银行公司授信业务管理办法》（LJB/CR-MG-002）；
D|——《澜江银行押品管理办法》（LJB/CR-MG-009）。
H1|4　术语和定义
P|下列术语和定义适用于本规程。
CL|4.1　贷后管理：自授信业务首笔出账之日起至授信项下全部债务清偿完毕之日止，对客户、授信资金、担保及风险状况进行持续跟踪、监测、分类、预警和处置的全部管理活动。
CL|4.2　首次跟踪检查：授信业务出账后，对资金支付、贷款用途及放款条件落实情况进行的第一次检查。
CL|4.3　预警信号：可能导致客户偿债能力或偿债意愿下降、担保能力减弱的各类风险信息。
CL|4.4　主办客户经理、协办客户经理：主办客户经理是客户贷后管理的第一责任人；协办客户经理协助主办客户经理开展贷后工作，并在主办客户经理不能履职时临时承担其职责。
CL|4.5　无还本续贷：对流动资金周转贷款到期后仍有融资需求、临时存在资金困难的小型微型企业，在原贷款到期前预先审核，到期时无需偿还本金即可办理续贷的业务。
H1|5　职责分工
CL|5.1　贷后管理实行“双人管户、分级负责、前中台分离”，各岗位主要职责见表1。
CAP|表1　贷后管理岗位职责
TB|3.2,11.2
R|岗位\t主要职责
R|主办客户经理\t开展首次跟踪检查和定期检查；监测资金流向；发起预警；提出风险分类初分意见；办理到期提示与M1阶段催收
R|协办客户经理\t参与现场检查；复核检查报告数据；主办客户经理休假、培训等不能履职时临时代行其职责
R|支行行长\t审核检查报告；认定一级预警；组织M2阶段催收；每季度至少参加1次重点客户现场检查
R|分行风险经理\t独立复核贷后检查报告和风险分类；对单户授信5000万元以上客户每半年开展1次独立检查
R|分行授信管理部\t认定二级预警；认定正常类、关注类分类；组织押品重估；按月通报贷后检查逾期情况
R|分行资产保全部\t接收移交的逾期及不良资产；组织诉讼、执行、以物抵债和核销申报
R|总行授信管理部\t制定贷后管理制度；监测全行贷后管理质量；对分行贷后管理开展年度评价
R|总行审计部\t每两年至少对各分行贷后管理开展1次专项审计
TE|
CL|5.2　主办客户经理调离或离职的，支行应在其离岗前完成客户移交，移交清单经移交人、接收人和支行行长签字后报分行授信管理部备案。接收人应在移交后30日内对移交客户完成一次现场检查。
H1|6　贷后检查
H2|6.1　首次跟踪检查
CL|6.1.1　检查时限：
La|a)　流动资金贷款、贸易融资：首笔出账后10个工作日内；
La|b)　固定资产贷款、项目融资：首笔出账后20个工作日内；
La|c)　银行承兑汇票、非融资性保函：出票或开立后15个工作日内。
CL|6.1.2　检查内容：
La|a)　资金支付是否与借款合同约定的支付方式、支付对象一致；
La|b)　放款前提条件和放款后落实条件的落实情况，未落实的须列明原因和预计落实时间；
La|c)　押品抵押登记、保险办理及权证入库情况；
La|d)　固定资产贷款项目资本金到位比例与贷款发放进度是否匹配。
CL|6.1.3　首次跟踪检查报告应在检查结束后3个工作日内提交，由支行行长审核，并抄送分行风险经理。
H2|6.2　定期检查
CL|6.2.1　定期检查频率按表2执行。同一客户适用不同频率的，按从高原则执行。
CAP|表2　定期检查频率
TB|5.4,2.6,2.6,3.8
R|客户类别\t现场检查\t非现场监测\t报告审核
R|正常类，单户授信5000万元（含）以上\t每季度1次\t每月1次\t支行行长、分行风险经理
R|正常类，单户授信5000万元以下\t每半年1次\t每季度1次\t支行行长
R|关注类\t每季度1次\t每月1次\t支行行长、分行风险经理
R|不良类（次级、可疑、损失）\t每月1次\t每月1次\t分行资产保全部
R|集团客户及关联客户群\t每季度1次\t每月1次\t分行风险经理
R|房地产开发贷款、政府平台类客户\t每季度1次\t每月1次\t分行风险经理
TE|
N|注：银行承兑汇票、保函等表外业务由100%保证金或本行存单全额覆盖的，可免于现场检查，但每半年应进行1次非现场监测。
CL|6.2.2　定期检查内容至少包括：
La|a)　经营情况：
L1|1)　主营业务、开工率及上下游合作关系有无重大变化；
L1|2)　实际控制人、核心管理层及股权结构有无变化；
L1|3)　行业政策、环保、安全生产等外部因素的影响。
La|b)　财务情况：
L1|1)　收集月度或季度财务报表，与上期及上年同期对比分析；
L1|2)　重点关注资产负债率、流动比率、经营性现金流量净额和或有负债；
L1|3)　年度财务报表须经会计师事务所审计，客户未能在会计年度结束后5个月内提供审计报告的，列为预警信号。
La|c)　担保情况：保证人的财务状况和对外担保变化，押品现状、权属和价值变化。
La|d)　账户及结算情况：在本行的结算量与授信占比是否匹配，有无异常大额资金往来。
La|e)　融资及征信情况：他行授信变化、征信不良记录、涉诉及被执行信息。
CL|6.2.3　现场检查要求：
La|a)　现场检查须双人进行，在客户主要经营场所、生产车间、仓库等现场核实；
La|b)　通过移动展业终端拍摄照片或视频，照片不少于5张，并须带有时间和地理位置信息；
La|c)　与客户实际控制人或财务负责人面谈，面谈记录由受访人签字或以录音方式留存。
CL|6.2.4　定期检查报告应在检查结束后5个工作日内提交，支行行长应在收到后3个工作日内审核，分行风险经理应在其后5个工作日内完成独立复核。检查报告要素见附录A。
H2|6.3　临时检查
CL|6.3.1　出现下列情况之一的，主办客户经理应在获悉后2个工作日内开展临时检查：
La|a)　客户出现附录B所列三级预警信号；
La|b)　客户发生重大安全事故、受到环保处罚或被媒体负面报道；
La|c)　客户涉及标的金额超过其净资产10%的诉讼或仲裁；
La|d)　押品被查封或出现重大毁损；
La|e)　分行授信管理部或总行要求开展检查的。
CL|6.3.2　临时检查报告应在检查结束后1个工作日内报送分行授信管理部。
H2|6.4　集团客户检查
CL|6.4.1　对集团客户实行“统一授信、分级检查”。集团主办行负责牵头组织对成员企业的检查，每年至少组织1次集团整体现场检查，并于每年4月30日前形成集团客户年度贷后评价报告。
CL|6.4.2　集团成员企业被下调为不良的，主办行应在10个工作日内评估对其他成员企业的影响，并提出其他成员授信风险分类的调整建议。
H2|6.5　非现场监测
CL|6.5.1　非现场监测依托本行风险监测系统进行，监测内容包括客户账户交易流水、征信变化、司法涉诉、工商变更、税务及舆情信息。
CL|6.5.2　系统推送的一般监测提示（尚未构成预警信号的），主办客户经理应在5个工作日内查看并登记处理意见；经查看构成预警信号的，按第8章处理。
CL|6.5.3　非现场监测不能替代现场检查。客户连续两个检查周期未开展现场检查的，系统自动冻结该客户的新增用信，直至补做现场检查并经支行行长审核通过。
H1|7　授信资金用途监控
H2|7.1　支付方式
CL|7.1.1　符合下列情形之一的，应采用受托支付：
La|a)　流动资金贷款单笔支付金额超过1000万元的；
La|b)　固定资产贷款单笔支付金额超过项目总投资5%或超过500万元的；
La|c)　与借款人新建立信贷业务关系且借款人信用状况一般的。
CL|7.1.2　采用自主支付的，借款人应按季向本行汇总报告贷款资金支付情况，主办客户经理应在每季度结束后15日内完成核查。
H2|7.2　资金流向监控
CL|7.2.1　主办客户经理应对贷款出账后30日内的资金流向进行逐笔跟踪。单笔金额300万元以上或累计超过贷款金额20%的对外支付，须核对交易背景资料。
CL|7.2.2　发现资金回流至借款人或其关联方账户的，应在2个工作日内要求客户书面说明；无合理解释的，按挪用处理。
H2|7.3　挪用处理
P|发现贷款资金被挪用的，按以下步骤处理：
La|a)　主办客户经理在1个工作日内报告支行行长，并发起二级预警；
La|b)　支行在5个工作日内向客户发出《违约事项通知书》，要求其在不超过30日的期限内纠正；
La|c)　客户未按期纠正的，由分行授信管理部报分行风险管理委员会决定停止支付未提用额度、宣布贷款提前到期或依约收取违约金；
La|d)　挪用金额超过贷款金额30%的，风险分类至少下调为关注类。
H1|8　风险预警管理
H2|8.1　预警信号分类
P|预警信号分为财务类、经营类、管理类、担保类、账户与融资类、外部信息类六类，具体信号及默认等级见附录B。
H2|8.2　预警等级
P|预警按风险严重程度由低到高分为一级、二级、三级：
La|a)　一级预警：风险因素初步显现，对偿债能力影响较小；
La|b)　二级预警：风险因素已对偿债能力产生一定影响，需要采取风险缓释措施；
La|c)　三级预警：风险因素对偿债能力产生严重影响，可能或已经造成损失。
H2|8.3　预警处置流程
CL|8.3.1　触发：对预警系统自动推送或客户经理人工发现的信号，主办客户经理应在2个工作日内完成核实，并在系统中确认或排除。
CL|8.3.2　认定：一级预警由支行行长认定；二级预警由分行授信管理部认定；三级预警由分行风险管理委员会认定，并在3个工作日内报总行授信管理部。
CL|8.3.3　处置：二级、三级预警应在认定后5个工作日内制定风险处置方案，方案应明确责任人、处置措施和完成时限。
CL|8.3.4　跟踪：处置期间，一级预警每季度、二级预警每月、三级预警每半月至少跟踪1次。
CL|8.3.5　退出：预警信号消除且连续6个月未出现新的同级及以上信号的，由原认定机构审批退出。
H2|8.4　预警客户的授信管控
La|a)　一级预警客户：可维持现有授信，新增授信须经分行授信管理部审查；
La|b)　二级预警客户：冻结未使用额度，到期贷款原则上压降不低于20%；
La|c)　三级预警客户：停止一切新增授信，启动清收预案。
H1|9　风险分类
H2|9.1　分类频率
P|本行每月末对全部公司授信资产进行风险分类，每季度末进行集中认定。客户发生重大风险事件的，应在5个工作日内重新分类。
H2|9.2　分类标准
CL|9.2.1　以评估债务人履约能力为中心，综合考虑财务状况、偿付意愿、偿付记录、逾期天数和担保情况，将授信资产分为正常、关注、次级、可疑、损失五类，后三类合称不良资产。
CL|9.2.2　逾期天数的刚性要求：
La|a)　本金、利息逾期的，至少分为关注类，逾期7天以内且属于技术性原因的除外；
La|b)　逾期超过90天的，至少分为次级类；
La|c)　逾期超过270天的，至少分为可疑类；
La|d)　逾期超过360天的，分为损失类；
La|e)　客户在所有银行的债务中，逾期超过90天的债务已超过20%的，本行债权至少分为次级类。
CL|9.2.3　因债务人财务困难而重组的资产，应至少分为次级类，重组观察期至少为1年；观察期内不得上调至正常类。
H2|9.3　分类认定程序与权限
CL|9.3.1　风险分类按“主办客户经理初分—支行行长审核—分行风险经理复核—有权机构认定”的程序进行。
CL|9.3.2　正常类、关注类由分行授信管理部认定。
CL|9.3.3　次级类、可疑类、损失类由分行风险管理委员会审议认定。分行风险管理委员会由7名委员组成，审议风险分类事项须有5名以上委员出席，经出席委员三分之二以上同意方为通过。认定结果应在5个工作日内报总行授信管理部备案。
CL|9.3.4　单户授信1亿元以上客户下调为不良的，须报总行风险管理委员会审议。
H2|9.4　分类调整
CL|9.4.1　下调：发现预警信号或发生逾期时，按9.2随时下调，不受季末认定时点限制。
CL|9.4.2　上调：不良资产上调的，逾期本息须全部清偿，并在随后连续两个还款期或6个月内（按两者孰长原则确定）正常还款；关注类上调为正常类的，导致关注的因素须已消除且持续3个月以上。
CL|9.4.3　分类上调每次原则上只能上调一级。
H1|10　押品管理与价值重估
CL|10.1　押品现场查看与定期检查同步进行，不动产押品每半年至少现场查看1次。
CL|10.2　押品重估频率及抵押率上限见表3。
CAP|表3　押品重估频率及抵押率上限
TB|4.6,2.8,2.6,4.4
R|押品类型\t重估频率\t抵押率上限\t评估方式
R|住宅\t每年1次\t70%\t内部评估为主
R|商业用房、办公用房\t每半年1次\t60%\t内部或外部评估
R|工业厂房及土地使用权\t每年1次\t50%\t内部或外部评估
R|机器设备\t每半年1次\t40%\t外部评估
R|存货、仓单\t每月1次\t50%\t盯市或外部评估
R|上市公司股票\t每日盯市\t50%\t系统盯市
R|本行存单、国债\t不重估\t90%\t—
TE|
CL|10.3　出现下列情形之一的，应在10个工作日内启动押品重估：
La|a)　押品所在地房地产价格指数较上次评估下跌超过10%；
La|b)　押品出现毁损、被查封或发生权属争议；
La|c)　授信资产分类下调为不良类；
La|d)　押品对应授信办理展期、续贷或借新还旧。
CL|10.4　押品评估价值3000万元以上或授信已形成不良的，应委托本行准入的外部评估机构评估，外部评估报告须经分行押品管理岗审查。
CL|10.5　重估后抵押率超过表3上限的，应在20个工作日内要求客户补充押品或压降授信；客户拒绝的，列为二级预警。
CL|10.6　股票质押的履约保障比例（质押股票市值与融资余额之比）低于160%为预警线，低于140%为平仓线。触及预警线的，应在1个工作日内通知出质人补仓；触及平仓线且未在2个交易日内补足的，按合同约定处置质押股票。
H1|11　展期、续贷与借新还旧
H2|11.1　展期
CL|11.1.1　客户申请展期的，应在贷款到期日前至少15个工作日提交书面申请，并取得保证人、抵（质）押人同意继续担保的书面文件。
CL|11.1.2　同一笔贷款展期以1次为限，展期期限不超过1年且不超过原贷款期限。
CL|11.1.3　展期按原审批权限上提一级审批。
H2|11.2　无还本续贷
CL|11.2.1　办理无还本续贷须同时满足下列条件：
La|a)　单户授信总额1000万元（含）以下的小型、微型企业；
La|b)　原流动资金贷款到期且仍有真实融资需求；
La|c)　近12个月内无逾期记录，或仅有不超过2次、每次不超过10天的技术性逾期；
La|d)　贷款风险分类为正常类；
La|e)　不存在挪用贷款资金、逃废债务等情形。
CL|11.2.2　主办客户经理应在贷款到期前1个月启动续贷审查，并在到期前5个工作日完成审批。
H2|11.3　借新还旧
CL|11.3.1　借新还旧仅限于风险分类为正常类或关注类、按时付息、经营正常的客户，担保不得弱化。
CL|11.3.2　借新还旧按原审批权限上提一级审批，同一笔贷款连续借新还旧不得超过2次。
CL|11.3.3　办理借新还旧后，风险分类不得高于办理前的分类；因客户财务困难办理的，按重组资产认定。
H1|12　逾期催收与清收
CL|12.1　按逾期天数分阶段催收：
La|a)　到期前提示：到期前30日发送《贷款到期提示函》，到期前5日再次提示；
La|b)　M1（逾期1—30天）：由主办客户经理负责，每周至少联系客户1次，逾期第5日前发出《逾期催收通知书》；
La|c)　M2（逾期31—60天）：由支行行长负责，每两周至少上门1次，同时向保证人发出《履行担保责任通知书》；
La|d)　M3（逾期61—90天）：由分行授信管理部督导，制定清收方案，评估诉讼保全的可行性；
La|e)　M3+（逾期90天以上）：在10个工作日内移交分行资产保全部，由资产保全部负责诉讼、执行、以物抵债等清收工作。
CL|12.2　每次催收均应在系统中登记催收时间、方式、对象和结果；上门催收的，应取得被催收人签收的催收通知书回执。
CL|12.3　分行资产保全部应建立诉讼时效台账，在诉讼时效届满前3个月发出预警。
CL|12.4　催收不得采用暴力、威胁、骚扰等方式，不得向无关第三方披露客户债务信息。委托外部催收机构的，该机构须经总行审批准入。
CL|12.5　已核销资产实行“账销案存、权在力催”，分行资产保全部每半年至少催收1次。
CL|12.6　以物抵债取得的资产，应自取得之日起2年内处置完毕；确需延期的，须报总行资产保全部批准，延期最长不超过1年。
H1|13　档案管理
CL|13.1　贷后档案包括附录C所列资料。
CL|13.2　贷后资料应在形成后7个工作日内上传信贷系统，并移交档案管理岗归档，原件由支行档案室保管。
CL|13.3　档案保管期限：授信结清的，自结清之日起保管10年；形成不良的，保管至核销或结清后10年；涉及诉讼的，保管至诉讼终结后10年。
CL|13.4　调阅档案原件须经支行行长审批，调阅期限不超过5个工作日；调阅电子档案按系统权限办理。
CL|13.5　电子档案与纸质档案应保持一致。信贷系统中的电子档案由总行信息科技部负责备份，每日进行增量备份，每周进行一次全量备份。
H1|14　考核与问责
CL|14.1　总行授信管理部每年对分行开展贷后管理质量评价，评价结果分为A、B、C、D四档。评价为D档的分行，扣减其当年度绩效工资总额的3%。
CL|14.2　贷后管理考核指标在客户经理年度考核中的权重不低于25%。
CL|14.3　有下列情形之一的，依照《澜江银行员工违规行为处理办法》追究责任：
La|a)　贷后检查逾期超过30日或检查流于形式的；
La|b)　隐瞒、迟报预警信号的；
La|c)　违规调整风险分类的；
La|d)　未按要求重估押品致使担保落空的；
La|e)　违规办理展期、续贷或借新还旧的；
La|f)　丢失、损毁贷后档案的。
CL|14.4　分行授信管理部按月通报贷后检查逾期情况。同一客户经理在一个年度内被通报3次以上的，取消其当年度评优评先资格。
CL|14.5　尽职免责按《澜江银行授信业务尽职免责实施办法》执行，免责认定由分行尽职免责委员会作出，须经全体委员过半数同意。
H1|15　附则
CL|15.1　本规程由总行授信管理部负责解释。
CL|15.2　本规程自2025年1月1日起实施，原《澜江银行公司授信业务贷后管理操作规程》（V2.0）同时废止。
CL|15.3　本规程与监管规定不一致的，按监管规定执行。
PB|
AX|附录A / （规范性附录） / 贷后检查报告要素
CL|A.1　客户概况：
La|a)　客户名称、统一社会信用代码、所属行业；
La|b)　授信品种、金额、期限、担保方式及用信余额。
CL|A.2　检查实施情况：
La|a)　检查类型（首次跟踪、定期、临时）及检查日期；
La|b)　检查人员及检查方式；
La|c)　面谈对象及职务。
CL|A.3　检查发现：
La|a)　经营与财务分析：
L1|1)　营业收入、利润及同比变化；
L1|2)　资产负债率、流动比率；
L1|3)　经营性现金流量净额。
La|b)　资金用途核查结论；
La|c)　担保及押品变化；
La|d)　预警信号及处置进展。
CL|A.4　结论与措施：风险分类建议、授信策略建议（维持、压缩、退出）及后续管理措施。
PB|
AX|附录B / （资料性附录） / 预警信号清单
CAP|表B.1　预警信号清单
TB|1.4,3.2,7.6,2.2
R|编号\t类别\t预警信号\t默认等级
R|B01\t财务类\t资产负债率较上年末上升超过15个百分点\t一级
R|B02\t财务类\t销售收入同比下降超过30%\t二级
R|B03\t财务类\t未在会计年度结束后5个月内提供审计报告\t一级
R|B04\t经营类\t停产、半停产超过3个月\t三级
R|B05\t经营类\t主要产品或工艺被列入国家淘汰目录\t二级
R|B06\t管理类\t实际控制人或法定代表人变更\t一级
R|B07\t管理类\t实际控制人失联或被采取刑事强制措施\t三级
R|B08\t担保类\t押品被查封，或抵押率超过上限且客户拒绝补充\t二级
R|B09\t担保类\t保证人出现逾期或被列为失信被执行人\t二级
R|B10\t账户与融资类\t在本行结算量连续3个月下降超过50%\t一级
R|B11\t账户与融资类\t在他行贷款出现逾期或欠息\t二级
R|B12\t账户与融资类\t本行授信逾期超过60天\t三级
R|B13\t外部信息类\t客户被列为失信被执行人\t三级
R|B14\t外部信息类\t受到环保、安全生产行政处罚且单次罚款超过100万元\t二级
TE|
N|注：表中为默认等级，支行或分行可根据客户实际情况上调一级认定，下调等级须经分行授信管理部同意。
PB|
AX|附录C / （资料性附录） / 贷后档案清单
CL|C.1　检查类：首次跟踪检查报告、定期检查报告、临时检查报告、现场照片和视频、面谈记录。
CL|C.2　监测类：财务报表及审计报告、受托支付凭证、资金流向核查记录、结算量统计。
CL|C.3　预警与分类类：预警核实及认定材料、风险处置方案、风险分类认定表及审批记录。
CL|C.4　押品类：押品重估报告、押品现场查看记录、权证出入库登记。
CL|C.5　催收与处置类：到期提示函、逾期催收通知书及回执、履行担保责任通知书、诉讼及执行材料。
"""

ST = "宋体"
HT = "黑体"


def set_font(run, name, size, bold=False, color=None):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for k in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(k), name)


def fmt(p, first=None, left=None, hanging=None, align=None, before=0, after=0, line=1.5):
    pf = p.paragraph_format
    if first is not None:
        pf.first_line_indent = Pt(first)
    if hanging is not None:
        pf.first_line_indent = Pt(-hanging)
    if left is not None:
        pf.left_indent = Pt(left)
    if align is not None:
        p.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line


def add_field(run, instr):
    f1 = OxmlElement("w:fldChar"); f1.set(qn("w:fldCharType"), "begin")
    it = OxmlElement("w:instrText"); it.set(qn("xml:space"), "preserve"); it.text = instr
    f2 = OxmlElement("w:fldChar"); f2.set(qn("w:fldCharType"), "separate")
    t = OxmlElement("w:t"); t.text = "1"
    f3 = OxmlElement("w:fldChar"); f3.set(qn("w:fldCharType"), "end")
    for el in (f1, it, f2, t, f3):
        run._element.append(el)


def bottom_border(p):
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    b = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        b.set(qn(k), v)
    bdr.append(b)
    ppr.append(bdr)


def shade(cell, color="D9D9D9"):
    tcpr = cell._tc.get_or_add_tcPr()
    sh = OxmlElement("w:shd")
    sh.set(qn("w:val"), "clear"); sh.set(qn("w:color"), "auto"); sh.set(qn("w:fill"), color)
    tcpr.append(sh)


def build():
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.2)
    sec.left_margin, sec.right_margin = Cm(2.5), Cm(2.1)
    st = doc.styles["Normal"]
    st.font.name = ST
    st.font.size = Pt(10.5)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), ST)

    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(hp.add_run(f"澜江银行　{FILE_NO}　V3.0　公司授信业务贷后管理操作规程"), ST, 9)
    bottom_border(hp)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in ("第 ", "PAGE", " 页　共 ", "NUMPAGES", " 页"):
        r = fp.add_run()
        set_font(r, ST, 9)
        if part in ("PAGE", "NUMPAGES"):
            add_field(r, part)
        else:
            r.text = part
    lp = sec.footer.add_paragraph()
    lp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(lp.add_run("内部资料　注意保存"), ST, 8)

    text_out = []
    rows = None
    widths = None
    for raw in CONTENT.strip("\n").split("\n"):
        tag, _, text = raw.partition("|")
        if tag == "TB":
            rows, widths = [], [float(x) for x in text.split(",")]
            continue
        if tag == "R":
            rows.append(text.split("\t"))
            text_out.append(text)
            continue
        if tag == "TE":
            ncol = len(rows[0])
            t = doc.add_table(rows=len(rows), cols=ncol)
            t.style = "Table Grid"
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            t.autofit = False
            for j, w in enumerate(widths):
                t.columns[j].width = Cm(w)
            for i, row in enumerate(rows):
                assert len(row) == ncol, row
                for j, c in enumerate(row):
                    cell = t.cell(i, j)
                    cell.width = Cm(widths[j])
                    cell.text = ""
                    p = cell.paragraphs[0]
                    p.paragraph_format.line_spacing = 1.15
                    header = i == 0
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if (header or len(c) <= 8) else WD_ALIGN_PARAGRAPH.LEFT
                    set_font(p.add_run(c), HT if header else ST, 9.5, header)
                    if header:
                        shade(cell)
            rows = None
            doc.add_paragraph().paragraph_format.space_after = Pt(2)
            continue
        if tag == "PB":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        if tag == "AX":
            parts = text.split(" / ")
            for k, part in enumerate(parts):
                text_out.append(part)
                p = doc.add_paragraph()
                fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER, after=6 if k == len(parts) - 1 else 0)
                set_font(p.add_run(part), HT, 12 if k != 1 else 10.5, k != 1)
            continue
        text_out.append(text)
        p = doc.add_paragraph()
        if tag == "T":
            fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=24, after=18, line=1.3)
            set_font(p.add_run(text), HT, 18, True)
        elif tag == "CAP":
            fmt(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=3)
            set_font(p.add_run(text), HT, 10.5)
        elif tag == "H1":
            fmt(p, before=10, after=4)
            set_font(p.add_run(text), HT, 12, True)
        elif tag == "H2":
            fmt(p, before=6, after=2)
            set_font(p.add_run(text), HT, 10.5, True)
        elif tag == "CL":
            num, sep, rest = text.partition("　")
            fmt(p)
            set_font(p.add_run(num + sep), HT, 10.5, True)
            set_font(p.add_run(rest), ST, 10.5)
        elif tag == "P":
            fmt(p, first=21)
            set_font(p.add_run(text), ST, 10.5)
        elif tag == "La":
            fmt(p, left=42, hanging=21)
            set_font(p.add_run(text), ST, 10.5)
        elif tag == "L1":
            fmt(p, left=63, hanging=21)
            set_font(p.add_run(text), ST, 10.5)
        elif tag == "D":
            fmt(p, left=21)
            set_font(p.add_run(text), ST, 10.5)
        elif tag == "N":
            fmt(p, left=21)
            set_font(p.add_run(text), ST, 9)
        else:
            raise ValueError(raw)

    src = "\n".join(text_out) + "\n"
    with open(os.path.join(HERE, "source.txt"), "w", encoding="utf-8") as f:
        f.write(src)
    docx_path = os.path.join(HERE, BASENAME + ".docx")
    doc.save(docx_path)
    prof = tempfile.mkdtemp(prefix="lo_prof_")
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless",
                        "--convert-to", "pdf", "--outdir", HERE, docx_path],
                       check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    finally:
        shutil.rmtree(prof, ignore_errors=True)
    n_cjk = sum(1 for ch in src if "\u4e00" <= ch <= "\u9fff")
    print("written", docx_path, "| CJK chars:", n_cjk)


if __name__ == "__main__":
    build()
