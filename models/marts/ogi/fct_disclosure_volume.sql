-- Proactive disclosure (主动公开) of the current version of each report: the table-2 cells of
-- the 2021 and 2019 formats, the 主动公开 rows of era-1 statistical tables, and the totals and
-- categories stated in the prose (every format). item_code and measure_code are the codes of
-- the source (the 2019 and 2021 tables measure different things: 本年新制作数量 `newly_made`
-- versus 本年制发件数 `issued`); harmonised_measure_code and comparability (seed
-- ogi__disclosure_measures) say which measures may be compared across formats.
-- A report may state one figure in two sources (a statistical table and its prose): filter on
-- source_kind before adding up. Grain: report_id x source_kind x row_code x measure_code.

with

current_cells as (

    select * from {{ ref('int_table_cells__current') }}

),

current_figures as (

    select * from {{ ref('int_narrative_figures__current') }}

),

disclosure_figures as (

    select
        report_id,
        agency_id,
        report_year,
        report_format,
        source_kind,
        row_code,
        item_code,
        measure_code,
        harmonised_measure_code,
        row_label as item_label,
        comparability,
        value,
        unit,
        value_status,
        is_approximate,
        note,
        raw_text,
        cast(null as varchar) as figure_context,
        source_file,
        source_sha256,
        parser_version

    from current_cells
    where fact_name = 'fct_disclosure_volume'

    union all

    select
        report_id,
        agency_id,
        report_year,
        report_format,
        source_kind,
        row_code,
        item_code,
        measure_code,
        harmonised_measure_code,
        figure_label as item_label,
        comparability,
        value,
        unit,
        value_status,
        is_approximate,
        note,
        raw_text,
        figure_context,
        source_file,
        source_sha256,
        parser_version

    from current_figures
    where fact_name = 'fct_disclosure_volume'

),

final as (

    select
        report_id,
        agency_id,
        report_year,
        report_format,
        source_kind,
        row_code,
        item_code,
        measure_code,
        harmonised_measure_code,
        item_label,
        comparability,
        cast(
            case when value_status = 'number' then value end as decimal(20, 6)
        ) as value,
        unit,
        value_status,
        is_approximate,
        note,
        raw_text,
        figure_context,
        source_file,
        source_sha256,
        parser_version

    from disclosure_figures

)

select * from final
