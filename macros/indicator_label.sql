{#-
    An indicator or category label reduced to its words, for matching a narrative figure with
    a row of an era-1 statistical table: whitespace, bracketed glosses (政报), a leading 其中:
    and a leading number (4. 15 ⑴ ① Ⅰ 1、) are removed.
    '其中:⑴规范性文件类信息数' -> '规范性文件类信息数'; '12.政府公报(政报)发放数' -> '政府公报发放数'.
-#}
{% macro indicator_label(column_name) -%}
    regexp_replace(
        regexp_replace(
            regexp_replace({{ column_name }}, '[\s\p{Z}\x{200b}\x{feff}]+', '', 'g'),
            '[(（][^)）]*[)）]',
            '',
            'g'
        ),
        '^(其中[:：])?([0-9]+[.、．]?|[⑴-⒇①-⑳Ⅰ-Ⅻ])?(其中[:：])?([⑴-⒇①-⑳Ⅰ-Ⅻ])?',
        ''
    )
{%- endmacro %}
