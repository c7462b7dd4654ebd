with

source as (

    select * from {{ source('ogi', 'reports') }}

),

renamed as (

    select
        report_id,
        inbox_path,
        inbox_kind,
        source_path,
        source_sha256,
        source_media_type,
        source_bytes,
        parser_name,
        parser_version,
        contract_version,
        title as report_title,
        agency_name,
        agency_basis,
        report_year,
        report_year_basis,
        report_format,
        t2_status,
        t3_status,
        t4_status,
        stat_status,
        cell_count,
        figure_count,
        warnings as parser_warnings,
        landed_at

    from source

)

select * from renamed
