-- Every figure stated in the prose of every landed report (all versions), with the report's
-- year and the harmonised codes of the seeds: 主动公开 totals and categories through
-- ogi__disclosure_measures (every format), and for era-1 reports the requests, answers,
-- reviews and lawsuits through ogi__request_outcome_labels and ogi__litigation_results. An
-- outcome word (request_outcome:<label as printed>) is mapped by the first pattern (by
-- match_order) its reduced label matches. A figure no seed maps keeps null codes and feeds no
-- fact (the 2019 and 2021 formats give requests and cases in their tables; fees have no fact).

with

narrative_figures as (

    select * from {{ ref('stg_ogi__narrative_figures') }}

),

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

request_outcome_labels as (

    select * from {{ ref('ogi__request_outcome_labels') }}

),

request_outcomes as (

    select * from {{ ref('ogi__request_outcomes') }}

),

applicant_types as (

    select * from {{ ref('ogi__applicant_types') }}

),

disclosure_measures as (

    select * from {{ ref('ogi__disclosure_measures') }}

),

litigation_results as (

    select * from {{ ref('ogi__litigation_results') }}

),

outcome_matches as (

    select
        narrative_figures.report_id,
        narrative_figures.item_code,
        narrative_figures.figure_label,
        request_outcome_labels.outcome_code,
        request_outcome_labels.comparability

    from narrative_figures
    inner join request_outcome_labels
        on
            narrative_figures.report_format = request_outcome_labels.report_format
            and request_outcome_labels.source_kind = 'narrative'
            and narrative_figures.item_code = request_outcome_labels.row_code
            and (
                request_outcome_labels.label_pattern is null
                or regexp_matches(
                    narrative_figures.label_words, request_outcome_labels.label_pattern
                )
            )
    qualify row_number() over (
        partition by
            narrative_figures.report_id,
            narrative_figures.item_code,
            narrative_figures.figure_label
        order by request_outcome_labels.match_order
    ) = 1

),

mapped as (

    select
        narrative_figures.report_id,
        reports.report_year,
        narrative_figures.report_format,
        'narrative' as source_kind,
        narrative_figures.item_code
        || coalesce(':' || narrative_figures.figure_label, '') as row_code,
        narrative_figures.item_code as narrative_item_code,
        narrative_figures.figure_label,
        narrative_figures.label_words,
        case
            when disclosure_measures.item_code is not null then 'fct_disclosure_volume'
            when outcome_matches.outcome_code is not null then 'fct_application_outcomes'
            when litigation_results.proceeding is not null then 'fct_litigation'
        end as fact_name,
        disclosure_measures.item_code,
        disclosure_measures.measure_code,
        disclosure_measures.harmonised_measure_code,
        outcome_matches.outcome_code,
        request_outcomes.outcome_group,
        request_outcomes.outcome_class,
        request_outcomes.row_role as outcome_row_role,
        case when outcome_matches.outcome_code is not null then 'total' end as applicant_type,
        litigation_results.proceeding,
        litigation_results.result,
        coalesce(
            disclosure_measures.comparability,
            outcome_matches.comparability,
            litigation_results.comparability
        ) as comparability,
        narrative_figures.raw_text,
        narrative_figures.value,
        narrative_figures.value_status,
        narrative_figures.is_approximate,
        narrative_figures.note,
        narrative_figures.unit,
        narrative_figures.figure_context,
        narrative_figures.loc_line,
        narrative_figures.loc_offset,
        narrative_figures.loc_page

    from narrative_figures
    left join reports
        on narrative_figures.report_id = reports.report_id
    left join disclosure_measures
        on
            narrative_figures.report_format = disclosure_measures.report_format
            and disclosure_measures.source_kind = 'narrative'
            and narrative_figures.item_code = disclosure_measures.row_code
    left join outcome_matches
        on
            narrative_figures.report_id = outcome_matches.report_id
            and narrative_figures.item_code = outcome_matches.item_code
            and narrative_figures.figure_label is not distinct from outcome_matches.figure_label
    left join request_outcomes
        on outcome_matches.outcome_code = request_outcomes.outcome_code
    left join litigation_results
        on
            narrative_figures.report_format = litigation_results.report_format
            and litigation_results.source_kind = 'narrative'
            and narrative_figures.item_code = litigation_results.row_code

),

final as (

    select
        mapped.*,
        applicant_types.applicant_group

    from mapped
    left join applicant_types
        on mapped.applicant_type = applicant_types.applicant_type

)

select * from final
