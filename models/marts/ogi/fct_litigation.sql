-- Administrative reviews (行政复议) and lawsuits (行政诉讼) about disclosure, from table 4 of
-- the current version of each report. Grain: report_id x proceeding x result.

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

litigation_cells as (

    select * from table_cells
    where table_id = 't4'

),

final as (

    select
        litigation_cells.report_id,
        current_reports.agency_id,
        current_reports.report_year,
        current_reports.report_format,
        litigation_cells.row_code as proceeding,
        litigation_cells.column_code as result,
        litigation_cells.row_label,
        case
            when litigation_cells.value_status = 'number'
                then {{ to_count('litigation_cells.value') }}
        end as case_count,
        litigation_cells.value_status,
        litigation_cells.is_approximate,
        litigation_cells.note,
        litigation_cells.raw_text,
        current_reports.inbox_path as source_file,
        current_reports.source_sha256,
        current_reports.parser_version

    from litigation_cells
    inner join current_reports
        on litigation_cells.report_id = current_reports.report_id

)

select * from final
