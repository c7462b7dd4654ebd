{#-
    Every cell of `model` (table_id, row_code, column_code) is a cell the national format
    `report_format` defines (seed ogi__table_layout). Returns the cells it does not know: a
    document from another extractor, or a report that prints a row of another format (洪泽区
    2023 prints the 2019 row （六）其他处理 in a 2021-format table).
-#}
{% test cells_match_layout(model, report_format) %}

with

cells as (

    select * from {{ model }}

),

table_layout as (

    select * from {{ ref('ogi__table_layout') }}
    where report_format = '{{ report_format }}'

),

unknown_cells as (

    select
        cells.table_id,
        cells.row_code,
        cells.column_code,
        count(*) as n_cells,
        min(cells.report_id) as first_report_id

    from cells
    left join table_layout
        on
            cells.table_id = table_layout.table_id
            and cells.row_code = table_layout.row_code
            and cells.column_code = table_layout.column_code
    where table_layout.table_id is null
    group by cells.table_id, cells.row_code, cells.column_code

)

select * from unknown_cells

{% endtest %}
