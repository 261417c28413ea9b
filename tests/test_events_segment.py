"""geomap.events.segment: sentences, quotations and clauses as offsets into the text."""
from __future__ import annotations

from hypothesis import given, strategies as st

from geomap.events.segment import clause_spans, quote_spans, split_sentences


def texts(text):
    return [s.text for s in split_sentences(text)]


def test_abbreviations_do_not_end_sentences():
    text = ("Gen. Smith met U.S. officials on Nov. 6 in Washington. Mr. Jones left at 5 p.m. The end. "
            "J. R. Smith arrived.")
    assert texts(text) == ["Gen. Smith met U.S. officials on Nov. 6 in Washington.", "Mr. Jones left at 5 p.m.",
                           "The end.", "J. R. Smith arrived."]


def test_captions_and_credits():
    text = ("A serviceman fires a gun near Kharkiv, Ukraine, Wednesday, Nov. 6, 2024. (AP Photo/Efrem Lukatsky)\n"
            "TT\n\nHeadline Without Period\n\nBody starts here.")
    assert texts(text) == ["A serviceman fires a gun near Kharkiv, Ukraine, Wednesday, Nov. 6, 2024.",
                           "(AP Photo/Efrem Lukatsky)", "TT", "Headline Without Period", "Body starts here."]


def test_quotations_stay_with_their_attribution():
    text = "“I think we see progress. But this is hard,” he told NBC on Thursday. Next sentence."
    assert texts(text) == ["“I think we see progress. But this is hard,” he told NBC on Thursday.", "Next sentence."]


def test_quote_spans_and_apostrophes():
    text = "Ukraine’s army said ‘Gradually Gaining Ground’ and \"reckless\"; don’t “stop”."
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans == ["‘Gradually Gaining Ground’", "\"reckless\"", "“stop”"]


def test_unclosed_quote_runs_to_end_of_paragraph():
    text = "“We will hold Kharkiv, he said.\n\nDrones hit Sumy."
    spans = [text[a:b] for a, b in quote_spans(text)]
    assert spans == ["“We will hold Kharkiv, he said."]


def test_wrapped_lines_are_joined():
    assert texts("Drones hit the city of\nKharkiv on Monday, officials\nsaid. Next.") == [
        "Drones hit the city of\nKharkiv on Monday, officials\nsaid.", "Next."]


def test_clauses():
    text = ("The US warned it would be a mistake, as Russia reported drone attacks on Moscow. "
            "It was slow but steady; officials said “no, but yes”.")
    first, second = split_sentences(text)
    assert [c.text for c in clause_spans(first)] == ["The US warned it would be a mistake",
                                                     "as Russia reported drone attacks on Moscow."]
    quotes = quote_spans(text)
    assert [c.text for c in clause_spans(second, quotes)] == ["It was slow but steady",
                                                              "officials said “no, but yes”."]


@given(st.text(alphabet=st.sampled_from(list("ab .,!?\n\"“”’'()AB")), max_size=200))
def test_spans_are_offsets_into_the_text(text):
    previous_end = 0
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text and s.text.strip() == s.text and s.text
        assert s.start >= previous_end
        previous_end = s.end
        for c in clause_spans(s, quote_spans(text)):
            assert text[c.start:c.end] == c.text
    for a, b in quote_spans(text):
        assert 0 <= a < b <= len(text)
