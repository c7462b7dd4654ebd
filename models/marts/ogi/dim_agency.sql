-- One row per reporting body. The geographic resolution columns stay null until the
-- agencies are resolved against a division data package (is_resolved = false).

with

agencies as (

    select * from {{ ref('int_agencies') }}

),

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

current_reports as (

    select
        report_versions.agency_id,
        report_versions.report_id,
        report_versions.report_year,
        agencies.agency_name_normalised,
        agencies.agency_name

    from report_versions
    inner join agencies
        on report_versions.report_id = agencies.report_id
    where report_versions.is_current_version

),

agency_reports as (

    select
        agency_id,
        -- names of one agency differ only in whitespace: the normalised name is the same
        max(agency_name_normalised) as agency_name,
        first(agency_name order by report_year desc nulls last) as agency_name_as_printed,
        min(report_year) as first_report_year,
        max(report_year) as last_report_year,
        count(*) as report_count

    from current_reports
    group by agency_id

),

final as (

    select
        agency_id,
        agency_name,
        agency_name_as_printed,
        cast(null as varchar) as province,
        cast(null as varchar) as city,
        cast(null as varchar) as county,
        cast(null as varchar) as admin_level,
        cast(null as varchar) as region_code,
        false as is_resolved,
        first_report_year,
        last_report_year,
        report_count

    from agency_reports

)

select * from final
