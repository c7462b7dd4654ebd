-- The reconciliation checks (R1-R5) of the current version of each report, joinable to the
-- other facts and to mart_agency_year. Grain: report_id x rule_code x scope.

with

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

reconciliation_checks as (

    select * from {{ ref('int_reconciliation_checks') }}

),

current_reports as (

    select * from report_versions
    where is_current_version

),

final as (

    select
        reconciliation_checks.report_id,
        current_reports.agency_id,
        current_reports.report_year,
        current_reports.report_format,
        reconciliation_checks.rule_code,
        reconciliation_checks.scope,
        reconciliation_checks.scope_kind,
        reconciliation_checks.is_hard_rule,
        reconciliation_checks.status,
        reconciliation_checks.expected_value,
        reconciliation_checks.found_value,
        reconciliation_checks.detail,
        current_reports.inbox_path as source_file,
        current_reports.source_sha256,
        current_reports.parser_version

    from reconciliation_checks
    inner join current_reports
        on reconciliation_checks.report_id = current_reports.report_id

)

select * from final
