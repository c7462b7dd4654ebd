-- Proactive disclosure (主动公开) of the current version of each report: the table-2 cells and
-- the figures stated in the prose. Grain: report_id x source_kind x item_code x measure_code.

with

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

table_cells as (

    select * from {{ ref('stg_ogi__table_cells') }}

),

narrative_figures as (

    select * from {{ ref('stg_ogi__narrative_figures') }}

),

current_reports as (

    select * from report_versions
    where is_current_version

),

disclosure_figures as (

    select
        report_id,
        'table' as source_kind,
        row_code as item_code,
        column_code as measure_code,
        row_label as item_label,
        value,
        unit,
        value_status,
        is_approximate,
        note,
        raw_text,
        cast(null as varchar) as figure_context

    from table_cells
    where table_id = 't2'

    union all

    select
        report_id,
        'narrative' as source_kind,
        item_code,
        'items_published' as measure_code,
        cast(null as varchar) as item_label,
        value,
        unit,
        value_status,
        is_approximate,
        note,
        raw_text,
        figure_context

    from narrative_figures
    -- Only the 主动公开 total is a disclosure volume; the other narrative figures (requests,
    -- reviews, lawsuits) stay in staging for the text-versus-table checks.
    where item_code = 'active_disclosure_total'

),

final as (

    select
        disclosure_figures.report_id,
        current_reports.agency_id,
        current_reports.report_year,
        current_reports.report_format,
        disclosure_figures.source_kind,
        disclosure_figures.item_code,
        disclosure_figures.measure_code,
        disclosure_figures.item_label,
        cast(
            case
                when disclosure_figures.value_status = 'number'
                    then disclosure_figures.value
            end as decimal(20, 6)
        ) as value,
        disclosure_figures.unit,
        disclosure_figures.value_status,
        disclosure_figures.is_approximate,
        disclosure_figures.note,
        disclosure_figures.raw_text,
        disclosure_figures.figure_context,
        current_reports.inbox_path as source_file,
        current_reports.source_sha256,
        current_reports.parser_version

    from disclosure_figures
    inner join current_reports
        on disclosure_figures.report_id = current_reports.report_id

)

select * from final
