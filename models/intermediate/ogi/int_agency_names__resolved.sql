-- One row per distinct agency name (whitespace removed): the administrative division it
-- belongs to, whether it is that division's government or a department of it, its stable
-- agency_id and its parent body. Division names come from the seed ogi__divisions (a
-- maintained package, see scripts/build_division_seed.py) and the special zones seed.
--
-- How a name is matched:
-- 1. every substring of the name that is a division's name (or alias) is a span; a span
--    that straddles the end of an earlier span (津市市 in 天津市市场…) or lies inside a
--    longer span (城区 in 东城区) is dropped;
-- 2. a candidate is one division a span may mean; it is nested when every other span can
--    mean one of its ancestors or itself (淮安市 for 洪泽区 320813);
-- 3. exactly one nested candidate: resolved. None: the printed divisions do not nest
--    (conflict). Several: the name does not say which one (ambiguous). Nothing is guessed.
-- 4. the text after the resolved span tells the body: nothing, 人民政府, 办事处, 管委会 ...
--    is the division's government; anything else (…局, …委员会) is a department of it.

with

reports as (

    select * from {{ ref('stg_ogi__reports') }}

),

divisions as (

    select * from {{ ref('ogi__divisions') }}

),

special_zones as (

    select * from {{ ref('ogi__special_zones') }}

),

agency_names as (

    select distinct {{ strip_whitespace('agency_name') }} as agency_name_normalised
    from reports
    where {{ strip_whitespace('agency_name') }} is not null

),

-- what follows a division's name when the body is the division's government itself
government_suffixes as (

    select unnest([
        '',
        '人民政府',
        '政府',
        '人民政府办公室',
        '人民政府办公厅',
        '政府办公室',
        '政府办公厅',
        '办事处',
        '人民政府办事处',
        '管委会',
        '管理委员会',
        '管委会办公室',
        '管理委员会办公室',
        '行政公署',
        '行署'
    ]) as body_suffix

),

division_forms as (

    select
        divisions.division_code,
        divisions.division_name,
        divisions.division_level,
        divisions.division_level as government_level,
        divisions.alias_name,
        divisions.province,
        divisions.city,
        divisions.county,
        case
            when divisions.division_level = 'township' then divisions.division_name
        end as township,
        divisions.division_code as government_key,
        -- a division administered by a special zone reports to the zone (平潭县)
        coalesce(special_zones.zone_key, divisions.parent_code) as parent_government_key,
        case divisions.division_level
            when 'province' then 1
            when 'city' then 2
            when 'county' then 3
            when 'township' then 4
        end as level_rank,
        left(
            divisions.division_code,
            case divisions.division_level
                when 'province' then 2
                when 'city' then 4
                else length(divisions.division_code)
            end
        ) as code_prefix,
        false as is_special_zone

    from divisions
    left join special_zones
        on divisions.division_code = special_zones.region_code

),

-- a special zone stands for the division it administers and ranks just above it
zone_forms as (

    select
        region.division_code,
        special_zones.zone_name as division_name,
        region.division_level,
        special_zones.admin_level as government_level,
        cast(null as varchar) as alias_name,
        region.province,
        region.city,
        region.county,
        region.township,
        special_zones.zone_key as government_key,
        special_zones.parent_code as parent_government_key,
        region.level_rank - 0.5 as level_rank,
        region.code_prefix,
        true as is_special_zone

    from special_zones
    inner join division_forms as region
        on special_zones.region_code = region.division_code

),

division_names as (

    select
        *,
        division_name as match_name,
        false as is_alias
    from division_forms

    union all

    select
        *,
        alias_name as match_name,
        true as is_alias
    from division_forms
    where alias_name is not null

    union all

    select
        *,
        division_name as match_name,
        false as is_alias
    from zone_forms

),

match_lengths as (

    select distinct length(match_name) as span_length
    from division_names

),

name_starts as (

    select
        agency_name_normalised,
        unnest(range(1, length(agency_name_normalised) + 1)) as start_pos
    from agency_names

),

name_substrings as (

    select
        name_starts.agency_name_normalised,
        name_starts.start_pos,
        match_lengths.span_length,
        substring(
            name_starts.agency_name_normalised, name_starts.start_pos, match_lengths.span_length
        ) as span_text

    from name_starts
    cross join match_lengths
    where
        name_starts.start_pos + match_lengths.span_length - 1
        <= length(name_starts.agency_name_normalised)

),

spans as (

    select
        name_substrings.agency_name_normalised,
        name_substrings.start_pos,
        name_substrings.span_length,
        name_substrings.start_pos + name_substrings.span_length - 1 as end_pos,
        name_substrings.span_text,
        division_names.division_code,
        division_names.division_name,
        division_names.division_level,
        division_names.government_level,
        division_names.province,
        division_names.city,
        division_names.county,
        division_names.township,
        division_names.government_key,
        division_names.parent_government_key,
        division_names.level_rank,
        division_names.code_prefix,
        division_names.is_special_zone,
        division_names.is_alias

    from name_substrings
    inner join division_names
        on name_substrings.span_text = division_names.match_name

),

span_positions as (

    select distinct
        agency_name_normalised,
        start_pos,
        end_pos
    from spans

),

-- a span that begins inside an earlier span and runs past it is a misreading across a
-- boundary: 津市市 in 天津市市场监督管理局, 丰镇市 in 华丰镇市场监督管理局
straddling_spans as (

    select distinct
        later_span.agency_name_normalised,
        later_span.start_pos,
        later_span.end_pos

    from span_positions as later_span
    inner join span_positions as earlier_span
        on
            later_span.agency_name_normalised = earlier_span.agency_name_normalised
            and later_span.start_pos > earlier_span.start_pos
            and later_span.start_pos <= earlier_span.end_pos
            and later_span.end_pos > earlier_span.end_pos

),

readable_spans as (

    select span_positions.*
    from span_positions
    left join straddling_spans
        on
            span_positions.agency_name_normalised = straddling_spans.agency_name_normalised
            and span_positions.start_pos = straddling_spans.start_pos
            and span_positions.end_pos = straddling_spans.end_pos
    where straddling_spans.agency_name_normalised is null

),

-- a span inside a longer one is part of that name, not a division of its own (城区 in 东城区)
inner_spans as (

    select distinct
        inner_span.agency_name_normalised,
        inner_span.start_pos,
        inner_span.end_pos

    from readable_spans as inner_span
    inner join readable_spans as outer_span
        on
            inner_span.agency_name_normalised = outer_span.agency_name_normalised
            and inner_span.start_pos >= outer_span.start_pos
            and inner_span.end_pos <= outer_span.end_pos
            and outer_span.end_pos - outer_span.start_pos
            > inner_span.end_pos - inner_span.start_pos

),

outer_spans as (

    select readable_spans.*
    from readable_spans
    left join inner_spans
        on
            readable_spans.agency_name_normalised = inner_spans.agency_name_normalised
            and readable_spans.start_pos = inner_spans.start_pos
            and readable_spans.end_pos = inner_spans.end_pos
    where inner_spans.agency_name_normalised is null

),

candidates as (

    select spans.*
    from spans
    inner join outer_spans
        on
            spans.agency_name_normalised = outer_spans.agency_name_normalised
            and spans.start_pos = outer_spans.start_pos
            and spans.end_pos = outer_spans.end_pos

),

-- for each candidate and each other span: can that span mean an ancestor of it (or itself)?
candidate_span_checks as (

    select
        candidate.agency_name_normalised,
        candidate.start_pos,
        candidate.end_pos,
        candidate.government_key,
        other_span.start_pos as other_start_pos,
        other_span.end_pos as other_end_pos,
        bool_or(
            starts_with(candidate.division_code, other_span.code_prefix)
            and other_span.level_rank <= candidate.level_rank
        ) as is_nested

    from candidates as candidate
    inner join candidates as other_span
        on
            candidate.agency_name_normalised = other_span.agency_name_normalised
            and (
                candidate.start_pos != other_span.start_pos
                or candidate.end_pos != other_span.end_pos
            )
    group by
        candidate.agency_name_normalised,
        candidate.start_pos,
        candidate.end_pos,
        candidate.government_key,
        other_span.start_pos,
        other_span.end_pos

),

candidate_conflicts as (

    select
        agency_name_normalised,
        start_pos,
        end_pos,
        government_key,
        count(*) filter (where not is_nested) as conflicting_span_count

    from candidate_span_checks
    group by agency_name_normalised, start_pos, end_pos, government_key

),

scored_candidates as (

    select
        candidates.*,
        coalesce(candidate_conflicts.conflicting_span_count, 0) as conflicting_span_count,
        count(*) over (
            partition by candidates.agency_name_normalised, candidates.start_pos, candidates.end_pos
        ) as same_span_candidate_count

    from candidates
    left join candidate_conflicts
        on
            candidates.agency_name_normalised = candidate_conflicts.agency_name_normalised
            and candidates.start_pos = candidate_conflicts.start_pos
            and candidates.end_pos = candidate_conflicts.end_pos
            and candidates.government_key = candidate_conflicts.government_key

),

printed_spans as (

    select distinct
        agency_name_normalised,
        start_pos,
        span_text
    from candidates

),

name_outcomes as (

    select
        scored_candidates.agency_name_normalised,
        count(distinct scored_candidates.government_key) filter (
            where scored_candidates.conflicting_span_count = 0
        ) as nested_candidate_count,
        min(scored_candidates.start_pos) as first_start_pos

    from scored_candidates
    group by scored_candidates.agency_name_normalised

),

span_lists as (

    select
        agency_name_normalised,
        string_agg(span_text, ' / ' order by start_pos) as span_texts
    from printed_spans
    group by agency_name_normalised

),

-- the resolved division: the one nested candidate (its last printed occurrence)
winners as (

    select
        scored_candidates.*,
        name_outcomes.first_start_pos,
        row_number() over (
            partition by scored_candidates.agency_name_normalised
            order by scored_candidates.end_pos desc
        ) as occurrence_rank

    from scored_candidates
    inner join name_outcomes
        on scored_candidates.agency_name_normalised = name_outcomes.agency_name_normalised
    where
        name_outcomes.nested_candidate_count = 1
        and scored_candidates.conflicting_span_count = 0

),

-- the printed divisions that nest the winner (itself included)
winner_spans as (

    select distinct
        winners.agency_name_normalised,
        scored_candidates.start_pos,
        scored_candidates.span_text,
        scored_candidates.level_rank

    from winners
    inner join scored_candidates
        on
            winners.agency_name_normalised = scored_candidates.agency_name_normalised
            and starts_with(winners.division_code, scored_candidates.code_prefix)
            and winners.level_rank >= scored_candidates.level_rank
    where winners.occurrence_rank = 1

),

-- from the highest down: 淮安市 > 洪泽区
winner_chains as (

    select
        agency_name_normalised,
        string_agg(span_text, ' > ' order by level_rank, start_pos) as matched_division_names
    from winner_spans
    group by agency_name_normalised

),

resolved_bodies as (

    select
        winners.*,
        winner_chains.matched_division_names,
        substring(winners.agency_name_normalised, winners.end_pos + 1) as body_text,
        substring(winners.agency_name_normalised, 1, winners.first_start_pos - 1) as prefix_text

    from winners
    inner join winner_chains
        on winners.agency_name_normalised = winner_chains.agency_name_normalised
    where winners.occurrence_rank = 1

),

classified as (

    select
        resolved_bodies.*,
        government_suffixes.body_suffix is not null
        and resolved_bodies.prefix_text = '' as is_government,
        resolved_bodies.prefix_text
        || coalesce(
            nullif(regexp_replace(resolved_bodies.body_text, '^(人民政府|政府)', ''), ''),
            resolved_bodies.body_text
        ) as department_text

    from resolved_bodies
    left join government_suffixes
        on resolved_bodies.body_text = government_suffixes.body_suffix

),

resolved as (

    select
        agency_name_normalised,
        case
            when is_government then 'ag_' || government_key
            else 'ag_' || government_key || '_' || left(md5(department_text), 10)
        end as agency_id,
        case when is_government then government_level else 'department' end as admin_level,
        division_code as region_code,
        division_level as region_level,
        province,
        city,
        county,
        township,
        case when not is_government then department_text end as department_name,
        case
            when is_government then 'ag_' || parent_government_key
            when prefix_text = '' then 'ag_' || government_key
        end as parent_agency_id,
        matched_division_names,
        'resolved' as resolution_status,
        case
            when is_special_zone
                then
                    division_name || ': special zone (seed ogi__special_zones) administering '
                    || county || ' ' || division_code
            else
                matched_division_names || ' -> ' || division_code || ' '
                || concat_ws('', province, city, county, township)
                || case
                    when same_span_candidate_count = 1
                        then '; the only division named ' || span_text
                    else
                        '; ' || span_text || ' names ' || same_span_candidate_count
                        || ' divisions, the higher division printed picks this one'
                end
                || case when is_alias then ' (short form of ' || division_name || ')' else '' end
        end
        || case
            when is_government then ''
            when prefix_text = '' then '; department ' || department_text
            else
                '; department ' || department_text || '; parent not derived: the name begins with '
                || prefix_text
        end as resolution_note

    from classified

),

-- names that could not be resolved: their candidates (the first five), for the note
unresolved_candidates as (

    select
        scored_candidates.agency_name_normalised,
        name_outcomes.nested_candidate_count,
        span_lists.span_texts,
        scored_candidates.division_code
        || ' '
        || concat_ws(
            '',
            scored_candidates.province,
            scored_candidates.city,
            scored_candidates.county,
            scored_candidates.township
        )
        || case
            when scored_candidates.is_special_zone then ' (special zone)' else ''
        end as candidate_text,
        row_number() over (
            partition by scored_candidates.agency_name_normalised
            order by scored_candidates.division_code, scored_candidates.government_key
        ) as candidate_rank

    from scored_candidates
    inner join name_outcomes
        on scored_candidates.agency_name_normalised = name_outcomes.agency_name_normalised
    inner join span_lists
        on scored_candidates.agency_name_normalised = span_lists.agency_name_normalised
    where
        name_outcomes.nested_candidate_count != 1
        -- ambiguous: the candidates that nest; conflict: all of them
        and (
            name_outcomes.nested_candidate_count = 0
            or scored_candidates.conflicting_span_count = 0
        )

),

unresolved_names as (

    select
        agency_name_normalised,
        any_value(nested_candidate_count) as nested_candidate_count,
        any_value(span_texts) as span_texts,
        string_agg(candidate_text, ', ' order by candidate_rank) filter (
            where candidate_rank <= 5
        )
        || case
            when count(*) > 5 then ' and ' || (count(*) - 5) || ' more' else ''
        end as candidate_list

    from unresolved_candidates
    group by agency_name_normalised

),

final as (

    select
        agency_names.agency_name_normalised,
        coalesce(
            resolved.agency_id, 'ag_' || left(md5(agency_names.agency_name_normalised), 12)
        ) as agency_id,
        resolved.admin_level,
        resolved.region_code,
        resolved.region_level,
        resolved.province,
        resolved.city,
        resolved.county,
        resolved.township,
        resolved.department_name,
        resolved.parent_agency_id,
        resolved.matched_division_names,
        resolved.agency_id is not null as is_resolved,
        case
            when resolved.agency_id is not null then resolved.resolution_status
            when unresolved_names.nested_candidate_count > 1 then 'ambiguous'
            when unresolved_names.nested_candidate_count = 0 then 'conflict'
            else 'no_match'
        end as resolution_status,
        case
            when resolved.agency_id is not null then resolved.resolution_note
            when unresolved_names.nested_candidate_count > 1
                then
                    'ambiguous: ' || unresolved_names.span_texts || ' may be any of '
                    || unresolved_names.nested_candidate_count || ' divisions ('
                    || unresolved_names.candidate_list
                    || '); the name prints no higher division that picks one'
            when unresolved_names.nested_candidate_count = 0
                then
                    'conflict: the divisions printed do not nest ('
                    || unresolved_names.candidate_list || ')'
            else 'no division of ogi__divisions or ogi__special_zones is named'
        end as resolution_note

    from agency_names
    left join resolved
        on agency_names.agency_name_normalised = resolved.agency_name_normalised
    left join unresolved_names
        on agency_names.agency_name_normalised = unresolved_names.agency_name_normalised

)

select * from final
