"""贷后管理例会: selection of borrowers, agenda, review sections, decisions, 审议表 and 纪要."""
