"""贷后管理例会: selection, agenda, reviews, decisions, minutes and 审议表 (see service.py for the entry points).

Decisions taken here (seed 002, 示范银行贷后管理实施细则 第十章):
- Quarterly review (授信 < 1000万) happens at the first meeting the branch holds in a quarter (no stored meeting
  earlier in that quarter): normally the first month's meeting (第四十九条), a later one when it was skipped.
  MeetingRules(quarterly_at_first_meeting=False) uses the first month of the quarter only.
- Open signals that count are the records' 红色 (高) and 橙色 (中) signals evaluated on the meeting date (第四十九条（三）).
- Quorum counts committee members present (管户客户经理 and 列席 attend but do not count); below it the
  minutes carry a warning and decisions are refused (第四十七条: 不得形成决议).
- Scope: branch heads their branch, risk and admin all branches (403 for a known branch outside the scope,
  404 for an unknown one or a meeting id of another branch). Officers see the selection, agenda lines,
  decisions and 审议表 of their own borrowers only and may report follow-up on those decisions; the full
  会议纪要 (every borrower and the branch picture) is 403 for them. Creating meetings and recording
  decisions is for head, risk and admin.
"""
