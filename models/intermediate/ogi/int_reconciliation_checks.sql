-- Every rule a report promises (seed ogi__reconciliation_rules), checked for every landed
-- report: one row per report x rule x scope.
-- Hard rules, within one report: R1-R4 (arithmetic of tables 3 and 4), R5 (valid figures).
-- Soft rules, flagged and never a reason to reject: C1 and C2 (against the current version of
-- the same agency's previous year), T1 (narrative figures against the table cells, links in
-- seed ogi__text_table_links), H1 (a region's own figures against the sum of its
-- subordinate bodies' current reports of the same year).
-- Each equation rule is a set of terms on two sides, `expected` and `found`. A check is
-- assessable only when every term is a printed number; a blank, dash, slash, 无, missing cell
-- or missing report makes it `not_assessable`, never 0. A rule with alternatives (T1:
-- 收到申请 = 一, or 一 + 二) passes when any alternative holds.

with

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

table_cells as (

    select * from {{ ref('int_table_cells__harmonised') }}

),

narrative_figures as (

    select * from {{ ref('stg_ogi__narrative_figures') }}

),

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

agencies as (

    select * from {{ ref('int_agencies') }}

),

table_layout as (

    select * from {{ ref('ogi__table_layout') }}

),

text_table_links as (

    select * from {{ ref('ogi__text_table_links') }}

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

current_versions as (

    select
        report_id,
        agency_id,
        agency_name,
        report_year

    from report_versions
    where is_current_version

),

-- C1 and C2 compare a report with the current version of its agency's previous year
previous_reports as (

    select
        report_versions.report_id,
        report_versions.report_year - 1 as previous_year,
        current_versions.report_id as previous_report_id

    from report_versions
    left join current_versions
        on
            report_versions.agency_id = current_versions.agency_id
            and report_versions.report_year - 1 = current_versions.report_year

),

-- H1: the current reports of a region's subordinate bodies for the same year
subordinate_bodies as (

    select distinct
        agency_id,
        parent_agency_id

    from agencies
    where parent_agency_id is not null

),

subordinate_reports as (

    select
        report_versions.report_id,
        current_versions.report_id as subordinate_report_id,
        current_versions.agency_name as subordinate_name

    from report_versions
    inner join subordinate_bodies
        on report_versions.agency_id = subordinate_bodies.parent_agency_id
    inner join current_versions
        on
            subordinate_bodies.agency_id = current_versions.agency_id
            and report_versions.report_year = current_versions.report_year

),

-- T1: each narrative figure with the table cells it is linked to (none: no counterpart)
figure_links as (

    select
        narrative_figures.report_id,
        narrative_figures.item_code,
        narrative_figures.item_code
        || coalesce(':' || narrative_figures.figure_label, '') as scope,
        narrative_figures.value,
        case
            when narrative_figures.value_status != 'number'
                then narrative_figures.value_status
            when narrative_figures.is_approximate then 'approximate'
            else 'number'
        end as value_status,
        narrative_figures.label_words,
        reports.report_format,
        text_table_links.alternative,
        text_table_links.term_order,
        text_table_links.table_id,
        text_table_links.row_code,
        text_table_links.column_code,
        text_table_links.matches_figure_label

    from narrative_figures
    inner join reports
        on narrative_figures.report_id = reports.report_id
    left join text_table_links
        on
            reports.report_format = text_table_links.report_format
            and narrative_figures.item_code = text_table_links.item_code

),

-- an era-1 statistical table has no fixed rows: its rows carry the indicator their label
-- names (seed ogi__stat_indicators, in int_table_cells__harmonised). A figure is read against
-- the first row (in printed order) of the link's indicator, whose label also starts with the
-- figure's own label when the figure repeats by category (规范性文件类信息, 同意公开).
statistics_rows as (

    select
        report_id,
        row_code,
        column_code,
        row_label,
        label_words,
        indicator_code,
        row_order,
        case when value_status = 'number' then value end as value,
        value_status

    from table_cells
    where table_id = 'stat'

),

statistics_reports as (

    select distinct report_id
    from statistics_rows

),

matched_statistics_rows as (

    select
        figure_links.report_id,
        figure_links.scope,
        figure_links.alternative,
        figure_links.term_order,
        statistics_rows.row_code,
        statistics_rows.row_label,
        statistics_rows.value,
        statistics_rows.value_status

    from figure_links
    inner join statistics_rows
        on
            figure_links.report_id = statistics_rows.report_id
            and figure_links.column_code = statistics_rows.column_code
            and (
                figure_links.row_code is null
                or figure_links.row_code = statistics_rows.indicator_code
            )
            and (
                not figure_links.matches_figure_label
                or starts_with(statistics_rows.label_words, figure_links.label_words)
            )
    where figure_links.table_id = 'stat'
    qualify row_number() over (
        partition by figure_links.report_id, figure_links.scope, figure_links.alternative
        order by statistics_rows.row_order, statistics_rows.row_code
    ) = 1

),

-- each rule as two sides of an equation: the `expected` side and the `found` side
check_terms as (

    -- R1, per applicant column: new_requests + carried_over = total_processed + carried_forward
    select
        report_id,
        'R1' as rule_code,
        column_code as scope,
        1 as alternative,
        case when row_role = 'inflow' then 'expected' else 'found' end as side,
        row_code as term_code,
        row_order as term_order,
        1 as sign,
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
        1 as alternative,
        case when row_role = 'outcome_total' then 'expected' else 'found' end as side,
        row_code as term_code,
        row_order as term_order,
        1 as sign,
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
        1 as alternative,
        case when column_role = 'total' then 'expected' else 'found' end as side,
        column_code as term_code,
        column_order as term_order,
        1 as sign,
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
        1 as alternative,
        case when column_role = 'total' then 'expected' else 'found' end as side,
        column_code as term_code,
        column_order as term_order,
        1 as sign,
        value,
        value_status
    from layout_cells
    where table_id = 't4'

    union all

    -- C1, per applicant column: carried_over (N) = carried_forward (N-1)
    select
        report_id,
        'C1' as rule_code,
        column_code as scope,
        1 as alternative,
        'found' as side,
        row_code as term_code,
        1 as term_order,
        1 as sign,
        value,
        value_status
    from layout_cells
    where table_id = 't3' and row_code = 'carried_over'

    union all

    select
        this_year.report_id,
        'C1' as rule_code,
        this_year.column_code as scope,
        1 as alternative,
        'expected' as side,
        coalesce(cast(previous_reports.previous_year as varchar), 'previous year')
        || ' carried_forward' as term_code,
        1 as term_order,
        1 as sign,
        last_year.value,
        case
            when previous_reports.previous_report_id is null then 'no report'
            else coalesce(last_year.value_status, 'missing')
        end as value_status
    from layout_cells as this_year
    inner join previous_reports
        on this_year.report_id = previous_reports.report_id
    left join layout_cells as last_year
        on
            previous_reports.previous_report_id = last_year.report_id
            and last_year.table_id = 't3'
            and last_year.row_code = 'carried_forward'
            and this_year.column_code = last_year.column_code
    where this_year.table_id = 't3' and this_year.row_code = 'carried_over'

    union all

    -- C2, per table-2 document item: in_force (N) = in_force (N-1) + issued - repealed
    select
        report_id,
        'C2' as rule_code,
        row_code as scope,
        1 as alternative,
        case when column_code = 'in_force' then 'found' else 'expected' end as side,
        column_code as term_code,
        column_order as term_order,
        case when column_code = 'repealed' then -1 else 1 end as sign,
        value,
        value_status
    from layout_cells
    where table_id = 't2' and column_code in ('issued', 'repealed', 'in_force')

    union all

    select
        this_year.report_id,
        'C2' as rule_code,
        this_year.row_code as scope,
        1 as alternative,
        'expected' as side,
        coalesce(cast(previous_reports.previous_year as varchar), 'previous year')
        || ' in_force' as term_code,
        0 as term_order,
        1 as sign,
        last_year.value,
        case
            when previous_reports.previous_report_id is null then 'no report'
            else coalesce(last_year.value_status, 'missing')
        end as value_status
    from layout_cells as this_year
    inner join previous_reports
        on this_year.report_id = previous_reports.report_id
    left join layout_cells as last_year
        on
            previous_reports.previous_report_id = last_year.report_id
            and this_year.table_id = last_year.table_id
            and this_year.row_code = last_year.row_code
            and this_year.column_code = last_year.column_code
    where this_year.table_id = 't2' and this_year.column_code = 'in_force'

    union all

    -- T1, per narrative figure: the figure = the table cells it is linked to
    select distinct
        report_id,
        'T1' as rule_code,
        scope,
        coalesce(alternative, 1) as alternative,
        'expected' as side,
        scope || ' (narrative)' as term_code,
        0 as term_order,
        1 as sign,
        value,
        value_status
    from figure_links

    union all

    select
        figure_links.report_id,
        'T1' as rule_code,
        figure_links.scope,
        coalesce(figure_links.alternative, 1) as alternative,
        'found' as side,
        case
            when figure_links.table_id is null
                then 'the tables of the ' || figure_links.report_format || ' format'
            when statistics_reports.report_id is null then 'statistical table'
            when figure_links.table_id = 'stat'
                then coalesce(
                    matched_statistics_rows.row_label || ' (' || matched_statistics_rows.row_code
                    || ')',
                    'statistical-table row '
                    || coalesce(figure_links.row_code, '')
                    || coalesce(' ' || figure_links.label_words || '...', '')
                )
            else figure_links.row_code || ':' || figure_links.column_code
        end as term_code,
        coalesce(figure_links.term_order, 1) as term_order,
        1 as sign,
        coalesce(matched_statistics_rows.value, table_cells.value) as value,
        case
            when figure_links.table_id is null then 'no counterpart'
            when figure_links.table_id = 'stat' and statistics_reports.report_id is null
                then 'not printed'
            when figure_links.table_id = 'stat'
                then coalesce(matched_statistics_rows.value_status, 'not found')
            else coalesce(table_cells.value_status, 'missing')
        end as value_status
    from figure_links
    left join statistics_reports
        on figure_links.report_id = statistics_reports.report_id
    left join matched_statistics_rows
        on
            figure_links.report_id = matched_statistics_rows.report_id
            and figure_links.scope = matched_statistics_rows.scope
            and figure_links.alternative = matched_statistics_rows.alternative
            and figure_links.term_order = matched_statistics_rows.term_order
    left join table_cells
        on
            figure_links.report_id = table_cells.report_id
            and figure_links.table_id = table_cells.table_id
            and figure_links.row_code = table_cells.row_code
            and figure_links.column_code = table_cells.column_code

    union all

    -- H1, per headline cell (table-3 一 二 （七） 四 and table-4 totals, 总计 column): the
    -- region's own figure = the sum of its subordinate bodies' figures
    select
        report_id,
        'H1' as rule_code,
        table_id || ':' || row_code || ':' || column_code as scope,
        1 as alternative,
        'expected' as side,
        row_code || ':' || column_code as term_code,
        0 as term_order,
        1 as sign,
        value,
        value_status
    from layout_cells
    where
        column_role = 'total'
        and (
            table_id = 't4'
            or row_role in ('inflow', 'outcome_total', 'carry_forward')
        )

    union all

    select
        own_cells.report_id,
        'H1' as rule_code,
        own_cells.table_id || ':' || own_cells.row_code || ':' || own_cells.column_code
            as scope,
        1 as alternative,
        'found' as side,
        coalesce(subordinate_reports.subordinate_name, 'reports of subordinate bodies')
            as term_code,
        1 as term_order,
        1 as sign,
        subordinate_cells.value,
        case
            when subordinate_reports.subordinate_report_id is null then 'none in the warehouse'
            else coalesce(subordinate_cells.value_status, 'missing')
        end as value_status
    from layout_cells as own_cells
    left join subordinate_reports
        on own_cells.report_id = subordinate_reports.report_id
    left join layout_cells as subordinate_cells
        on
            subordinate_reports.subordinate_report_id = subordinate_cells.report_id
            and own_cells.table_id = subordinate_cells.table_id
            and own_cells.row_code = subordinate_cells.row_code
            and own_cells.column_code = subordinate_cells.column_code
    where
        own_cells.column_role = 'total'
        and (
            own_cells.table_id = 't4'
            or own_cells.row_role in ('inflow', 'outcome_total', 'carry_forward')
        )

),

equations as (

    select
        report_id,
        rule_code,
        scope,
        alternative,
        bool_and(value_status = 'number') as is_assessable,
        sum(sign * value) filter (where side = 'expected') as expected_sum,
        sum(sign * value) filter (where side = 'found') as found_sum,
        string_agg(
            case when sign < 0 then ' - ' else ' + ' end || term_code,
            '' order by term_order, term_code
        ) filter (where side = 'expected') as expected_terms,
        string_agg(
            case when sign < 0 then ' - ' else ' + ' end || term_code,
            '' order by term_order, term_code
        ) filter (where side = 'found') as found_terms,
        string_agg(
            term_code || ' (' || value_status || ')', ', ' order by side, term_order, term_code
        ) filter (where value_status != 'number') as unusable_terms

    from check_terms
    group by report_id, rule_code, scope, alternative

),

-- one alternative per check: the first that holds, else the first listed
chosen_equations as (

    select * from equations
    qualify row_number() over (
        partition by report_id, rule_code, scope
        order by coalesce(is_assessable and expected_sum = found_sum, false) desc, alternative
    ) = 1

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
            when not is_assessable then 'not assessable: ' || unusable_terms
            else
                regexp_replace(expected_terms, '^ \+ ', '') || ' = '
                || {{ format_figure('expected_sum') }}
                || '; ' || regexp_replace(found_terms, '^ \+ ', '') || ' = '
                || {{ format_figure('found_sum') }}
        end as detail

    from chosen_equations

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
