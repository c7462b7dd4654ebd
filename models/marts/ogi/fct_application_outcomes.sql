-- Requests for information (依申请公开) and what became of them, from table 3 of the current
-- version of each report. Grain: report_id x row_code x applicant_type.

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

request_cells as (

    select * from table_cells
    where table_id = 't3'

),

final as (

    select
        request_cells.report_id,
        current_reports.agency_id,
        current_reports.report_year,
        current_reports.report_format,
        request_cells.row_code,
        request_cells.row_label,
        request_cells.column_code as applicant_type,
        case
            when request_cells.value_status = 'number'
                then {{ to_count('request_cells.value') }}
        end as request_count,
        request_cells.value_status,
        request_cells.is_approximate,
        request_cells.note,
        request_cells.raw_text,
        current_reports.inbox_path as source_file,
        current_reports.source_sha256,
        current_reports.parser_version

    from request_cells
    inner join current_reports
        on request_cells.report_id = current_reports.report_id

)

select * from final
