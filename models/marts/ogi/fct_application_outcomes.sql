-- Requests for information (依申请公开) and what became of them, from table 3 of the current
-- version of each report. Grain: report_id x row_code x applicant_type.

with

current_cells as (

    select * from {{ ref('int_table_cells__current') }}

),

final as (

    select
        report_id,
        agency_id,
        report_year,
        report_format,
        row_code,
        row_label,
        column_code as applicant_type,
        case
            when value_status = 'number'
                then {{ to_count('value') }}
        end as request_count,
        value_status,
        is_approximate,
        note,
        raw_text,
        source_file,
        source_sha256,
        parser_version

    from current_cells
    where table_id = 't3'

)

select * from final
