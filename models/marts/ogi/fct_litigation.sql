-- Administrative reviews (行政复议) and lawsuits (行政诉讼) about disclosure, for the current
-- version of each report: table 4 of the 2021 and 2019 formats (every cell), and for era-1
-- reports the statistical-table rows and prose figures that count reviews and lawsuits (seed
-- ogi__litigation_results). Era 1 does not split lawsuits into direct and after review: its
-- proceeding is `lawsuit`, never one of the table-4 proceedings. Each row keeps its source
-- (source_kind) and label as printed. Grain: report_id x source_kind x row_code x result.

with

current_cells as (

    select * from {{ ref('int_table_cells__current') }}

),

current_figures as (

    select * from {{ ref('int_narrative_figures__current') }}

),

litigation_figures as (

    select
        report_id,
        agency_id,
        report_year,
        report_format,
        source_kind,
        row_code,
        row_label,
        coalesce(proceeding, row_code) as proceeding,
        coalesce(result, column_code) as result,
        comparability,
        value,
        unit,
        value_status,
        is_approximate,
        note,
        raw_text,
        cast(null as varchar) as figure_context,
        source_file,
        source_sha256,
        parser_version

    from current_cells
    where fact_name = 'fct_litigation'

    union all

    select
        report_id,
        agency_id,
        report_year,
        report_format,
        source_kind,
        row_code,
        figure_label as row_label,
        proceeding,
        result,
        comparability,
        value,
        unit,
        value_status,
        is_approximate,
        note,
        raw_text,
        figure_context,
        source_file,
        source_sha256,
        parser_version

    from current_figures
    where fact_name = 'fct_litigation'

),

final as (

    select
        report_id,
        agency_id,
        report_year,
        report_format,
        source_kind,
        row_code,
        proceeding,
        result,
        row_label,
        comparability,
        case
            when value_status = 'number'
                then {{ to_count('value') }}
        end as case_count,
        unit,
        value_status,
        is_approximate,
        note,
        raw_text,
        figure_context,
        source_file,
        source_sha256,
        parser_version

    from litigation_figures

)

select * from final
