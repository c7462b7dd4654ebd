-- One agency_id per landed report. The id comes from the agency's resolved division and body
-- (int_agency_names__resolved), so spelling variants of one body (洪泽区人民政府,
-- 淮安市洪泽区人民政府) are one agency; a name that cannot be resolved keeps an id of its own
-- name. A report without a name is its own unknown agency and is never merged with another.
-- parent_agency_id (the body a department or lower government reports to) feeds rule H1.

with

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

resolved_names as (

    select * from {{ ref('int_agency_names__resolved') }}

),

normalised as (

    select
        report_id,
        agency_name,
        agency_basis,
        {{ strip_whitespace('agency_name') }} as agency_name_normalised

    from reports

),

final as (

    select
        normalised.report_id,
        coalesce(
            resolved_names.agency_id, 'ag_unknown_' || normalised.report_id
        ) as agency_id,
        normalised.agency_name,
        normalised.agency_name_normalised,
        normalised.agency_basis,
        normalised.agency_name_normalised is not null as is_agency_known,
        resolved_names.admin_level,
        resolved_names.parent_agency_id,
        coalesce(resolved_names.is_resolved, false) as is_resolved

    from normalised
    left join resolved_names
        on normalised.agency_name_normalised = resolved_names.agency_name_normalised

)

select * from final
