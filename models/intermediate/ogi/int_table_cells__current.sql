-- Table cells of the current version of each report, with that report's agency, year and
-- provenance: the one place where the fact tables meet the version rule.

with

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

table_cells as (

    select * from {{ ref('stg_ogi__table_cells') }}

),

current_reports as (

    select * from report_versions
    where is_current_version

),

final as (

    select
        table_cells.report_id,
        current_reports.agency_id,
        current_reports.report_year,
        current_reports.report_format,
        table_cells.table_id,
        table_cells.row_code,
        table_cells.column_code,
        table_cells.row_label,
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
