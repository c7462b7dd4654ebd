-- Narrative figures of the current version of each report, harmonised
-- (int_narrative_figures__harmonised), with the report's agency and provenance: with
-- int_table_cells__current, the one place where the facts meet the version rule.

with

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

narrative_figures as (

    select * from {{ ref('int_narrative_figures__harmonised') }}

),

current_reports as (

    select * from report_versions
    where is_current_version

),

final as (

    select
        narrative_figures.report_id,
        current_reports.agency_id,
        narrative_figures.report_year,
        narrative_figures.report_format,
        narrative_figures.source_kind,
        narrative_figures.row_code,
        narrative_figures.narrative_item_code,
        narrative_figures.figure_label,
        narrative_figures.fact_name,
        narrative_figures.item_code,
        narrative_figures.measure_code,
        narrative_figures.harmonised_measure_code,
        narrative_figures.outcome_code,
        narrative_figures.outcome_group,
        narrative_figures.outcome_class,
        narrative_figures.outcome_row_role,
        narrative_figures.applicant_type,
        narrative_figures.applicant_group,
        narrative_figures.proceeding,
        narrative_figures.result,
        narrative_figures.comparability,
        narrative_figures.value,
        narrative_figures.unit,
        narrative_figures.value_status,
        narrative_figures.is_approximate,
        narrative_figures.note,
        narrative_figures.raw_text,
        narrative_figures.figure_context,
        current_reports.inbox_path as source_file,
        current_reports.source_sha256,
        current_reports.parser_version

    from narrative_figures
    inner join current_reports
        on narrative_figures.report_id = current_reports.report_id

)

select * from final
