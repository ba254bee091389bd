"""Rendering in the sandbox: strict variables, escaping, pictures, user copies, error messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from shnor_desktop.docs_gen.kinds import KIND_KEYS, all_kinds
from shnor_desktop.docs_gen.rendering import (
    Image,
    TemplateProblem,
    has_user_copy,
    make_user_copy,
    render_to,
    restore_original,
    shipped_template,
    template_path,
    undeclared_variables,
    user_template,
)
from shnor_desktop.paths import AppPaths


def _template(tmp_path: Path, *paragraphs: str) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / "шаблон.docx"
    doc.save(str(path))
    return path


def _texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_renders_and_escapes(tmp_path):
    template = _template(tmp_path, "Школа: {{ name }}", "{% if flag %}да{% else %}нет{% endif %}")
    context = {"name": "«Рога & копыта» <1>", "flag": False}
    out = render_to(template, context, tmp_path / "out" / "документ.docx")
    assert _texts(out) == ["Школа: «Рога & копыта» <1>", "нет"]


def test_filters_for_user_templates(tmp_path):
    import datetime as dt

    template = _template(tmp_path,
                         "{{ d|date_long }} / {{ d|date_short }} / {{ x|number }} / {{ s|percent }}")
    out = render_to(template, {"d": dt.date(2021, 1, 13), "x": 45.25, "s": 0.453}, tmp_path / "o.docx")
    assert _texts(out) == ["«13» января 2021 г. / 13.01.2021 / 45,3 / 45,3\u00a0%"]  # half up


def test_undefined_variable_is_an_error_naming_file_line_and_variable(tmp_path):
    template = _template(tmp_path, "Первый абзац", "Второй {{ known }}", "Третий {{ unknown_field }} абзац")
    target = tmp_path / "o.docx"
    with pytest.raises(TemplateProblem) as info:
        render_to(template, {"known": 1}, target, template_name="order_partners.docx")
    problem = info.value
    assert problem.template == "order_partners.docx" and problem.variable == "unknown_field"
    assert problem.line == 3
    assert "«order_partners.docx» в абзаце «Третий {{ unknown_field }} абзац»" in str(problem)
    assert "поле «unknown_field» программе неизвестно" in str(problem)
    assert not target.exists()


def test_missing_attribute_names_it(tmp_path):
    template = _template(tmp_path, "{{ school.nickname }}")
    with pytest.raises(TemplateProblem) as info:
        render_to(template, {"school": {"name": "x"}}, tmp_path / "o.docx")
    assert info.value.variable == "nickname"


def test_sandbox_refuses_python_internals(tmp_path):
    template = _template(tmp_path, "{{ ''.__class__.__mro__ }}")
    with pytest.raises(TemplateProblem) as info:
        render_to(template, {}, tmp_path / "o.docx", template_name="agreement.docx")
    assert "безопасности" in str(info.value) and "«__class__»" in str(info.value)
    template = _template(tmp_path, "{{ x.__init__.__globals__ }}")
    with pytest.raises(TemplateProblem):
        render_to(template, {"x": object()}, tmp_path / "o.docx")


def test_syntax_error(tmp_path):
    template = _template(tmp_path, "ok", "{% if %}")
    with pytest.raises(TemplateProblem) as info:
        render_to(template, {}, tmp_path / "o.docx")
    assert "в команде или поле не хватает условия или имени поля" in str(info.value)
    assert "expected" not in str(info.value)


def test_not_a_docx(tmp_path):
    bad = tmp_path / "agreement.docx"
    bad.write_text("not a zip")
    with pytest.raises(TemplateProblem, match="не открывается как документ Word"):
        render_to(bad, {}, tmp_path / "o.docx")


def test_a_failed_render_leaves_the_old_file(tmp_path):
    template = _template(tmp_path, "{{ a }}")
    target = render_to(template, {"a": "первая версия"}, tmp_path / "o.docx")
    with pytest.raises(TemplateProblem):
        render_to(template, {}, target)
    assert _texts(target) == ["первая версия"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".shnor-")] == []


def test_pictures_anywhere_in_the_context(tmp_path):
    import base64

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    template = _template(tmp_path, "{% for c in charts %}{{ c.img }}{% endfor %}")
    context = {"charts": [{"img": Image(png, 50)}, {"img": Image(png, 30)}]}
    out = render_to(template, context, tmp_path / "o.docx")
    assert len(Document(str(out)).inline_shapes) == 2


def test_user_copy_wins_and_restore(tmp_path):
    paths = AppPaths.create(tmp_path / "data")
    assert template_path(paths, "agreement.docx") == shipped_template("agreement.docx")
    copy = make_user_copy(paths, "agreement.docx")
    assert copy == user_template(paths, "agreement.docx") and copy.read_bytes() == shipped_template(
        "agreement.docx").read_bytes()
    assert has_user_copy(paths, "agreement.docx")
    assert template_path(paths, "agreement.docx") == copy
    copy.write_bytes(b"edited")
    assert make_user_copy(paths, "agreement.docx").read_bytes() == b"edited"  # an edited copy is kept
    assert restore_original(paths, "agreement.docx") is True
    assert template_path(paths, "agreement.docx") == shipped_template("agreement.docx")
    assert restore_original(paths, "agreement.docx") is False


def test_missing_shipped_template(tmp_path):
    with pytest.raises(TemplateProblem, match="не найден"):
        template_path(AppPaths.create(tmp_path / "d"), "nothing.docx")


def test_every_kind_has_its_shipped_template_with_fields():
    assert list(all_kinds()) == list(KIND_KEYS)
    for document_kind in all_kinds().values():
        path = shipped_template(document_kind.template)
        assert path.is_file(), path
        assert undeclared_variables(path), path
