-- Rows of the provincial statistical tables some era-1 reports (2008-2018) attach (Jilin's
-- 指标 / 本年发生数, Fujian's 指标名称 / 本年度): table `stat`, rows r01, r02 ... in printed
-- order, annual column only. The indicator is known only by its printed label, so the label is
-- also given reduced to its words (label_words) for the seed ogi__stat_indicators to match.

with

source as (

    select * from {{ source('ogi', 'report_cells') }}
    where report_format = 'pre2019'

),

renamed as (

    select
        report_id,
        report_format,
        table_id,
        row_code,
        column_code,
        row_label,
        {{ indicator_label('row_label') }} as label_words,
        try_cast(regexp_extract(row_code, '^r([0-9]+)$', 1) as integer) as row_order,
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
