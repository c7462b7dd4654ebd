-- Every landed report with its agency-year and its rank among the versions of that
-- agency-year. The current version has the most numeric table cells (national or statistical
-- tables), then the most numeric narrative figures; ties go to the better source (html, pdf,
-- docx, plain text), then to a raw file over a JSON document, then to the lowest report_id.
-- Nothing is dropped here: every version stays queryable (fct_report_versions says why each
-- one is or is not current).

with

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

agencies as (

    select * from {{ ref('int_agencies') }}

),

table_cells as (

    select * from {{ ref('int_table_cells__harmonised') }}

),

narrative_figures as (

    select * from {{ ref('stg_ogi__narrative_figures') }}

),

numeric_cells as (

    select
        reports.report_id,
        count(table_cells.report_id) as numeric_cell_count

    from reports
    left join table_cells
        on
            reports.report_id = table_cells.report_id
            and table_cells.value_status = 'number'
    group by reports.report_id

),

numeric_figures as (

    select
        reports.report_id,
        count(narrative_figures.report_id) as numeric_figure_count

    from reports
    left join narrative_figures
        on
            reports.report_id = narrative_figures.report_id
            and narrative_figures.value_status = 'number'
    group by reports.report_id

),

keyed as (

    select
        reports.report_id,
        agencies.agency_id,
        reports.agency_name,
        reports.report_year,
        agencies.agency_id
        || ':'
        || coalesce(cast(reports.report_year as varchar), 'unknown') as agency_year_key,
        reports.report_format,
        reports.inbox_path,
        reports.inbox_kind,
        reports.source_path,
        reports.source_sha256,
        reports.source_media_type,
        reports.parser_name,
        reports.parser_version,
        reports.landed_at,
        numeric_cells.numeric_cell_count,
        numeric_figures.numeric_figure_count,
        case reports.source_media_type
            when 'text/html' then 1
            when 'application/pdf' then 2
            when 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
                then 3
            when 'text/plain' then 4
            else 5
        end as media_type_preference,
        case reports.inbox_kind
            when 'raw' then 1
            when 'json' then 2
            else 3
        end as inbox_kind_preference

    from reports
    inner join agencies
        on reports.report_id = agencies.report_id
    inner join numeric_cells
        on reports.report_id = numeric_cells.report_id
    inner join numeric_figures
        on reports.report_id = numeric_figures.report_id

),

ranked as (

    select
        *,
        row_number() over (
            partition by agency_year_key
            order by
                numeric_cell_count desc,
                numeric_figure_count desc,
                media_type_preference asc,
                inbox_kind_preference asc,
                report_id asc
        ) as version_rank,
        count(*) over (partition by agency_year_key) as version_count

    from keyed

),

final as (

    select
        report_id,
        agency_id,
        agency_name,
        report_year,
        agency_year_key,
        report_format,
        inbox_path,
        inbox_kind,
        source_path,
        source_sha256,
        source_media_type,
        parser_name,
        parser_version,
        landed_at,
        numeric_cell_count,
        numeric_figure_count,
        media_type_preference,
        inbox_kind_preference,
        version_rank,
        version_count,
        version_rank = 1 as is_current_version

    from ranked

)

select * from final
