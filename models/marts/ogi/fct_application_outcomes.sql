-- Requests for information (依申请公开) and what became of them, for the current version of each
-- report: table 3 of the 2021 and 2019 formats (every cell), and for era-1 reports the
-- statistical-table rows and prose figures that count requests and answers (applicant type
-- `total`: era 1 never splits by applicant). Each row keeps its source (source_kind) and its
-- label as printed beside the harmonised outcome (seeds ogi__request_outcome_labels and
-- ogi__request_outcomes); comparability says how far a code can be compared across formats.
-- Grain: report_id x source_kind x row_code x applicant_type.

with

current_cells as (

    select * from {{ ref('int_table_cells__current') }}

),

current_figures as (

    select * from {{ ref('int_narrative_figures__current') }}

),

outcome_figures as (

    select
        report_id,
        agency_id,
        report_year,
        report_format,
        source_kind,
        row_code,
        row_label,
        outcome_code,
        outcome_group,
        outcome_class,
        outcome_row_role,
        applicant_type,
        applicant_group,
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
    where fact_name = 'fct_application_outcomes'

    union all

    select
        report_id,
        agency_id,
        report_year,
        report_format,
        source_kind,
        row_code,
        figure_label as row_label,
        outcome_code,
        outcome_group,
        outcome_class,
        outcome_row_role,
        applicant_type,
        applicant_group,
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
    where fact_name = 'fct_application_outcomes'

),

final as (

    select
        report_id,
        agency_id,
        report_year,
        report_format,
        source_kind,
        row_code,
        row_label,
        outcome_code,
        outcome_group,
        outcome_class,
        outcome_row_role,
        applicant_type,
        applicant_group,
        comparability,
        case
            when value_status = 'number'
                then {{ to_count('value') }}
        end as request_count,
        unit,
        value_status,
        is_approximate,
        note,
        raw_text,
        figure_context,
        source_file,
        source_sha256,
        parser_version

    from outcome_figures

)

select * from final
