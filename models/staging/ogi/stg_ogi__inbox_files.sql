with

source as (

    select * from {{ source('ogi', 'inbox_files') }}

),

renamed as (

    select
        inbox_path,
        file_sha256,
        file_bytes,
        media_type,
        outcome as inbox_outcome,
        report_id

    from source

)

select * from renamed
