with

source as (

    select * from {{ source('ogi', 'rejected_inputs') }}

),

renamed as (

    select
        inbox_path,
        file_sha256,
        file_bytes,
        stage as rejected_at_stage,
        reason_code,
        reason,
        rejected_at

    from source

)

select * from renamed
