with

source as (

    select * from {{ source('ogi', 'narrative_figures') }}

),

renamed as (

    select
        report_id,
        item as item_code,
        raw_text,
        cast(value as decimal(20, 6)) as value,
        value_status,
        is_approximate,
        note,
        unit,
        context as figure_context,
        loc_line,
        loc_offset,
        loc_page

    from source

)

select * from renamed
