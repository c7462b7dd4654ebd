-- Every table cell of every landed report (all versions), whatever its format, in one shape:
-- the 2021 and 2019 national tables (t2, t3, t4) and the era-1 statistical tables (stat),
-- with the report's year and the harmonised codes of the seeds. Nothing is dropped and no
-- figure is changed: a cell that no seed maps keeps null codes.
--
-- How a cell is mapped:
-- - a national-table cell by its codes: t2 through ogi__disclosure_measures, t3 through
--   ogi__request_outcome_labels (row) and ogi__applicant_types (column), t4 through
--   ogi__litigation_results;
-- - a statistical-table row by its printed label: the first pattern of ogi__stat_indicators
--   (by match_order) that its reduced label matches gives an indicator_code, which the same
--   three seeds map like a national row code.

with

cells_2021 as (

    select * from {{ ref('stg_ogi__table_cells_2021') }}

),

cells_2019 as (

    select * from {{ ref('stg_ogi__table_cells_2019') }}

),

cells_pre2019 as (

    select * from {{ ref('stg_ogi__table_cells_pre2019') }}

),

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

table_layout as (

    select * from {{ ref('ogi__table_layout') }}

),

stat_indicators as (

    select * from {{ ref('ogi__stat_indicators') }}

),

request_outcome_labels as (

    select * from {{ ref('ogi__request_outcome_labels') }}

),

request_outcomes as (

    select * from {{ ref('ogi__request_outcomes') }}

),

applicant_types as (

    select * from {{ ref('ogi__applicant_types') }}

),

disclosure_measures as (

    select * from {{ ref('ogi__disclosure_measures') }}

),

litigation_results as (

    select * from {{ ref('ogi__litigation_results') }}

),

-- the two national formats stage the same columns
national_cells as (

    select * from cells_2021
    union all by name
    select * from cells_2019

),

unioned as (

    select
        national_cells.report_id,
        national_cells.report_format,
        'table' as source_kind,
        national_cells.table_id,
        national_cells.row_code,
        national_cells.column_code,
        national_cells.row_label,
        cast(null as varchar) as label_words,
        table_layout.row_order,
        table_layout.column_order,
        national_cells.raw_text,
        national_cells.value,
        national_cells.value_status,
        national_cells.is_approximate,
        national_cells.note,
        national_cells.unit,
        national_cells.loc_line,
        national_cells.loc_offset,
        national_cells.loc_page,
        national_cells.loc_table,
        national_cells.loc_row,
        national_cells.loc_cell

    from national_cells
    left join table_layout
        on
            national_cells.report_format = table_layout.report_format
            and national_cells.table_id = table_layout.table_id
            and national_cells.row_code = table_layout.row_code
            and national_cells.column_code = table_layout.column_code

    union all

    select
        report_id,
        report_format,
        'stat_table' as source_kind,
        table_id,
        row_code,
        column_code,
        row_label,
        label_words,
        row_order,
        1 as column_order,
        raw_text,
        value,
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
    from cells_pre2019

),

-- a statistical-table row is the first indicator (by match_order) whose pattern its label matches
stat_matches as (

    select
        unioned.report_id,
        unioned.table_id,
        unioned.row_code,
        unioned.column_code,
        stat_indicators.indicator_code,
        stat_indicators.indicator_group

    from unioned
    inner join stat_indicators
        on regexp_matches(unioned.label_words, stat_indicators.label_pattern)
    where unioned.source_kind = 'stat_table'
    qualify row_number() over (
        partition by unioned.report_id, unioned.table_id, unioned.row_code, unioned.column_code
        order by stat_indicators.match_order
    ) = 1

),

keyed as (

    select
        unioned.*,
        stat_matches.indicator_code,
        stat_matches.indicator_group,
        -- the code the mapping seeds know the row by: the national row code, or the indicator
        case
            when unioned.source_kind = 'stat_table' then stat_matches.indicator_code
            else unioned.row_code
        end as mapped_row_code

    from unioned
    left join stat_matches
        on
            unioned.report_id = stat_matches.report_id
            and unioned.table_id = stat_matches.table_id
            and unioned.row_code = stat_matches.row_code
            and unioned.column_code = stat_matches.column_code

),

mapped as (

    select
        keyed.report_id,
        reports.report_year,
        keyed.report_format,
        keyed.source_kind,
        keyed.table_id,
        keyed.row_code,
        keyed.column_code,
        keyed.row_label,
        keyed.label_words,
        keyed.row_order,
        keyed.column_order,
        keyed.indicator_code,
        keyed.indicator_group,
        case
            when keyed.table_id = 't2' or disclosure_measures.item_code is not null
                then 'fct_disclosure_volume'
            when keyed.table_id = 't3' or request_outcome_labels.outcome_code is not null
                then 'fct_application_outcomes'
            when keyed.table_id = 't4' or litigation_results.proceeding is not null
                then 'fct_litigation'
        end as fact_name,
        case
            when keyed.table_id = 't2' or disclosure_measures.item_code is not null
                then coalesce(disclosure_measures.item_code, keyed.row_code)
        end as item_code,
        case
            when keyed.table_id = 't2' or disclosure_measures.item_code is not null
                then coalesce(disclosure_measures.measure_code, keyed.column_code)
        end as measure_code,
        disclosure_measures.harmonised_measure_code,
        request_outcome_labels.outcome_code,
        request_outcomes.outcome_group,
        request_outcomes.outcome_class,
        request_outcomes.row_role as outcome_row_role,
        case
            when keyed.table_id = 't3' then keyed.column_code
            when request_outcome_labels.outcome_code is not null then 'total'
        end as applicant_type,
        litigation_results.proceeding,
        litigation_results.result,
        coalesce(
            disclosure_measures.comparability,
            request_outcome_labels.comparability,
            litigation_results.comparability
        ) as comparability,
        keyed.raw_text,
        keyed.value,
        keyed.value_status,
        keyed.is_approximate,
        keyed.note,
        keyed.unit,
        keyed.loc_line,
        keyed.loc_offset,
        keyed.loc_page,
        keyed.loc_table,
        keyed.loc_row,
        keyed.loc_cell

    from keyed
    left join reports
        on keyed.report_id = reports.report_id
    left join disclosure_measures
        on
            keyed.report_format = disclosure_measures.report_format
            and keyed.source_kind = disclosure_measures.source_kind
            and keyed.mapped_row_code = disclosure_measures.row_code
            and keyed.column_code = disclosure_measures.column_code
    left join request_outcome_labels
        on
            keyed.report_format = request_outcome_labels.report_format
            and keyed.source_kind = request_outcome_labels.source_kind
            and keyed.mapped_row_code = request_outcome_labels.row_code
            and keyed.table_id in ('t3', 'stat')
    left join request_outcomes
        on request_outcome_labels.outcome_code = request_outcomes.outcome_code
    left join litigation_results
        on
            keyed.report_format = litigation_results.report_format
            and keyed.source_kind = litigation_results.source_kind
            and keyed.mapped_row_code = litigation_results.row_code
            and keyed.column_code = litigation_results.column_code

),

final as (

    select
        mapped.*,
        applicant_types.applicant_group

    from mapped
    left join applicant_types
        on mapped.applicant_type = applicant_types.applicant_type

)

select * from final
