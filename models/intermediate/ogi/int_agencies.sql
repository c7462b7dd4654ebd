-- One agency_id per landed report. Names that differ only in whitespace are one agency; a
-- report without a name is its own unknown agency and is never merged with another.

with

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

normalised as (

    select
        report_id,
        agency_name,
        agency_basis,
        -- whitespace as ogi/normalize.py sees it: ASCII, nbsp, ideographic space, zero-width
        nullif(
            regexp_replace(agency_name, '[\s\p{Z}\x{200b}\x{feff}]+', '', 'g'),
            ''
        ) as agency_name_normalised

    from reports

),

final as (

    select
        report_id,
        case
            when agency_name_normalised is null then 'ag_unknown_' || report_id
            else 'ag_' || left(md5(agency_name_normalised), 12)
        end as agency_id,
        agency_name,
        agency_name_normalised,
        agency_basis,
        agency_name_normalised is not null as is_agency_known

    from normalised

)

select * from final
