-- Table cells (national tables and era-1 statistical tables) of the current version of each
-- report, harmonised (int_table_cells__harmonised), with the report's agency and provenance:
-- with int_narrative_figures__current, the one place where the facts meet the version rule.

with

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

table_cells as (

    select * from {{ ref('int_table_cells__harmonised') }}

),

current_reports as (

    select * from report_versions
    where is_current_version

),

final as (

    select
        table_cells.report_id,
        current_reports.agency_id,
        table_cells.report_year,
        table_cells.report_format,
        table_cells.source_kind,
        table_cells.table_id,
        table_cells.row_code,
        table_cells.column_code,
        table_cells.row_label,
        table_cells.row_order,
        table_cells.column_order,
        table_cells.indicator_code,
        table_cells.indicator_group,
        table_cells.fact_name,
        table_cells.item_code,
        table_cells.measure_code,
        table_cells.harmonised_measure_code,
        table_cells.outcome_code,
        table_cells.outcome_group,
        table_cells.outcome_class,
        table_cells.outcome_row_role,
        table_cells.applicant_type,
        table_cells.applicant_group,
        table_cells.proceeding,
        table_cells.result,
        table_cells.comparability,
        table_cells.value,
        table_cells.unit,
        table_cells.value_status,
        table_cells.is_approximate,
        table_cells.note,
        table_cells.raw_text,
        current_reports.inbox_path as source_file,
        current_reports.source_sha256,
        current_reports.parser_version

    from table_cells
    inner join current_reports
        on table_cells.report_id = current_reports.report_id

)

select * from final
