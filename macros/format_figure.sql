{#- A decimal figure as short text for messages: 13.000000 -> 13, 7730.280000 -> 7730.28. -#}
{% macro format_figure(column_name) -%}
    regexp_replace(
        regexp_replace(cast({{ column_name }} as varchar), '(\.\d*?)0+$', '\1'),
        '\.$',
        ''
    )
{%- endmacro %}
