-- The marts count the current version of each agency-year only: every report a fact or the
-- wide mart reads is the current version of its agency-year, and every current version is in
-- mart_agency_year once. Returns the offending reports (a superseded copy in a mart, or a
-- current one missing), e.g. the txt copy of Pingtan 2019 beside its html.

with

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

disclosure_volume as (

    select * from {{ ref('fct_disclosure_volume') }}

),

application_outcomes as (

    select * from {{ ref('fct_application_outcomes') }}

),

litigation as (

    select * from {{ ref('fct_litigation') }}

),

reconciliation_checks as (

    select * from {{ ref('fct_reconciliation_checks') }}

),

agency_years as (

    select * from {{ ref('mart_agency_year') }}

),

reports_in_marts as (

    select distinct
        'fct_disclosure_volume' as mart_name,
        report_id
    from disclosure_volume

    union all

    select distinct
        'fct_application_outcomes' as mart_name,
        report_id
    from application_outcomes

    union all

    select distinct
        'fct_litigation' as mart_name,
        report_id
    from litigation

    union all

    select distinct
        'fct_reconciliation_checks' as mart_name,
        report_id
    from reconciliation_checks

    union all

    select
        'mart_agency_year' as mart_name,
        source_report_id as report_id
    from agency_years

),

superseded_in_marts as (

    select
        reports_in_marts.mart_name,
        reports_in_marts.report_id,
        'not the current version of its agency-year' as problem

    from reports_in_marts
    left join report_versions
        on reports_in_marts.report_id = report_versions.report_id
    where not coalesce(report_versions.is_current_version, false)

),

current_missing_from_mart as (

    select
        'mart_agency_year' as mart_name,
        report_versions.report_id,
        'current version missing from the mart' as problem

    from report_versions
    left join agency_years
        on report_versions.report_id = agency_years.source_report_id
    where report_versions.is_current_version and agency_years.source_report_id is null

),

final as (

    select * from superseded_in_marts

    union all

    select * from current_missing_from_mart

)

select * from final
