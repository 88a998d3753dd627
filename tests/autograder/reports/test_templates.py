"""The one Jinja2 environment of the HTML reports: every value is printable and escaped unless the kit
marked it as markup, a name the template was not given raises, numbers format as the pages show them."""

import jinja2
import pytest
from markupsafe import Markup

from autograder.reports.templates import environment


def render(source: str, **values) -> str:
    return environment().from_string(source).render(**values)


@pytest.mark.parametrize(
    "value, shown",
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & b", "a &amp; b"),
        ("\"double\" 'single'", "&quot;double&quot; &#x27;single&#x27;"),
        ("nul\x00 \x1b[31mred\x1b[0m", "nul\ufffd red"),
        (3.5, "3.5"),
        (None, "None"),
    ],
    ids=["tags", "ampersand", "quotes", "control-characters", "number", "none"],
)
def test_every_value_is_made_printable_and_escaped(value, shown):
    assert render("[{{ value }}]", value=value) == f"[{shown}]", f"{value!r} was not shown as escaped text"


def test_escaping_holds_inside_attributes_and_for_values_inside_lists():
    page = render('<td class="{{ v }}">{{ rows[0][0] }}</td>', v='x" onclick="y', rows=[["<b>"]])
    assert page == '<td class="x&quot; onclick=&quot;y">&lt;b&gt;</td>', page


def test_markup_the_kit_made_passes_unchanged():
    svg = Markup("<svg><text>he &amp; lecun</text></svg>")
    assert render("{{ chart }}", chart=svg) == str(svg), "the kit's own markup was escaped a second time"


def test_a_macro_output_is_not_escaped_again():
    page = render("{% macro bold(t) %}<b>{{ t }}</b>{% endmacro %}{{ bold(v) }}", v="<i>")
    assert page == "<b>&lt;i&gt;</b>", page


@pytest.mark.parametrize("source", ["{{ missing }}", "{{ given.missing }}", "{% for x in missing %}{% endfor %}"])
def test_a_name_or_attribute_the_template_was_not_given_raises(source):
    with pytest.raises(jinja2.UndefinedError):
        render(source, given=object())


@pytest.mark.parametrize("source, shown", [("{{ x|number }}", "147.5"), ("{{ x|number('.0%') }}", "14750%")])
def test_number_filter_formats_with_a_format_spec(source, shown):
    assert render(source, x=147.5) == shown


def test_every_report_template_compiles():
    names = environment().list_templates(filter_func=lambda name: name.endswith(".html"))
    assert sorted(names) == ["feedback.html", "feedback_sections.html", "similarity.html", "summary.html"], names
    for name in names:
        environment().get_template(name)
