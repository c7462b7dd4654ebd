-- The arithmetic every report of the 2019 and 2021 formats promises (rules R1-R5 of
-- seeds/ogi__reconciliation_rules.csv), checked for every landed report, one row per
-- report x rule x scope. A check is assessable only when every figure it needs is a printed
-- number; a blank, dash, slash, 无 or missing cell makes it `not_assessable`, never 0.

with

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

table_cells as (

    select * from {{ ref('stg_ogi__table_cells') }}

),

table_layout as (

    select * from {{ ref('ogi__table_layout') }}

),

reconciliation_rules as (

    select * from {{ ref('ogi__reconciliation_rules') }}

),

-- the grid of cells each report's format defines, with what the report printed there
layout_cells as (

    select
        reports.report_id,
        table_layout.table_id,
        table_layout.row_code,
        table_layout.column_code,
        table_layout.row_order,
        table_layout.column_order,
        table_layout.row_role,
        table_layout.column_role,
        case when table_cells.value_status = 'number' then table_cells.value end as value,
        coalesce(table_cells.value_status, 'missing') as value_status

    from reports
    inner join table_layout
        on reports.report_format = table_layout.report_format
    left join table_cells
        on
            reports.report_id = table_cells.report_id
            and table_layout.table_id = table_cells.table_id
            and table_layout.row_code = table_cells.row_code
            and table_layout.column_code = table_cells.column_code

),

-- each rule as two sides of an equation: the `expected` side and the `found` side
check_terms as (

    -- R1, per applicant column: new_requests + carried_over = total_processed + carried_forward
    select
        report_id,
        'R1' as rule_code,
        column_code as scope,
        case when row_role = 'inflow' then 'expected' else 'found' end as side,
        row_code as term_code,
        row_order as term_order,
        value,
        value_status
    from layout_cells
    where
        table_id = 't3'
        and row_role in ('inflow', 'outcome_total', 'carry_forward')

    union all

    -- R2, per applicant column: total_processed = sum of the outcome leaf rows
    select
        report_id,
        'R2' as rule_code,
        column_code as scope,
        case when row_role = 'outcome_total' then 'expected' else 'found' end as side,
        row_code as term_code,
        row_order as term_order,
        value,
        value_status
    from layout_cells
    where
        table_id = 't3'
        and row_role in ('outcome_total', 'outcome_leaf')

    union all

    -- R3, per table-3 row: the total column = sum of the six applicant columns
    select
        report_id,
        'R3' as rule_code,
        row_code as scope,
        case when column_role = 'total' then 'expected' else 'found' end as side,
        column_code as term_code,
        column_order as term_order,
        value,
        value_status
    from layout_cells
    where table_id = 't3'

    union all

    -- R4, per table-4 proceeding: total = upheld + corrected + other + pending
    select
        report_id,
        'R4' as rule_code,
        row_code as scope,
        case when column_role = 'total' then 'expected' else 'found' end as side,
        column_code as term_code,
        column_order as term_order,
        value,
        value_status
    from layout_cells
    where table_id = 't4'

),

equations as (

    select
        report_id,
        rule_code,
        scope,
        bool_and(value_status = 'number') as is_assessable,
        sum(value) filter (where side = 'expected') as expected_sum,
        sum(value) filter (where side = 'found') as found_sum,
        string_agg(term_code, ' + ' order by term_order) filter (
            where side = 'expected'
        ) as expected_terms,
        string_agg(term_code, ' + ' order by term_order) filter (
            where side = 'found'
        ) as found_terms,
        string_agg(
            term_code || ' (' || value_status || ')', ', ' order by side, term_order
        ) filter (where value_status != 'number') as unusable_terms

    from check_terms
    group by report_id, rule_code, scope

),

arithmetic_checks as (

    select
        report_id,
        rule_code,
        scope,
        case
            when not is_assessable then 'not_assessable'
            when expected_sum = found_sum then 'pass'
            else 'fail'
        end as status,
        case when is_assessable then expected_sum end as expected_value,
        case when is_assessable then found_sum end as found_value,
        case
            when not is_assessable then 'not a printed number: ' || unusable_terms
            else
                expected_terms || ' = ' || {{ format_figure('expected_sum') }}
                || '; ' || found_terms || ' = ' || {{ format_figure('found_sum') }}
        end as detail

    from equations

),

-- R5, every printed figure: non-negative, and whole unless the cell is an amount of money
numeric_cells as (

    select
        table_cells.report_id,
        table_cells.table_id,
        table_cells.row_code,
        table_cells.column_code,
        table_cells.raw_text,
        table_cells.value,
        case
            when table_layout.is_integer is not null then table_layout.is_integer
            when table_cells.unit in ('元', '万元', '千元', '亿元') then false
            else true
        end as is_whole_number_required

    from table_cells
    inner join reports
        on table_cells.report_id = reports.report_id
    left join table_layout
        on
            reports.report_format = table_layout.report_format
            and table_cells.table_id = table_layout.table_id
            and table_cells.row_code = table_layout.row_code
            and table_cells.column_code = table_layout.column_code
    where table_cells.value_status = 'number'

),

figure_checks as (

    select
        report_id,
        'R5' as rule_code,
        table_id || ':' || row_code || ':' || column_code as scope,
        case
            when value < 0 then 'fail'
            when is_whole_number_required and value != trunc(value) then 'fail'
            else 'pass'
        end as status,
        cast(null as decimal(20, 6)) as expected_value,
        value as found_value,
        case
            when value < 0 then 'negative figure: '
            when is_whole_number_required and value != trunc(value)
                then 'count that is not a whole number: '
            else 'valid figure: '
        end || raw_text as detail

    from numeric_cells

),

all_checks as (

    select * from arithmetic_checks

    union all

    select * from figure_checks

),

final as (

    select
        all_checks.report_id,
        all_checks.rule_code,
        all_checks.scope,
        reconciliation_rules.scope_kind,
        reconciliation_rules.is_hard_rule,
        all_checks.status,
        cast(all_checks.expected_value as decimal(20, 6)) as expected_value,
        cast(all_checks.found_value as decimal(20, 6)) as found_value,
        all_checks.detail

    from all_checks
    inner join reconciliation_rules
        on all_checks.rule_code = reconciliation_rules.rule_code

)

select * from final
