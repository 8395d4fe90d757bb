# -*- coding: utf-8 -*-
"""Build the dev rule book 《岭南城市商业银行小企业授信后管理实施细则》.

Outputs (next to this script):
  岭南城商行小企业授信后管理实施细则.docx   (python-docx; headers/footers with PAGE field; real tables)
  岭南城商行小企业授信后管理实施细则.pdf    (via soffice --headless, unless --no-pdf)
  source.txt                               (plain text, one paragraph per line, tables as "a | b | c")

Run:  /work/main/.venv/bin/python make_docs.py
All content is fictional and written for evaluation purposes.
"""
import os
import subprocess
import sys

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = os.path.dirname(os.path.abspath(__file__))
BASENAME = "岭南城商行小企业授信后管理实施细则"
DOCX = os.path.join(HERE, BASENAME + ".docx")
SOURCE = os.path.join(HERE, "source.txt")

# Markup, one element per line:
#   T| title          S| subtitle line         C| chapter heading (bold, centered)
#   A| article        I| item inside article    P| continuation paragraph of an article
#   TC| table caption R| table row "a | b | c" (first row after TC is the header row)
#   X| appendix title H| appendix top-level heading "（一）…"   N| appendix numbered point
CONTENT = r"""
T|岭南城市商业银行小企业授信后管理实施细则
S|（岭南城商银发〔2024〕58号印发）
C|第一章  总则
A|第一条  为加强本行小企业授信业务的授信后管理，及时识别、预警和化解授信风险，保障信贷资产安全，根据《中华人民共和国商业银行法》《流动资金贷款管理办法》《固定资产贷款管理办法》《商业银行金融资产风险分类办法》等法律法规和监管规定，结合《岭南城市商业银行授信业务基本制度》，制定本细则。
A|第二条  本细则所称小企业授信，是指本行向符合国家中小企业划型标准的小型企业、微型企业，以及个体工商户、小微企业主发放的，单户授信总额在2000万元（含）以下的各类表内外授信业务，包括流动资金贷款、固定资产贷款、银行承兑汇票、国内信用证、非融资性保函等。
A|第三条  本细则所称授信后管理，是指自首笔授信资金发放或首笔表外业务办理之日起，至授信本息及相关费用全部结清、授信合同终止之日止，本行对借款人、保证人、押品以及授信资金使用情况进行持续跟踪、检查、监测、预警、处置和档案管理的全部活动。
A|第四条  授信后管理遵循以下原则：
I|（一）全程管理原则。授信后管理贯穿授信存续期全过程，不得因授信金额小、期限短而简化必要环节。
I|（二）分级负责原则。总行、分行、支行按照职责分工各负其责，客户经理对所管户授信后管理工作承担直接责任。
I|（三）风险为本原则。根据借款人风险分类、预警等级和押品状况，差异化确定检查频率和管理措施。
I|（四）及时处置原则。发现风险信号应当及时报告、及时采取措施，不得隐瞒、拖延或者迟报。
A|第五条  本行各级机构开展小企业授信业务，适用本细则。通过线上渠道发放、单户金额在30万元（含）以下的纯信用小额贷款，其授信后管理可以执行总行另行制定的批量管理规程；批量管理规程未作规定的，适用本细则。
C|第二章  职责分工
A|第六条  总行小企业金融部是小企业授信后管理的牵头管理部门，主要职责包括：
I|（一）制定、修订小企业授信后管理制度和操作规程；
I|（二）组织建设和维护信贷管理系统中授信后管理相关功能模块；
I|（三）对分行授信后管理工作进行指导、监测和质量评价；
I|（四）组织全行小企业授信后管理业务培训。
A|第七条  总行风险管理部负责制定风险预警信号标准和风险分类认定标准，对一级预警客户的处置进行督导，并对全行小企业授信资产质量进行监测分析。
A|第八条  分行小企业金融部负责辖内授信后管理工作的组织实施和日常督导；分行风险管理部负责辖内风险分类的审核认定、二级以上预警的审核以及押品重估结果的复核；分行资产保全部负责接收和处置移交的不良授信。
A|第九条  支行是授信后管理的直接执行机构。支行行长对本支行授信后管理工作负领导责任；客户经理是授信后管理的第一责任人，负责检查、催收、信息收集和报告等具体工作；支行应当设置专职或者兼职贷后管理岗，负责检查报告的复核、授信后管理台账的维护和档案的收集整理。贷后管理岗不得由同一客户的主办客户经理兼任。
A|第十条  支行对小企业客户实行主办、协办客户经理（以下简称“AB角”）管理制度。主办客户经理因休假、培训等原因连续离岗超过10个工作日的，由协办客户经理代为履行授信后管理职责。客户经理调离岗位的，应当在调离前5个工作日内完成管户交接，交接清单由移交人、接收人和支行行长三方签字确认；交接完成前，原客户经理不得离岗。
A|第十一条  支行应当建立小企业授信后管理台账，逐户登记授信金额、到期日、担保方式、风险分类、预警状态及检查计划等信息，并于每月最后一个工作日前完成更新。授信后管理台账由贷后管理岗维护，支行行长每季度至少抽查一次。
C|第三章  资金用途监控与受托支付
A|第十二条  授信资金的支付方式分为受托支付和自主支付。有下列情形之一的，应当采用受托支付方式：
I|（一）流动资金贷款单笔支付金额超过100万元（不含）的；
I|（二）固定资产贷款单笔支付金额超过50万元（不含）的；
I|（三）个人经营性贷款单笔支付金额超过30万元（不含）的；
I|（四）借款人新成立不满2年或者与本行首次建立信贷关系的；
I|（五）授信审批意见明确要求受托支付的。
A|第十三条  采用受托支付的，客户经理应当审核借款人提交的支付申请及购销合同、发票等交易资料，确认交易对象、金额与合同约定一致后，由放款中心将资金直接支付给借款人的交易对象。交易对象为借款人关联方的，应当由支行行长进行双人复核。
A|第十四条  采用自主支付的，借款人应当于资金支付后10个工作日内向本行提供资金使用清单及相应支付凭证。客户经理应当逐笔核查；单笔金额在10万元（含）以下的，可以按照不低于笔数30%的比例进行抽查。
A|第十五条  客户经理应当通过账户流水、交易合同、发票及实地查看等方式，对授信资金流向进行跟踪核查，核查内容包括：①资金是否按约定用途使用；②资金是否回流至借款人、其股东或者关联方账户；③资金是否流入证券、期货、理财等金融投资领域或者房地产开发领域；④资金是否用于股本权益性投资。
A|第十六条  发现借款人挪用授信资金的，客户经理应当在2个工作日内书面报告支行行长和分行小企业金融部，并按照以下步骤处理：
I|1. 立即停止发放尚未提用的授信额度；
I|2. 向借款人发出书面纠正通知，要求其在5个工作日内将挪用资金归还至原贷款账户或者调回约定用途；
I|3. 借款人逾期未纠正的，按照合同约定宣布授信提前到期，并将借款人列入二级预警客户名单。
C|第四章  授信后检查
A|第十七条  授信后检查分为首次检查、常规检查和专项检查三类，检查方式包括现场检查和非现场检查。现场检查应当由两名以上人员共同进行，其中至少一名为本行正式员工。
A|第十八条  客户经理应当在首笔授信资金发放之日起15日内完成首次检查。单户授信金额在500万元（含）以上的，首次检查应当采用现场检查方式，并由贷后管理岗陪同。首次检查主要包括以下内容：
I|（一）授信批复中的限制性条件和放款前提条件的落实情况；
I|（二）授信资金的实际支付和使用情况；
I|（三）抵押登记、质押交付等担保手续的办妥情况；
I|（四）借款人经营状况与授信调查时是否存在重大差异。
A|第十九条  常规检查是按照规定频率对借款人进行的定期检查。常规检查的频率、方式和检查报告审批人，按照本细则表1执行。借款人同时涉及多项情形的，按照频率最高的情形执行。
TC|表1  常规检查频率表
R|风险状况 | 检查频率 | 检查方式 | 检查报告审批人
R|正常类（无预警信号） | 每季度至少1次 | 非现场检查为主，每年至少1次现场检查 | 支行行长
R|正常类（存在三级预警信号） | 每2个月至少1次 | 现场检查 | 支行行长
R|关注类 | 每月至少1次 | 现场检查 | 分行小企业金融部负责人
R|次级类 | 每月至少1次 | 现场检查并跟踪清收方案落实 | 分行风险管理部负责人
R|可疑类、损失类 | 移交前每月至少1次，移交后按资产保全规定执行 | 现场检查 | 分行分管行长
A|第二十条  常规检查应当重点关注以下内容：
I|（一）借款人生产经营、财务状况及主要财务指标变化情况；
I|（二）借款人在本行及他行的融资变化、对外担保及涉诉情况；
I|（三）实际控制人及主要股东的变动、婚姻家庭、健康及个人负债情况；
I|（四）押品状况及保证人代偿能力变化情况；
I|（五）授信批复限制性条款的持续履行情况。
A|第二十一条  客户经理应当在每次检查完成后5个工作日内撰写检查报告，并录入信贷管理系统。检查报告经贷后管理岗复核后，报表1规定的审批人审批。检查报告应当如实反映检查情况，并附现场照片、查询记录等佐证材料。
A|第二十二条  客户经理应当按照以下要求收集借款人财务信息：
I|（一）季度财务报表在每季度结束后30日内收集；
I|（二）年度财务报表在次年4月30日前收集，单户授信金额在1000万元（含）以上的，年度财务报表原则上应当经会计师事务所审计；
I|（三）纳税申报表、水电费缴纳记录等非财务信息在常规检查时同步收集。
A|第二十三条  出现下列情形之一的，应当在知悉之日起3个工作日内开展专项检查：
I|（一）借款人触发一级或者二级预警信号的；
I|（二）借款人发生合并、分立、股权转让、重大资产处置等重大事项的；
I|（三）借款人或其实际控制人涉及金额在50万元以上的诉讼或者仲裁的；
I|（四）借款人在本行出现欠息或者逾期的；
I|（五）上级部门或者监管机构要求开展检查的。
A|第二十四条  借款人发生变更名称、住所、法定代表人、实际控制人或者主营业务等事项的，应当按照合同约定在事项发生之日起7日内书面通知本行。客户经理获知后，应当评估相关事项对授信安全的影响，并在检查报告中予以说明。
A|第二十五条  客户经理实施现场检查，应当按照本细则所附《授信后检查操作要点》的要求执行。检查人员不得事先将检查重点告知借款人，专项检查原则上不提前预约。
C|第五章  风险预警与处置
A|第二十六条  本行对小企业授信实行风险预警管理。预警信号按照来源分为财务类、经营类、信用类、账户类、担保类和舆情类六个类别，具体信号及对应预警等级见本细则表2。表2未列明的其他风险信号，由客户经理结合实际情况比照认定。
TC|表2  预警信号分类表
R|类别 | 预警信号 | 预警等级
R|财务类 | 连续两个季度营业收入同比下降30%以上 | 二级（橙色）
R|财务类 | 资产负债率超过80%或者较上年末上升15个百分点以上 | 三级（黄色）
R|经营类 | 主要生产线停产或者半停产超过1个月 | 二级（橙色）
R|经营类 | 实际控制人失联或者被采取刑事强制措施 | 一级（红色）
R|信用类 | 在他行出现逾期、欠息或者被列为关注类以下 | 二级（橙色）
R|信用类 | 借款人或者实际控制人被列入失信被执行人名单 | 一级（红色）
R|账户类 | 本行结算账户月均存款连续3个月下降50%以上 | 三级（黄色）
R|账户类 | 结算账户被司法冻结或者扣划 | 一级（红色）
R|担保类 | 保证人代偿能力明显下降或者涉及重大诉讼 | 二级（橙色）
R|担保类 | 押品被查封或者价值较上次评估下降超过20% | 二级（橙色）
R|舆情类 | 出现对生产经营有重大不利影响的负面舆情 | 三级（黄色）
A|第二十七条  预警等级由高到低分为一级（红色）、二级（橙色）和三级（黄色）。同一借款人同时触发多个预警信号的，按照最高等级认定；同时触发三个以上三级预警信号的，应当上调为二级预警。
A|第二十八条  客户经理发现预警信号后，应当按照以下时限在信贷管理系统中发起预警并报告：
I|（一）一级预警，在发现之日起1个工作日内报告分行风险管理部，并同时抄报总行风险管理部；
I|（二）二级预警，在发现之日起3个工作日内报告分行小企业金融部；
I|（三）三级预警，在发现之日起5个工作日内在系统中登记，并报告支行行长。
A|第二十九条  对已发起预警的借款人，应当根据预警等级采取相应处置措施：
I|（一）三级预警：加大检查频率，与借款人沟通了解原因，并督促其整改；
I|（二）二级预警：暂停新增授信和未用额度的提用，要求追加担保或者压缩授信敞口，借款人风险分类原则上不得高于关注类；
I|（三）一级预警：由分行风险管理部牵头组织风险会商，在预警发起后5个工作日内制定处置方案，必要时采取宣布提前到期、诉讼保全等措施。
A|第三十条  预警信号消除后连续观察满3个月未再出现的，可以申请解除预警。预警解除由客户经理提出申请，经原预警认定层级审批同意后，在信贷管理系统中办理解除手续。一级预警的解除，还应当报总行风险管理部备案。
C|第六章  押品与担保管理
A|第三十一条  授信存续期内，本行应当定期对押品价值进行重估。押品重估的频率、方式及特别触发情形按照本细则表3执行；出现特别触发情形的，应当在10个工作日内完成重估。
TC|表3  押品重估频率表
R|押品类别 | 重估频率 | 重估方式 | 特别触发情形
R|住宅类房地产 | 每年至少1次 | 系统批量估值或者内部评估 | 所在城市房价指数单季度下跌超过5%
R|商业用房、工业厂房 | 每半年至少1次 | 内部评估，必要时委托外部评估机构 | 出租率下降超过30%或者被查封
R|土地使用权 | 每年至少1次 | 委托外部评估机构评估 | 规划用途变更或者闲置满1年
R|机器设备 | 每半年至少1次 | 内部评估 | 设备停用超过3个月
R|存货、应收账款 | 每季度至少1次 | 现场盘点、对账核实 | 周转天数较上期延长50%以上
R|存单、国债 | 每年至少1次 | 系统核验 | 被冻结或者办理挂失止付
A|第三十二条  各类押品的最高抵（质）押率为：住宅类房地产70%，商业用房60%，工业厂房和土地使用权50%，机器设备40%，存货30%。押品重估后实际抵押率超过上述上限，或者押品价值较上次评估下降超过20%的，客户经理应当书面通知借款人在30日内追加担保或者提前偿还相应部分授信。
A|第三十三条  客户经理应当每年至少对保证人开展一次全面检查。保证人为企业法人的，应当获取其上一年度财务报表；保证人为自然人的，应当核实其收入、资产及对外担保变化情况。保证人代偿能力明显下降的，应当要求借款人在30日内更换保证人或者追加其他担保。
A|第三十四条  押品巡查与授信后检查同步进行。对于存货、机器设备等动产押品，客户经理每季度至少实地查看一次，核对押品数量、存放地点和保管状况；委托第三方监管的，应当每月获取监管报告。
A|第三十五条  押品权属证书、他项权利证书等权证由支行会计部门专人入库保管，实行双人管理。权证出库应当经支行行长审批；因办理续押、变更登记等原因出库的，应当在10个工作日内归还入库。
A|第三十六条  以房产、机器设备、存货等设定抵（质）押且授信审批要求投保的，保险第一受益人应当为本行，保险期限不得短于授信期限。客户经理应当在保险到期前15日督促借款人办理续保，并收取续保保单复印件。
C|第七章  到期管理与催收
A|第三十七条  客户经理应当在授信到期日前30日向借款人发送到期还款提示；到期日前10个工作日，应当核实借款人还款资金来源的落实情况；到期日前5个工作日仍未落实还款资金的，应当书面报告支行行长，并纳入重点监测名单。
A|第三十八条  借款人办理银行承兑汇票的，客户经理应当在汇票到期前7日督促出票人将足额兑付资金存入保证金账户，并在到期前2个工作日核实资金到位情况。
A|第三十九条  授信出现逾期的，按照以下步骤开展催收：
I|1. 逾期第1日至第3日，客户经理通过电话、短信等方式进行催收，并做好催收记录；
I|2. 逾期第4日起，客户经理应当上门催收，并约见借款人实际控制人和保证人；
I|3. 逾期满7日，向借款人和保证人送达《逾期授信催收通知书》，并取得签收回执；
I|4. 逾期满30日，支行制定清收方案，报分行小企业金融部审核；
I|5. 逾期满60日仍未清偿的，移交分行资产保全部管理。
A|第四十条  客户经理应当妥善保管催收通知书签收回执、公证送达记录等证明材料，确保诉讼时效和保证期间的有效性。在诉讼时效或者保证期间届满前6个月仍未取得有效催收证明的，应当报请分行资产保全部采取起诉等措施。
A|第四十一条  对于授信到期后仍有融资需求、但临时存在资金困难的小企业，可以办理无还本续贷，但应当同时满足以下条件：①依法合规经营，生产经营正常；②具有持续经营能力和良好的还款意愿；③授信风险分类为正常类；④符合本行授信条件且原授信到期前已按约定支付利息。无还本续贷应当在原授信到期前至少15日提出申请。
C|第八章  风险分类调整
A|第四十二条  小企业授信风险分类分为正常类、关注类、次级类、可疑类和损失类五类，后三类合称不良授信。风险分类实行客户经理初分、支行审核、分行风险管理部认定的程序。
A|第四十三条  出现下列情形之一的，应当下调风险分类：
I|（一）本金、利息或者费用逾期的，至少归为关注类；
I|（二）本金、利息或者费用逾期超过90天的，至少归为次级类；
I|（三）本金、利息或者费用逾期超过270天的，至少归为可疑类；
I|（四）本金、利息或者费用逾期超过360天的，应当归为损失类；
I|（五）借款人触发二级以上预警信号的，至少归为关注类；
I|（六）授信发生重组的，重组观察期内至少归为次级类。
A|第四十四条  风险分类上调应当同时满足以下条件：
I|（一）逾期本息已全部清偿；
I|（二）借款人已连续按时足额还本付息满6个月；
I|（三）已触发的二级以上预警信号全部解除。
P|不良授信上调为关注类或者正常类的，连续按时还本付息期限应当满12个月，并经分行风险管理部审批。每次上调原则上不得超过一个级次。
A|第四十五条  风险分类实行动态调整与季度集中认定相结合。客户经理发现应当下调分类情形的，应当在3个工作日内在系统中发起调整；各支行应当在每季度末对全部小企业授信进行集中分类，分行风险管理部应当在季度结束后10个工作日内完成认定。
C|第九章  档案管理
A|第四十六条  授信后管理档案包括：首次检查、常规检查和专项检查报告；资金支付凭证及用途核查资料；预警发起、处置和解除资料；押品重估报告；催收记录及签收回执；风险分类认定资料；管户交接清单等。
A|第四十七条  授信后管理资料应当在形成之日起5个工作日内由贷后管理岗整理归档，电子资料应当同步上传信贷管理系统。客户经理不得私自保存授信档案原件。
A|第四十八条  授信后管理档案随授信主档案一并保管，保管期限自授信全部结清之日起不少于10年；已核销授信的档案应当永久保管。
A|第四十九条  授信档案借阅应当填写借阅登记表，经支行行长批准。借阅期限不超过10个工作日，档案原件原则上不得带出本行营业场所；确需带出的，应当经分行小企业金融部负责人批准。
C|第十章  考核与问责
A|第五十条  本行将授信后管理质量纳入客户经理和支行的绩效考核，在客户经理绩效考核中的权重不低于15%。分行小企业金融部每半年对辖内支行的授信后管理质量进行一次评价，评价结果分为优秀、良好、合格和不合格四个等次。连续两次评价为不合格的支行，暂停其小企业授信新增审批权限3个月。
A|第五十一条  有下列情形之一的，应当追究相关人员责任：
I|（一）未按规定频率开展检查或者检查流于形式的；
I|（二）检查报告内容虚假，或者代借款人签字的；
I|（三）发现预警信号未按时报告，或者隐瞒、瞒报风险的；
I|（四）未按规定落实受托支付或者资金用途核查，导致授信资金被挪用的；
I|（五）催收不力导致诉讼时效或者保证期间丧失的；
I|（六）未按规定办理管户交接或者档案归档的。
A|第五十二条  问责方式包括：诫勉谈话、通报批评、扣减绩效薪酬、调离岗位、取消评优资格，以及按照《岭南城市商业银行员工违规行为处理办法》给予的纪律处分。上述方式可以单独或者合并使用。造成损失的，还应当按照损失金额的一定比例承担经济责任。
A|第五十三条  相关人员已按照本细则规定勤勉尽职履行授信后管理职责，有下列情形之一的，可以免除或者减轻责任：
I|（一）因自然灾害、政策调整等不可抗力因素导致授信损失的；
I|（二）借款人故意隐瞒真实情况、提供虚假资料，且经合理审查难以发现的；
I|（三）已按规定及时报告风险并提出处置建议，但未被采纳的。
P|尽职免责的认定由分行组织，认定结果报总行小企业金融部备案。
C|第十一章  附则
A|第五十四条  本细则未尽事宜，按照国家法律法规、监管规定和本行相关制度执行。本细则由总行小企业金融部负责解释和修订。
A|第五十五条  本细则自2024年7月1日起施行。《岭南城市商业银行小企业贷后管理办法（2019年版）》同时废止。
X|附：授信后检查操作要点
H|（一）检查前准备
N|1. 调阅授信档案，梳理授信批复中的限制性条款、放款前提条件和上次检查发现问题的整改情况。
N|2. 通过征信系统、裁判文书网、企业信用信息公示系统等渠道查询借款人、实际控制人及保证人的最新信息，查询结果应当截图留存。
N|3. 常规检查应当提前1至3个工作日与借款人预约检查时间，并告知需准备的资料；专项检查可以不预约。
N|4. 根据借款人行业特点准备检查底稿，明确检查人员分工。
H|（二）现场检查要点
N|1. 实地查看主要经营场所，拍摄经营场所外观、生产车间、库存等照片不少于6张，照片应当带有拍摄时间和地点水印。
N|2. 查阅近3个月水费、电费缴纳凭证，与借款人申报的生产规模进行比对。
N|3. 抽查主要原材料和产成品库存，抽查金额不低于账面库存金额的20%。
N|4. 与实际控制人和财务负责人分别面谈，了解订单、回款和融资安排，面谈记录由被访谈人签字确认。
N|5. 查看押品现状，核实押品是否存在出租、损毁、被占用或者查封等情况。
N|6. 对生产型企业，应当查看设备开工情况和工人在岗人数，并与上次检查情况进行比较。
H|（三）非现场检查要点
N|1. 分析借款人在本行及他行结算账户近6个月流水，关注单笔50万元以上的大额资金进出和与经营无关的资金往来。
N|2. 比对增值税纳税申报收入与财务报表营业收入，差异超过20%的，应当要求借款人作出书面说明。
N|3. 监测借款人及其实际控制人的涉诉、被执行、行政处罚等公开信息。
N|4. 跟踪借款人所在行业的政策变化和主要产品市场价格变化。
N|5. 查询借款人征信报告，关注新增融资、对外担保和他行风险分类的变化。
H|（四）检查报告撰写要求
N|1. 检查报告应当包括检查时间、检查人员、检查方式、发现问题、风险判断和下一步措施等要素。
N|2. 检查结论分为“未见异常”“需要关注”“存在风险”三类；结论为“存在风险”的，应当同时按照本细则第二十八条发起预警。
N|3. 检查报告中的数据应当注明来源，引用借款人自报数据的应当予以标注。
H|（五）检查纪律
N|1. 检查人员不得接受借款人的宴请、礼品或者其他利益。
N|2. 严禁代借款人或者保证人签字，严禁使用以前年度照片或者其他客户照片代替现场照片。
N|3. 检查中发现借款人存在重大违法违规线索的，应当立即报告支行行长。
"""

BODY_FONT = "仿宋"
HEAD_FONT = "黑体"
TITLE_FONT = "宋体"
BODY_SIZE = 14  # 四号


def parse(content):
    items = []
    for raw in content.strip().splitlines():
        if not raw.strip():
            continue
        tag, text = raw.split("|", 1)
        items.append((tag, text))
    return items


def set_run_font(run, name=BODY_FONT, size=BODY_SIZE, bold=False):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def para_format(p, align=None, first_indent=True, before=0, after=0, line=1.5):
    pf = p.paragraph_format
    if align is not None:
        p.alignment = align
    pf.first_line_indent = Pt(BODY_SIZE * 2) if first_indent else None
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = line


def add_field(paragraph, instr, size=10.5):
    """Insert a complex field (e.g. PAGE) as begin/instr/separate/result/end runs."""
    def fld(type_):
        r = paragraph.add_run()
        set_run_font(r, "Times New Roman", size)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), type_)
        r._element.append(el)
        return r

    fld("begin")
    r = paragraph.add_run()
    set_run_font(r, "Times New Roman", size)
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = " %s " % instr
    r._element.append(it)
    fld("separate")
    r = paragraph.add_run("1")
    set_run_font(r, "Times New Roman", size)
    fld("end")


def bottom_border(paragraph):
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    b = OxmlElement("w:bottom")
    b.set(qn("w:val"), "single")
    b.set(qn("w:sz"), "6")
    b.set(qn("w:space"), "1")
    b.set(qn("w:color"), "000000")
    bdr.append(b)
    ppr.append(bdr)


def setup_section(doc):
    sec = doc.sections[0]
    sec.page_height = Cm(29.7)
    sec.page_width = Cm(21.0)
    sec.top_margin = Cm(3.0)
    sec.bottom_margin = Cm(2.5)
    sec.left_margin = Cm(2.8)
    sec.right_margin = Cm(2.6)
    sec.header_distance = Cm(1.5)
    sec.footer_distance = Cm(1.3)
    sec.different_first_page_header_footer = False

    hp = sec.header.paragraphs[0]
    hp.text = ""
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = hp.add_run("岭南城市商业银行制度汇编")
    set_run_font(r, BODY_FONT, 10.5)
    bottom_border(hp)

    fp = sec.footer.paragraphs[0]
    fp.text = ""
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = fp.add_run("- ")
    set_run_font(r, "Times New Roman", 10.5)
    add_field(fp, "PAGE")
    r = fp.add_run(" -")
    set_run_font(r, "Times New Roman", 10.5)


def set_cell(cell, text, bold=False, size=10.5, center=False):
    cell.text = ""
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = None
    p.paragraph_format.space_before = Pt(2)
    p.paragraph_format.space_after = Pt(2)
    p.paragraph_format.line_spacing = 1.15
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text)
    set_run_font(r, BODY_FONT, size, bold)


def mark_header_row(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


COL_WIDTHS = {
    "风险状况": (3.8, 3.4, 4.8, 3.6),
    "类别": (2.6, 9.2, 3.8),
    "押品类别": (3.4, 3.0, 4.4, 4.8),
}


def add_table(doc, rows):
    cells = [[c.strip() for c in r.split(" | ")] for r in rows]
    ncol = len(cells[0])
    assert all(len(r) == ncol for r in cells), rows
    t = doc.add_table(rows=len(cells), cols=ncol)
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, r in enumerate(cells):
        for j, v in enumerate(r):
            set_cell(t.cell(i, j), v, bold=(i == 0), center=(i == 0 or j == 0))
    mark_header_row(t.rows[0])
    widths = COL_WIDTHS.get(cells[0][0])
    if widths:
        t.autofit = False
        for j, w in enumerate(widths):
            t.columns[j].width = Cm(w)
            for row in t.rows:
                row.cells[j].width = Cm(w)
    # spacer after table
    sp = doc.add_paragraph()
    para_format(sp, first_indent=False, line=1.0)
    return t


def build_docx(items):
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
    setup_section(doc)

    pending_rows = []

    def flush():
        if pending_rows:
            add_table(doc, pending_rows)
            pending_rows.clear()

    for tag, text in items:
        if tag != "R":
            flush()
        if tag == "T":
            p = doc.add_paragraph()
            para_format(p, WD_ALIGN_PARAGRAPH.CENTER, first_indent=False, before=12, after=6)
            set_run_font(p.add_run(text), TITLE_FONT, 20, bold=True)
        elif tag == "S":
            p = doc.add_paragraph()
            para_format(p, WD_ALIGN_PARAGRAPH.CENTER, first_indent=False, after=12)
            set_run_font(p.add_run(text), BODY_FONT, 14)
        elif tag == "C":
            p = doc.add_paragraph()
            para_format(p, WD_ALIGN_PARAGRAPH.CENTER, first_indent=False, before=12, after=6)
            set_run_font(p.add_run(text), HEAD_FONT, 16, bold=True)
        elif tag == "A":
            num, rest = text.split("  ", 1)
            p = doc.add_paragraph()
            para_format(p, WD_ALIGN_PARAGRAPH.JUSTIFY)
            set_run_font(p.add_run(num), HEAD_FONT, BODY_SIZE, bold=True)
            set_run_font(p.add_run("  " + rest))
        elif tag in ("I", "P", "N"):
            p = doc.add_paragraph()
            para_format(p, WD_ALIGN_PARAGRAPH.JUSTIFY)
            set_run_font(p.add_run(text))
        elif tag == "TC":
            p = doc.add_paragraph()
            para_format(p, WD_ALIGN_PARAGRAPH.CENTER, first_indent=False, before=6, after=3)
            p.paragraph_format.keep_with_next = True
            set_run_font(p.add_run(text), HEAD_FONT, 12, bold=True)
        elif tag == "R":
            pending_rows.append(text)
        elif tag == "X":
            doc.add_page_break()
            p = doc.add_paragraph()
            para_format(p, WD_ALIGN_PARAGRAPH.CENTER, first_indent=False, before=6, after=12)
            set_run_font(p.add_run(text), HEAD_FONT, 16, bold=True)
        elif tag == "H":
            p = doc.add_paragraph()
            para_format(p, WD_ALIGN_PARAGRAPH.LEFT, before=6)
            p.paragraph_format.keep_with_next = True
            set_run_font(p.add_run(text), HEAD_FONT, BODY_SIZE, bold=True)
        else:
            raise ValueError(tag)
    flush()
    doc.core_properties.title = "岭南城市商业银行小企业授信后管理实施细则"
    doc.core_properties.author = "岭南城市商业银行小企业金融部"
    doc.save(DOCX)


def write_source(items):
    lines = [text for _, text in items]
    with open(SOURCE, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def to_pdf():
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", HERE, DOCX],
        check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300,
    )


def main():
    items = parse(CONTENT)
    build_docx(items)
    write_source(items)
    if "--no-pdf" not in sys.argv:
        to_pdf()
    cjk = sum(1 for _, t in items for ch in t if "\u4e00" <= ch <= "\u9fff")
    print("paragraph lines:", len(items), "CJK chars:", cjk)


if __name__ == "__main__":
    main()
