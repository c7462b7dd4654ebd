{#-
    Every row satisfies `expression` (an SQL boolean over the model's columns); rows where it
    is false are returned. A null result also fails unless the expression handles nulls.
-#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)

{% endtest %}
