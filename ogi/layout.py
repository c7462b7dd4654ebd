"""The national report formats (国办公开办函〔2021〕30号 and 〔2019〕60号): tables, rows, columns.

One vocabulary of codes for every cell the format defines. The parser maps printed labels onto
these codes, the generator prints reports from them, and the dbt seeds give each code its
harmonised meaning. Labels are compared after `normalize.label_key` (no spaces, half-width
brackets), so `（三）不予公开` and `(三)不予公开` match alike.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowSpec:
    table: str
    row: str
    label: str  # the label as the national template prints it
    columns: tuple[str, ...]
    unit: str
    parent: str | None = None  # for table 3 sub-rows: the group label they sit under


# Table 2: 主动公开政府信息情况 (item × measure).
T2_ROWS: tuple[RowSpec, ...] = (
    RowSpec("t2", "regulations", "规章", ("issued", "repealed", "in_force"), "件"),
    RowSpec(
        "t2", "normative_documents", "行政规范性文件", ("issued", "repealed", "in_force"), "件"
    ),
    RowSpec("t2", "administrative_licensing", "行政许可", ("decisions",), "件"),
    RowSpec("t2", "administrative_penalty", "行政处罚", ("decisions",), "件"),
    RowSpec("t2", "administrative_enforcement", "行政强制", ("decisions",), "件"),
    RowSpec("t2", "administrative_fees", "行政事业性收费", ("fee_amount",), "万元"),
)

T2_COLUMN_LABELS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "fee_amount": "本年收费金额（单位：万元）",
}

# Table 3: 收到和处理政府信息公开申请情况 (request row × applicant type).
T3_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)
T3_COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "social_welfare_org": "社会公益组织",
    "legal_service_org": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}

# Group labels of table 3; a numbered sub-row ("1.属于国家秘密") belongs to the last one seen.
T3_GROUPS = {
    "denied": "（三）不予公开",
    "unable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other_handling": "（六）其他处理",
}


def _t3(row: str, label: str, parent: str | None = None) -> RowSpec:
    return RowSpec("t3", row, label, T3_COLUMNS, "件", parent)


T3_ROWS: tuple[RowSpec, ...] = (
    _t3("new_requests", "一、本年新收政府信息公开申请数量"),
    _t3("carried_over", "二、上年结转政府信息公开申请数量"),
    _t3("granted", "（一）予以公开"),
    _t3("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    _t3("denied_state_secret", "1.属于国家秘密", "denied"),
    _t3("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", "denied"),
    _t3("denied_three_securities_one_stability", "3.危及“三安全一稳定”", "denied"),
    _t3("denied_third_party_rights", "4.保护第三方合法权益", "denied"),
    _t3("denied_internal_affairs", "5.属于三类内部事务信息", "denied"),
    _t3("denied_process_information", "6.属于四类过程性信息", "denied"),
    _t3("denied_enforcement_files", "7.属于行政执法案卷", "denied"),
    _t3("denied_inquiry_matters", "8.属于行政查询事项", "denied"),
    _t3("unable_not_held", "1.本机关不掌握相关政府信息", "unable"),
    _t3("unable_needs_creation", "2.没有现成信息需要另行制作", "unable"),
    _t3("unable_unclear_after_correction", "3.补正后申请内容仍不明确", "unable"),
    _t3("not_processed_petition", "1.信访举报投诉类申请", "not_processed"),
    _t3("not_processed_repeated", "2.重复申请", "not_processed"),
    _t3("not_processed_publications", "3.要求提供公开出版物", "not_processed"),
    _t3("not_processed_vexatious", "4.无正当理由大量反复申请", "not_processed"),
    _t3("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", "not_processed"),
    _t3(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "other_handling",
    ),
    _t3(
        "other_fee_unpaid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "other_handling",
    ),
    _t3("other_other", "3.其他", "other_handling"),
    _t3("total_processed", "（七）总计"),
    _t3("carried_forward", "四、结转下年度继续办理"),
)

# Rows whose sum must equal （七）总计 (rule R2).
T3_OUTCOME_LEAVES: tuple[str, ...] = tuple(
    spec.row
    for spec in T3_ROWS
    if spec.row not in {"new_requests", "carried_over", "total_processed", "carried_forward"}
)

# Table 4: 行政复议、行政诉讼 (proceeding × result), printed as one row of 15 figures.
T4_PROCEEDINGS: tuple[tuple[str, str], ...] = (
    ("administrative_review", "行政复议"),
    ("lawsuit_direct", "未经复议直接起诉"),
    ("lawsuit_after_review", "复议后起诉"),
)
T4_RESULTS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)

TABLE_CELL_COUNTS = {
    "t2": sum(len(spec.columns) for spec in T2_ROWS),  # 10
    "t3": len(T3_ROWS) * len(T3_COLUMNS),  # 175
    "t4": len(T4_PROCEEDINGS) * len(T4_RESULTS),  # 15
}

# --- The 2019 format (reports for 2019 and 2020) ----------------------------------------------
# Table 2 counts documents made/published and, for the licensing-type items, last year's item
# count, this year's change and the decisions; （九）政府集中采购 gives an amount (often in 元).
_MADE = ("newly_made", "newly_published", "total_published")
_ITEMS = ("previous_year_items", "change", "decisions")
T2_ROWS_2019: tuple[RowSpec, ...] = (
    RowSpec("t2", "regulations", "规章", _MADE, "件"),
    RowSpec("t2", "normative_documents", "规范性文件", _MADE, "件"),
    RowSpec("t2", "administrative_licensing", "行政许可", _ITEMS, "件"),
    RowSpec("t2", "other_administrative_services", "其他对外管理服务事项", _ITEMS, "件"),
    RowSpec("t2", "administrative_penalty", "行政处罚", _ITEMS, "件"),
    RowSpec("t2", "administrative_enforcement", "行政强制", _ITEMS, "件"),
    RowSpec("t2", "administrative_fees", "行政事业性收费", ("previous_year_items", "change"), "项"),
    RowSpec(
        "t2", "government_procurement", "政府集中采购", ("procurement_items", "procurement_amount"), "元"
    ),
)
T2_COLUMN_LABELS_2019 = {
    "newly_made": "本年新制作数量",
    "newly_published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "previous_year_items": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "procurement_items": "采购项目数量",
    "procurement_amount": "采购总金额",
}

# Table 3 of the 2019 format prints （六）其他处理 as one row instead of three sub-rows.
OTHER_HANDLING_ROW = RowSpec("t3", "other_handling", "（六）其他处理", T3_COLUMNS, "件")
_T3_CLOSING_ROWS = ("total_processed", "carried_forward")
T3_ROWS_2019: tuple[RowSpec, ...] = (
    tuple(
        spec
        for spec in T3_ROWS
        if spec.parent != "other_handling" and spec.row not in _T3_CLOSING_ROWS
    )
    + (OTHER_HANDLING_ROW,)
    + tuple(spec for spec in T3_ROWS if spec.row in _T3_CLOSING_ROWS)
)

T2_ROWS_BY_FORMAT = {"2021": T2_ROWS, "2019": T2_ROWS_2019}
T3_ROWS_BY_FORMAT = {"2021": T3_ROWS, "2019": T3_ROWS_2019}
TABLE_CELL_COUNTS_BY_FORMAT = {
    report_format: {
        "t2": sum(len(spec.columns) for spec in T2_ROWS_BY_FORMAT[report_format]),
        "t3": len(T3_ROWS_BY_FORMAT[report_format]) * len(T3_COLUMNS),
        "t4": len(T4_PROCEEDINGS) * len(T4_RESULTS),
    }
    for report_format in ("2021", "2019")
}
