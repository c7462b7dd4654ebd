-- Figures stated in a report's prose (mostly era-1 reports), one row per figure; items that
-- repeat by category (active_disclosure_category, request_outcome) carry the category as
-- printed in figure_label, and reduced to its words in label_words.

with

source as (

    select * from {{ source('ogi', 'narrative_figures') }}

),

renamed as (

    select
        report_id,
        report_format,
        item as item_code,
        figure_label,
        {{ indicator_label('figure_label') }} as label_words,
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
