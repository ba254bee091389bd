"""Rendering DOCX templates with docxtpl in a sandboxed Jinja environment.

* Undefined variables are errors (``StrictUndefined``): a document never goes out with a hole.
* The environment is sandboxed: a template edited by a user cannot reach Python internals
  (``{{ ''.__class__.__mro__ }}`` is refused).
* Values are XML-escaped (autoescape), so «Рога & копыта» cannot break the file.
* A user copy of a template in ``AppPaths.templates_dir`` wins over the shipped one in
  ``resources/templates``; «restore the original» deletes the user copy.
* Every template problem becomes a :class:`TemplateProblem` with a Russian message naming the
  template file, the paragraph (line) and the variable.

docxtpl and python-docx are imported inside the functions (not at start-up of the window).
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import russian
from ..errors import ShnorError
from ..paths import AppPaths, resources_dir
from ..typography import typeset_context
from .fields import with_russian

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

log = logging.getLogger(__name__)


class TemplateProblem(ShnorError):
    """A template cannot be rendered: the message is Russian and names the file, line and variable."""

    def __init__(self, message: str, *, template: str = "", line: int | None = None,
                 variable: str | None = None) -> None:
        super().__init__(message)
        self.template = template
        self.line = line
        self.variable = variable


class MissingData(ShnorError):
    """The database lacks what a document needs; the message (Russian) lists what to fill in."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        text = "Документ не сформирован: не хватает данных.\n" + "\n".join(f"• {p}" for p in problems)
        super().__init__(text)


@dataclass(frozen=True)
class Image:
    """A picture for a template (a chart): PNG bytes and the printed width in millimetres."""

    png: bytes
    width_mm: float = 165.0


# --- where templates live ----------------------------------------------------------------------


def shipped_templates_dir() -> Path:
    return resources_dir() / "templates"


def shipped_template(name: str) -> Path:
    return shipped_templates_dir() / name


def user_template(paths: AppPaths, name: str) -> Path:
    return paths.templates_dir / name


def has_user_copy(paths: AppPaths, name: str) -> bool:
    return user_template(paths, name).is_file()


def template_path(paths: AppPaths | None, name: str) -> Path:
    """The template actually used: the user's copy if there is one, else the shipped file."""
    if paths is not None and has_user_copy(paths, name):
        return user_template(paths, name)
    path = shipped_template(name)
    if not path.is_file():
        raise TemplateProblem(f"Шаблон «{name}» не найден в папке программы ({path.parent}). "
                              "Переустановите программу.", template=name)
    return path


def make_user_copy(paths: AppPaths, name: str) -> Path:
    """Copy the shipped template to the user's templates folder (kept if it is already there)."""
    target = user_template(paths, name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(shipped_template(name), target)
        log.info("user copy of template %s made at %s", name, target)
    return target


def restore_original(paths: AppPaths, name: str) -> bool:
    """Delete the user's copy so the shipped template is used again; True if there was one."""
    target = user_template(paths, name)
    if target.exists():
        target.unlink()
        log.info("user copy of template %s removed; the original is used again", name)
        return True
    return False


# --- the environment -------------------------------------------------------------------------


def _date_long(value: Any) -> str:
    return russian.date_long(value) if value else ""


def _date_short(value: Any) -> str:
    return russian.date_short(value) if value else ""


def _number(value: Any, digits: int = 1) -> str:
    return russian.number(value, digits)


def _percent(value: Any, digits: int = 1) -> str:
    return russian.percent(value, digits)


_CACHE_SIZE = 64
_cache_lock = threading.Lock()
_shared: dict[str, Any] = {}


def make_environment() -> SandboxedEnvironment:
    """The sandboxed, strict, escaping environment every template is rendered in.

    It keeps the templates it compiled (keyed by their source): docxtpl compiles every part of a
    document from a string on each render, and compiling is most of the cost of a render.
    """
    # heavy: jinja2 (~50 ms) loads with the first document
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class CachingSandbox(SandboxedEnvironment):
        def __init__(self) -> None:
            super().__init__(undefined=StrictUndefined, autoescape=True)
            self._compiled: OrderedDict[str, Any] = OrderedDict()

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals or template_class or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            with _cache_lock:
                template = self._compiled.get(source)
                if template is not None:
                    self._compiled.move_to_end(source)
                    return template
            template = super().from_string(source)
            with _cache_lock:
                self._compiled[source] = template
                while len(self._compiled) > _CACHE_SIZE:
                    self._compiled.popitem(last=False)
            return template

    env = CachingSandbox()
    env.filters.update(date_long=_date_long, date_short=_date_short, number=_number, percent=_percent)
    return env


def shared_environment() -> SandboxedEnvironment:
    """One environment for the whole program (its cache of compiled templates is shared)."""
    with _cache_lock:
        env = _shared.get("env")
    if env is None:
        env = make_environment()
        with _cache_lock:
            env = _shared.setdefault("env", env)
    return env  # type: ignore[no-any-return]


def _template_class() -> Any:
    """DocxTemplate whose XML clean-up (``patch_xml``, many regular expressions) is memoised."""
    with _cache_lock:
        cls = _shared.get("template_class")
    if cls is not None:
        return cls
    # heavy: docxtpl and python-docx load with the first document
    from docxtpl import DocxTemplate

    patched: OrderedDict[str, str] = OrderedDict()

    class CachingDocxTemplate(DocxTemplate):  # type: ignore[misc]
        def patch_xml(self, src_xml: str) -> str:
            with _cache_lock:
                done = patched.get(src_xml)
            if done is None:
                done = super().patch_xml(src_xml)
                with _cache_lock:
                    patched[src_xml] = done
                    while len(patched) > _CACHE_SIZE:
                        patched.popitem(last=False)
            return done

    with _cache_lock:
        return _shared.setdefault("template_class", CachingDocxTemplate)


# --- errors in words ----------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")
_UNDEFINED = re.compile(r"'([^']+)' is undefined")
_NO_ATTRIBUTE = re.compile(r"has no attribute '([^']+)'")
_UNSAFE = re.compile(r"access to attribute '([^']+)'")


def _template_line(exc: BaseException) -> int | None:
    """The line of the rendered XML source where a runtime error happened (from the traceback)."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _source_lines(tpl: Any) -> list[str]:
    """The body XML as docxtpl feeds it to Jinja (one paragraph per line), tags stripped."""
    xml = tpl.patch_xml(tpl.xml_to_string(tpl.docx._element.body))
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    return [" ".join(_TAGS.sub("", line).split()) for line in xml.splitlines()]


def _paragraph_text(tpl: Any, line: int | None, variable: str | None = None) -> str:
    """The text of the paragraph as Word shows it (fields and commands as typed), around
    ``variable`` when it is known, so the user can find it with «Найти»."""
    if line is None:
        return ""
    try:
        lines = _source_lines(tpl)
    except Exception:  # the template is already broken; the excerpt is only a help
        log.exception("could not read the template source for the error message")
        return ""
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1]
    if len(text) <= 140:
        return text
    at = text.find(variable) if variable else -1
    start = max(0, at - 60) if at >= 0 else 0
    excerpt = text[start:start + 140]
    return ("…" if start else "") + excerpt + ("…" if start + 140 < len(text) else "")


# Jinja's English messages, in words a person editing a template in Word understands
_SYNTAX: tuple[tuple[str, str], ...] = (
    ("unexpected end of template", "команда не закрыта: нет {% endif %} или {% endfor %}"),
    ("expected an expression", "в команде или поле не хватает условия или имени поля"),
    ("expected token 'end of print statement'", "в поле {{ … }} лишние слова или пробел внутри имени поля"),
    ("unexpected '}'", "лишняя фигурная скобка «}»"),
    ("unexpected '{'", "лишняя фигурная скобка «{»"),
    ("unexpected char", "в поле недопустимый знак"),
    ("encountered unknown tag", "неизвестная команда"),
    ("expected token", "поле или команда записаны не полностью"),
    ("unexpected", "лишний знак в поле или команде"),
)


def _syntax_words(message: str) -> str:
    low = message.lower()
    for english, russian_words in _SYNTAX:
        if english in low:
            tag = re.search(r"unknown tag '([^']+)'", message)
            if tag and "команда" in russian_words:
                return f"{russian_words} «{tag.group(1)}»"
            return russian_words
    return "ошибка в записи поля или команды"


def describe_error(exc: BaseException, template_name: str, tpl: Any | None = None) -> TemplateProblem:
    """A jinja2 error (syntax, undefined, security) as a Russian :class:`TemplateProblem` that quotes
    the paragraph as Word shows it (Word has no paragraph numbers to look for)."""
    # heavy: jinja2 (~50 ms) loads with the first document
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    line = _template_line(exc)
    paragraph = None if line is None else max(line - 1, 1)
    message = str(getattr(exc, "message", None) or exc)
    variable: str | None = None
    if isinstance(exc, SecurityError):
        match = _UNSAFE.search(message)
        variable = match.group(1) if match else None
        what = (f"обращение к «{variable}» запрещено" if variable else "недопустимое выражение")
        lead = "Шаблон отклонён из соображений безопасности"
    elif isinstance(exc, UndefinedError):
        match = _UNDEFINED.search(message) or _NO_ATTRIBUTE.search(message)
        variable = match.group(1) if match else None
        what = (f"поле «{variable}» программе неизвестно — проверьте его написание (список полей: "
                "«Документы» → «Поля шаблона»)" if variable else "в поле неизвестное значение")
        lead = "Ошибка"
    elif isinstance(exc, TemplateSyntaxError):
        what = _syntax_words(message)
        lead = "Ошибка"
    else:
        what = "поле или команду не удалось выполнить"
        lead = "Ошибка"
    text = _paragraph_text(tpl, line, variable) if tpl is not None else ""
    where = f" в абзаце «{text}»" if text else ""
    hint = ("Исправьте шаблон в Word («Документы» → «Шаблоны» → «Создать редактируемую копию» открывает "
            "вашу копию) или верните исходный («Вернуть исходный»).")
    full = f"{lead} в шаблоне «{template_name}»{where}: {what}. {hint}"
    log.info("template %s: %s (%s)", template_name, message, type(exc).__name__)
    return TemplateProblem(full, template=template_name, line=paragraph, variable=variable)


# --- rendering ---------------------------------------------------------------------------------


def _with_images(tpl: Any, value: Any) -> Any:
    """Replace :class:`Image` values (anywhere in the context) by docxtpl InlineImage objects."""
    if isinstance(value, Image):
        # heavy: docxtpl and python-docx load with the first document
        from docx.shared import Mm
        from docxtpl import InlineImage

        return InlineImage(tpl, io.BytesIO(value.png), width=Mm(value.width_mm))
    if isinstance(value, Mapping):
        return {k: _with_images(tpl, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_images(tpl, v) for v in value]
    return value


def _has_images(value: Any) -> bool:
    if isinstance(value, Image):
        return True
    if isinstance(value, Mapping):
        return any(_has_images(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_images(v) for v in value)
    return False


def render_to(template_file: Path, context: Mapping[str, Any], target: Path, *,
              template_name: str | None = None) -> Path:
    """Render ``template_file`` with ``context`` into ``target`` (written atomically).

    Raises :class:`TemplateProblem` for any problem of the template; ``target`` is then untouched.
    """
    # heavy: jinja2 (~50 ms) loads with the first document
    from jinja2 import TemplateError

    name = template_name or template_file.name
    try:
        tpl = _template_class()(str(template_file))
        tpl.init_docx()
    except Exception as exc:  # not a .docx, damaged zip, not Word XML
        log.exception("template %s cannot be opened", template_file)
        raise TemplateProblem(
            f"Шаблон «{name}» не открывается как документ Word (.docx): {exc}. "
            "Верните исходный шаблон («Документы» → «Шаблоны» → «Вернуть исходный»).", template=name) from exc

    context = with_russian(typeset_context(context))
    data = _with_images(tpl, context) if _has_images(context) else dict(context)
    try:
        tpl.render(data, shared_environment(), autoescape=True)
    except TemplateError as exc:
        problem = describe_error(exc, name, tpl)
        log.warning("template %s refused: %s", name, problem)
        raise problem from exc
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".shnor-", suffix=".docx", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tpl.save(str(tmp))
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def undeclared_variables(template_file: Path) -> set[str]:
    """The top-level names a template uses (for checking them against a context)."""
    # heavy: docxtpl and python-docx load with the first document
    from docxtpl import DocxTemplate

    return set(DocxTemplate(str(template_file)).get_undeclared_template_variables(make_environment()))
