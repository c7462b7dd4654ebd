-- Table cells of reports in the 2021 national format (国办公开办函〔2021〕30号, reports for 2021 on):
-- tables 2, 3 and 4 with the row and column codes of ogi/layout.py. Renames and casts only;
-- the int model int_table_cells__harmonised brings every format into one shape.

with

source as (

    select * from {{ source('ogi', 'report_cells') }}
    where report_format = '2021'

),

renamed as (

    select
        report_id,
        report_format,
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
