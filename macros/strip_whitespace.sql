{#-
    Text with every whitespace character removed (ASCII, nbsp, ideographic space, zero-width),
    null when nothing is left: '北京市 海淀区　人民政府 ' -> '北京市海淀区人民政府'.
    The one normalisation of an agency name before it is keyed and matched.
-#}
{% macro strip_whitespace(column_name) -%}
    nullif(regexp_replace({{ column_name }}, '[\s\p{Z}\x{200b}\x{feff}]+', '', 'g'), '')
{%- endmacro %}
