-- Administrative reviews (行政复议) and lawsuits (行政诉讼) about disclosure, from table 4 of
-- the current version of each report. Grain: report_id x proceeding x result.

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
        row_code as proceeding,
        column_code as result,
        row_label,
        case
            when value_status = 'number'
                then {{ to_count('value') }}
        end as case_count,
        value_status,
        is_approximate,
        note,
        raw_text,
        source_file,
        source_sha256,
        parser_version

    from current_cells
    where table_id = 't4'

)

select * from final
