"""The header and footer are drawn once for each set of parameters (templating.MacroCache)."""

from __future__ import annotations

from markupsafe import Markup

from governors.templating import MacroCache, environment
from tests import factories


def _header(page: str) -> str:
    return page[page.index("<header") : page.index("</header>")]


class Counting:
    """A stand-in macro that says how often it was drawn."""

    name = "counting"

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, params: dict) -> Markup:
        self.calls += 1
        return Markup("<p>{}</p>").format(params.get("text") or Markup(params.get("html", "")))


def test_the_same_parameters_are_drawn_once_and_give_the_same_html() -> None:
    cache, macro = MacroCache(), Counting()
    first = cache(macro, {"text": "Council of Governors", "items": [{"text": "Home"}]})
    second = cache(macro, {"items": [{"text": "Home"}], "text": "Council of Governors"})
    assert first == second == Markup("<p>Council of Governors</p>")
    assert macro.calls == 1
    cache(macro, {"text": "Nominations Committee", "items": [{"text": "Home"}]})
    assert macro.calls == 2


def test_safe_html_and_plain_text_are_never_confused() -> None:
    cache, macro = MacroCache(), Counting()
    escaped = cache(macro, {"text": "<b>Bold</b>"})
    kept = cache(macro, {"text": Markup("<b>Bold</b>")})
    assert escaped == Markup("<p>&lt;b&gt;Bold&lt;/b&gt;</p>")
    assert kept == Markup("<p><b>Bold</b></p>")
    assert macro.calls == 2


def test_the_oldest_drawing_goes_first_once_the_cache_is_full() -> None:
    cache, macro = MacroCache(size=2), Counting()
    for text in ("one", "two", "one", "three"):
        cache(macro, {"text": text})
    assert macro.calls == 3
    cache(macro, {"text": "one"})  # kept: it was used after "two"
    assert macro.calls == 3
    cache(macro, {"text": "two"})  # dropped when "three" came
    assert macro.calls == 4


def test_parameters_that_are_not_plain_data_are_drawn_every_time() -> None:
    cache, macro = MacroCache(), Counting()
    assert cache(macro, {"text": "Agenda", "when": object()}) == Markup("<p>Agenda</p>")
    cache(macro, {"text": "Agenda", "when": object()})
    assert macro.calls == 2


def test_each_person_sees_their_own_name_and_sign_out_form_in_the_header(app, client, sign_in):
    first = factories.governor(name="Aisha Khan")
    second = factories.secretary(name="Brian Osei")
    sign_in(first)
    header = _header(client.get("/").get_data(as_text=True))
    assert "Aisha Khan" in header and "Not available?" in header
    sign_in(second)
    header = _header(client.get("/").get_data(as_text=True))
    assert "Brian Osei" in header and "Who is away" in header
    assert "Aisha Khan" not in header
    assert isinstance(environment(app).globals["cached"], MacroCache)
