-- One row per reporting body, with the division it belongs to (resolved against the
-- ogi__divisions seed), its level and its parent body. The same body printed under several
-- names across years is one row; an agency that cannot be resolved is kept and flagged
-- (is_resolved = false, resolution_status and resolution_note say why).

with

agencies as (

    select * from {{ ref('int_agencies') }}

),

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

resolved_names as (

    select * from {{ ref('int_agency_names__resolved') }}

),

current_reports as (

    select
        report_versions.agency_id,
        report_versions.report_id,
        report_versions.report_year,
        agencies.agency_name_normalised,
        agencies.agency_name,
        -- the latest report names the agency (ties: the fuller name, then the first)
        row_number() over (
            partition by report_versions.agency_id
            order by
                report_versions.report_year desc nulls last,
                length(agencies.agency_name_normalised) desc nulls last,
                agencies.agency_name_normalised asc,
                report_versions.report_id asc
        ) as name_rank

    from report_versions
    inner join agencies
        on report_versions.report_id = agencies.report_id
    where report_versions.is_current_version

),

name_variants as (

    select distinct
        agency_id,
        agency_name_normalised
    from current_reports
    where agency_name_normalised is not null

),

agency_name_lists as (

    select
        agency_id,
        string_agg(agency_name_normalised, ' | ' order by agency_name_normalised)
            as agency_name_variants,
        count(*) as agency_name_variant_count
    from name_variants
    group by agency_id

),

agency_reports as (

    select
        agency_id,
        min(report_year) as first_report_year,
        max(report_year) as last_report_year,
        count(*) as report_count

    from current_reports
    group by agency_id

),

latest_names as (

    select
        agency_id,
        agency_name_normalised,
        agency_name
    from current_reports
    where name_rank = 1

),

final as (

    select
        agency_reports.agency_id,
        latest_names.agency_name_normalised as agency_name,
        latest_names.agency_name as agency_name_as_printed,
        agency_name_lists.agency_name_variants,
        coalesce(agency_name_lists.agency_name_variant_count, 0) as agency_name_variant_count,
        resolved_names.province,
        resolved_names.city,
        resolved_names.county,
        resolved_names.township,
        resolved_names.admin_level,
        resolved_names.region_code,
        resolved_names.region_level,
        resolved_names.department_name,
        resolved_names.parent_agency_id,
        coalesce(resolved_names.is_resolved, false) as is_resolved,
        coalesce(resolved_names.resolution_status, 'no_name') as resolution_status,
        coalesce(
            resolved_names.resolution_note, 'the report prints no agency name'
        ) as resolution_note,
        agency_reports.first_report_year,
        agency_reports.last_report_year,
        agency_reports.report_count

    from agency_reports
    inner join latest_names
        on agency_reports.agency_id = latest_names.agency_id
    left join agency_name_lists
        on agency_reports.agency_id = agency_name_lists.agency_id
    left join resolved_names
        on latest_names.agency_name_normalised = resolved_names.agency_name_normalised

)

select * from final
