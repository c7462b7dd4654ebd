-- The landing schema: what the landing step writes and dbt reads as its sources.
-- One row per report, per table cell, per narrative figure, per rejected input.
create schema if not exists landing;

-- Every file discovered in the inbox, with what became of it: nothing is lost between the
-- inbox and the warehouse when each row is either landed (in landing.reports) or rejected.
create table if not exists landing.inbox_files (
    inbox_path varchar primary key,     -- relative to the inbox root
    file_sha256 varchar,
    file_bytes bigint,
    media_type varchar,
    outcome varchar not null,           -- landed | rejected
    report_id varchar                   -- set when landed
);

create table if not exists landing.reports (
    report_id varchar primary key,      -- first 16 hex of the raw file's SHA-256
    inbox_path varchar not null,        -- the inbox file, relative to the inbox root
    inbox_kind varchar not null,        -- 'raw' (parsed here) or 'json' (document from another extractor)
    source_path varchar not null,       -- the raw report's path as its extractor saw it
    source_sha256 varchar not null,
    source_media_type varchar not null,
    source_bytes bigint,
    parser_name varchar not null,
    parser_version varchar not null,
    contract_version varchar not null,
    title varchar,
    agency_name varchar,
    agency_basis varchar not null,      -- title | text | inferred | redacted | missing
    report_year integer,
    report_year_basis varchar,
    report_format varchar not null,     -- '2021' | '2019' | 'pre2019'
    t2_status varchar,                  -- complete | incomplete | absent
    t3_status varchar,
    t4_status varchar,
    stat_status varchar,                -- an era-1 provincial statistical table: complete | absent
    cell_count integer not null,
    figure_count integer not null,
    warnings varchar[],
    landed_at timestamp not null
);

create table if not exists landing.report_cells (
    report_id varchar not null,
    report_format varchar not null,     -- the report's format, so each format stages on its own
    table_id varchar not null,          -- t2 | t3 | t4 | stat
    row_code varchar not null,
    column_code varchar not null,
    row_label varchar,
    raw_text varchar not null,
    value double,                       -- null unless value_status = 'number'
    value_status varchar not null,      -- number | blank | dash | slash | none_word | redacted | unreadable
    is_approximate boolean not null,
    note varchar,
    unit varchar,
    loc_line integer,
    loc_offset integer,
    loc_page integer,
    loc_table integer,
    loc_row integer,
    loc_cell integer
);

create table if not exists landing.narrative_figures (
    report_id varchar not null,
    report_format varchar not null,
    item varchar not null,
    figure_label varchar,               -- the category as printed, for items that repeat by category
    raw_text varchar not null,
    value double,
    value_status varchar not null,
    is_approximate boolean not null,
    note varchar,
    unit varchar,
    context varchar,
    loc_line integer,
    loc_offset integer,
    loc_page integer
);

create table if not exists landing.rejected_inputs (
    inbox_path varchar not null,
    file_sha256 varchar,
    file_bytes bigint,
    stage varchar not null,             -- discover | parse | validate | land
    reason_code varchar not null,       -- short machine code, e.g. not_an_annual_report
    reason varchar not null,            -- what a person can act on
    rejected_at timestamp not null
);
