-- One wide row per agency-year (the current version of its report) for BI tools: the
-- headline figures and whether the report's arithmetic holds. A figure the report does not
-- give is null, never 0.

with

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

agencies as (

    select * from {{ ref('dim_agency') }}

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

current_reports as (

    select * from report_versions
    where is_current_version

),

-- each pivot below reads one cell per report (the facts' grain makes it unique)
disclosure_figures as (

    select
        report_id,
        source_kind || ':' || item_code || ':' || measure_code as figure_key,
        {{ to_count('value') }} as figure_as_count,
        is_approximate

    from disclosure_volume

),

disclosure_by_report as (

    select
        report_id,
        max(figure_as_count) filter (
            where figure_key = 'narrative:active_disclosure_total:items_published'
        ) as active_disclosure_items,
        bool_or(is_approximate) filter (
            where figure_key = 'narrative:active_disclosure_total:items_published'
        ) as active_disclosure_items_is_approximate,
        max(figure_as_count) filter (
            where figure_key = 'table:regulations:in_force'
        ) as regulations_in_force,
        max(figure_as_count) filter (
            where figure_key = 'table:normative_documents:in_force'
        ) as normative_documents_in_force

    from disclosure_figures
    group by report_id

),

requests_by_report as (

    select
        report_id,
        max(request_count) filter (
            where row_code = 'new_requests'
        ) as requests_new,
        max(request_count) filter (
            where row_code = 'carried_over'
        ) as requests_carried_over,
        max(request_count) filter (
            where row_code = 'total_processed'
        ) as requests_processed,
        max(request_count) filter (
            where row_code = 'granted'
        ) as requests_granted,
        max(request_count) filter (
            where row_code = 'partially_granted'
        ) as requests_partially_granted,
        max(request_count) filter (
            where row_code = 'carried_forward'
        ) as requests_carried_forward

    from application_outcomes
    -- the headline counts are table 3's; era-1 figures (stat_table, narrative) stay in the fact
    where applicant_type = 'total' and source_kind = 'table'
    group by report_id

),

litigation_by_report as (

    select
        report_id,
        max(case_count) filter (
            where proceeding = 'administrative_review'
        ) as reviews_total,
        max(case_count) filter (
            where proceeding = 'lawsuit_direct'
        ) as lawsuits_direct_total,
        max(case_count) filter (
            where proceeding = 'lawsuit_after_review'
        ) as lawsuits_after_review_total

    from litigation
    -- the headline counts are table 4's; era-1 figures (stat_table, narrative) stay in the fact
    where result = 'total' and source_kind = 'table'
    group by report_id

),

checks_by_report as (

    select
        report_id,
        count(*) filter (
            where is_hard_rule and status = 'fail'
        ) as failed_check_count,
        count(distinct rule_code) filter (
            where is_hard_rule and status = 'fail'
        ) as failed_rule_count,
        count(*) filter (
            where is_hard_rule and status in ('pass', 'fail')
        ) as assessable_check_count,
        -- soft rules (C1, C2, T1, H1) are flags for a reader: never part of reconciliation_ok
        count(*) filter (
            where not is_hard_rule and status = 'fail'
        ) as failed_soft_check_count

    from reconciliation_checks
    group by report_id

),

final as (

    select
        current_reports.agency_id,
        agencies.agency_name,
        agencies.admin_level,
        agencies.region_code,
        agencies.province,
        agencies.city,
        agencies.county,
        agencies.parent_agency_id,
        current_reports.report_year,
        current_reports.agency_year_key,
        current_reports.report_format,
        disclosure_by_report.active_disclosure_items,
        disclosure_by_report.active_disclosure_items_is_approximate,
        disclosure_by_report.regulations_in_force,
        disclosure_by_report.normative_documents_in_force,
        requests_by_report.requests_new,
        requests_by_report.requests_carried_over,
        requests_by_report.requests_processed,
        requests_by_report.requests_granted,
        requests_by_report.requests_partially_granted,
        requests_by_report.requests_carried_forward,
        litigation_by_report.reviews_total,
        -- null unless both totals are printed numbers (null + n is null)
        litigation_by_report.lawsuits_direct_total
        + litigation_by_report.lawsuits_after_review_total as lawsuits_total,
        case
            when checks_by_report.failed_check_count > 0 then false
            when checks_by_report.assessable_check_count > 0 then true
        end as reconciliation_ok,
        checks_by_report.failed_rule_count,
        checks_by_report.failed_check_count,
        checks_by_report.failed_soft_check_count,
        current_reports.version_count,
        current_reports.report_id as source_report_id,
        current_reports.inbox_path as source_file,
        current_reports.source_sha256,
        current_reports.parser_version

    from current_reports
    inner join agencies
        on current_reports.agency_id = agencies.agency_id
    left join disclosure_by_report
        on current_reports.report_id = disclosure_by_report.report_id
    left join requests_by_report
        on current_reports.report_id = requests_by_report.report_id
    left join litigation_by_report
        on current_reports.report_id = litigation_by_report.report_id
    left join checks_by_report
        on current_reports.report_id = checks_by_report.report_id

)

select * from final
