-- The audit of the version rule: every landed report (every version of every agency-year),
-- whether it is the current one, and why. A correction, a mirror copy or a PDF and an HTML of
-- the same report are versions of one agency-year; only the current one feeds the other
-- marts. deciding_criterion is the first criterion of the rule on which this version and its
-- closest competitor differ (for the current version: the runner-up; for any other: the
-- current version). Grain: report_id.

with

report_versions as (

    select * from {{ ref('int_reports__versions') }}

),

-- the version each one is compared with: the runner-up for the current one, else the current
competitors as (

    select
        report_versions.report_id,
        competitor.report_id as competitor_report_id,
        competitor.inbox_path as competitor_source_file,
        competitor.numeric_cell_count as competitor_numeric_cell_count,
        competitor.numeric_figure_count as competitor_numeric_figure_count,
        competitor.source_media_type as competitor_media_type,
        competitor.media_type_preference as competitor_media_type_preference,
        competitor.inbox_kind as competitor_inbox_kind,
        competitor.inbox_kind_preference as competitor_inbox_kind_preference

    from report_versions
    inner join report_versions as competitor
        on
            report_versions.agency_year_key = competitor.agency_year_key
            and competitor.version_rank = case
                when report_versions.is_current_version then 2 else 1
            end

),

compared as (

    select
        report_versions.*,
        competitors.competitor_report_id,
        competitors.competitor_source_file,
        competitors.competitor_numeric_cell_count,
        competitors.competitor_numeric_figure_count,
        competitors.competitor_media_type,
        competitors.competitor_inbox_kind,
        case
            when competitors.competitor_report_id is null then 'only_version'
            when
                report_versions.numeric_cell_count
                != competitors.competitor_numeric_cell_count
                then 'numeric_cell_count'
            when
                report_versions.numeric_figure_count
                != competitors.competitor_numeric_figure_count
                then 'numeric_figure_count'
            when
                report_versions.media_type_preference
                != competitors.competitor_media_type_preference
                then 'media_type'
            when
                report_versions.inbox_kind_preference
                != competitors.competitor_inbox_kind_preference
                then 'inbox_kind'
            else 'report_id'
        end as deciding_criterion

    from report_versions
    left join competitors
        on report_versions.report_id = competitors.report_id

),

explained as (

    select
        *,
        case deciding_criterion
            when 'only_version' then 'the only version of this agency-year'
            when 'numeric_cell_count'
                then
                    case when is_current_version then 'more' else 'fewer' end
                    || ' numeric table cells (' || numeric_cell_count || ' against '
                    || competitor_numeric_cell_count || ')'
            when 'numeric_figure_count'
                then
                    'as many numeric table cells (' || numeric_cell_count || '), '
                    || case when is_current_version then 'more' else 'fewer' end
                    || ' numeric narrative figures (' || numeric_figure_count || ' against '
                    || competitor_numeric_figure_count || ')'
            when 'media_type'
                then
                    'as many numeric cells and figures; '
                    || case
                        when is_current_version
                            then source_media_type || ' is preferred to ' || competitor_media_type
                        else competitor_media_type || ' is preferred to ' || source_media_type
                    end
            when 'inbox_kind'
                then
                    'as many numeric cells and figures, same media type; '
                    || case
                        when is_current_version
                            then 'a raw report is preferred to a JSON document'
                        else 'this is a JSON document and a raw report is preferred'
                    end
            else 'identical on every criterion; the lowest report_id is current'
        end as criterion_detail

    from compared

),

final as (

    select
        report_id,
        agency_id,
        agency_name,
        report_year,
        agency_year_key,
        report_format,
        is_current_version,
        version_rank,
        version_count,
        case
            when is_current_version then report_id else competitor_report_id
        end as current_report_id,
        deciding_criterion,
        case
            when deciding_criterion = 'only_version' then 'current: ' || criterion_detail
            when is_current_version
                then
                    'current over ' || competitor_report_id || ' (' || competitor_source_file
                    || '): ' || criterion_detail
            else
                'superseded by ' || competitor_report_id || ' (' || competitor_source_file
                || '): ' || criterion_detail
        end as version_reason,
        numeric_cell_count,
        numeric_figure_count,
        source_media_type,
        inbox_kind,
        inbox_path as source_file,
        source_path,
        source_sha256,
        parser_name,
        parser_version,
        landed_at

    from explained

)

select * from final
