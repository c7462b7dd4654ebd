with

source as (

    select * from {{ source('ogi', 'report_cells') }}

),

renamed as (

    select
        report_id,
        table_id,
        row_code,
        column_code,
        row_label,
        raw_text,
        cast(value as decimal(20, 6)) as value,
        value_status,
        is_approximate,
        note,
        unit,
        loc_line,
        loc_offset,
        loc_page,
        loc_table,
        loc_row,
        loc_cell

    from source

)

select * from renamed
