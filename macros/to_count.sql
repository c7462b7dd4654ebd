{#-
    A published figure as a count (bigint): null when the figure is null or not a whole
    number (R5 flags such cells; the printed text stays in raw_text). Never rounds.
-#}
{% macro to_count(column_name) -%}
    case
        when {{ column_name }} = trunc({{ column_name }})
            then cast({{ column_name }} as bigint)
    end
{%- endmacro %}
