"""Each question type is one class with all its behaviour, on both sides.

The pure side (``forms.format.types``) and the form side
(``forms.questionnaire.registry``) list the same types, each form class
subclasses its pure class, and no type leaves a method unwritten.
"""

from __future__ import annotations

import datetime as dt
import inspect

import pytest

from forms.format.examples import PARTNERS, RAG, question
from forms.format.types import QUESTION_TYPES, RATING_TYPES, TYPES, QuestionKind, kind_of
from forms.format.types.base import NotesAnswer
from forms.questionnaire.registry import REGISTRY, PickedType, QuestionType

PURE_METHODS = ("check_keys", "read_fields", "read_yaml", "condition_accepts", "choices",
                "has_explanation", "example", "is_value_empty", "label_for", "cell_value",
                "notes_answer", "fits", "value_fits", "stored_rating", "carried_rating")
FORM_METHODS = ("required", "field", "value", "formdata", "render")


def test_the_pure_and_form_registries_list_the_same_types_in_order():
    assert QUESTION_TYPES == ("text", "long_text", "number", "date", "yes_no", "choice",
                              "multi_choice", "rating", "gaps")
    assert tuple(TYPES) == QUESTION_TYPES
    assert tuple(REGISTRY) == QUESTION_TYPES


@pytest.mark.parametrize("name", QUESTION_TYPES)
def test_each_type_is_one_class_with_every_method(name):
    pure, form = TYPES[name], REGISTRY[name]
    assert pure.name == form.name == name
    assert isinstance(form, type(pure)) and isinstance(form, QuestionType)
    for kind in (pure, form):
        assert not inspect.isabstract(type(kind)), type(kind).__abstractmethods__
    for method in PURE_METHODS:
        assert callable(getattr(pure, method)), (name, method)
    for method in PURE_METHODS + FORM_METHODS:
        assert callable(getattr(form, method)), (name, method)


def test_a_type_missing_a_method_cannot_be_made():
    class Essay(QuestionKind):
        name = "essay"

        def read_fields(self, ctx, mapping, info):
            pass

    with pytest.raises(TypeError, match="abstract"):
        Essay()

    class EssayField(QuestionType, TYPES["text"].__class__):
        def field(self, q):
            return None

    with pytest.raises(TypeError, match="render"):
        EssayField()


def test_the_choice_types_share_one_field_builder():
    for name in ("yes_no", "choice", "multi_choice", "rating"):
        cls = type(REGISTRY[name])
        assert issubclass(cls, PickedType)
        assert cls.field is PickedType.field and cls.render is PickedType.render


def test_unknown_type():
    with pytest.raises(ValueError, match="essay"):
        kind_of("essay")


def test_flags_each_type_sets():
    assert RATING_TYPES == ("rating",)
    assert [n for n, t in TYPES.items() if not t.has_answer] == ["gaps"]
    assert [n for n, t in TYPES.items() if t.compares_numbers] == ["number", "rating"]
    assert [n for n, t in TYPES.items() if t.multiple] == ["multi_choice"]
    assert [n for n, t in TYPES.items() if t.is_figure] == ["number"]
    assert {n: t.display for n, t in TYPES.items() if t.display != "label"} == {
        "text": "paragraphs", "long_text": "paragraphs", "rating": "rating"}


def test_question_kind_and_definition_helpers_ask_the_type():
    q = question("c", "rating", scale=RAG, explain="optional")
    assert q.kind is TYPES["rating"]
    assert [o.value for o in q.choices()] == ["1", "2", "3"]
    assert q.label_for(2) == "2 – Amber" and q.label_for(9) == "9" and q.label_for(None) == ""
    assert q.kind.has_explanation(q) and not TYPES["text"].has_explanation(q)
    assert question("g", "gaps").has_gaps and not question("t", "text").has_gaps
    assert question("y", "yes_no").label_for("no") == "No"
    multi = question("m", "multi_choice", options=PARTNERS)
    assert multi.label_for(["Health", "Education"]) == "Health, Education"


def test_examples_fill_each_types_defaults():
    assert question("t", "text").max_length == 200
    assert question("l", "long_text").max_length == 10000
    assert question("l", "long_text", max_length=50).max_length == 50
    assert question("r", "rating").scale_name == "confidence"
    assert question("g", "gaps", gaps=False).gaps is True


def test_spreadsheet_cells():
    assert TYPES["text"].cell_value(question("t", "text"), 12) == "12"
    assert TYPES["number"].cell_value(question("n", "number"), 2.5) == 2.5
    assert TYPES["number"].cell_value(question("n", "number"), True) == "True"
    assert TYPES["date"].cell_value(question("d", "date"), "2025-03-05") == dt.date(2025, 3, 5)
    assert TYPES["date"].cell_value(question("d", "date"), "soon") == "soon"
    rag = question("r", "rating", scale=RAG)
    assert TYPES["rating"].cell_value(rag, 3) == "3 – Green"
    assert TYPES["rating"].cell_value(rag, "x", rating=7) == "7 – 7"
    assert TYPES["rating"].cell_value(rag, "x") == "x"
    assert TYPES["yes_no"].cell_value(question("y", "yes_no"), "yes") == "Yes"


def test_notes_answers():
    rag = question("r", "rating", scale=RAG)
    assert TYPES["rating"].notes_answer(rag, 1, "Because") == NotesAnswer("Red", "Because", True)
    assert TYPES["rating"].notes_answer(rag, "", None) == NotesAnswer(None, None, True)
    assert TYPES["long_text"].notes_answer(question("l", "long_text"), "A\n\nB", None) == \
        NotesAnswer(text="A\n\nB", paragraphs=True)
    assert TYPES["date"].notes_answer(question("d", "date"), "2025-03-05", None) == \
        NotesAnswer(text="5 March 2025")
    assert TYPES["gaps"].notes_answer(question("g", "gaps"), None, None) == NotesAnswer()
    assert TYPES["choice"].notes_answer(question("c", "choice", options=PARTNERS), [], None) \
        == NotesAnswer()


def test_whether_an_old_answer_still_fits():
    number = question("n", "number", min=0, max=10, integer=True)
    assert number.kind.fits(number, 3) and not number.kind.fits(number, 3.5)
    assert not number.kind.fits(number, 11) and not number.kind.fits(number, True)
    text = question("t", "text", max_length=3)
    assert text.kind.fits(text, "abc") and not text.kind.fits(text, "abcd")
    assert not text.kind.fits(text, "")
    rag, confidence = question("r", "rating", scale=RAG, scale_name="rag"), question("c", "rating")
    assert rag.kind.fits(rag, 2) and not rag.kind.fits(rag, True)
    assert not rag.kind.fits(rag, 2, old_question=confidence)
    multi = question("m", "multi_choice", options=PARTNERS)
    assert multi.kind.fits(multi, ["Health"]) and not multi.kind.fits(multi, "Health")
    assert question("y", "yes_no").kind.fits(question("y", "yes_no"), "yes")
    assert not TYPES["gaps"].fits(question("g", "gaps"), [{"title": "x"}])


def test_ratings_kept_beside_answers():
    assert TYPES["rating"].stored_rating(3) == 3 and TYPES["rating"].stored_rating("3") is None
    assert TYPES["rating"].carried_rating("3") == "3"
    assert TYPES["number"].stored_rating(3) is None and TYPES["text"].carried_rating(3) is None
