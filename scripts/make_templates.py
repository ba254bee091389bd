"""Build the shipped DOCX templates in shnor_desktop/resources/templates/ with python-docx.

    .venv/bin/python scripts/make_templates.py

The generated .docx files are committed: they are what users copy and edit in Word. Run this
script again after changing a template here, and commit both. Every template is checked by the
tests against what its context builder provides.

Templates speak Russian: fields are written with their Russian names ({{ школа1.лицензия.текст }},
see shnor_desktop/docs_gen/fields.py), the wording of every paragraph is here, in the template, so a
district can reword it in Word; computed sentences (pairs of schools, reasons) are fields.
Layout follows ГОСТ Р 7.0.97-2016: headings keep with the next paragraph, the last paragraph of the
text keeps with the signature block, table rows never split across pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx.shared import Mm  # noqa: E402
from template_layout import (  # noqa: E402
    CENTER,
    INDENT,
    JUSTIFY,
    LEFT,
    RIGHT,
    Run,
    bottom,
    cell_text,
    control,
    empty,
    grid_table,
    keep_table_together,
    new_document,
    page_break,
    paragraph,
    plain_table,
    text,
)

OUT = ROOT / "shnor_desktop" / "resources" / "templates"
CAPTION_PT = 9
REASON_LINES = ["{%p for line in r.основания %}", "{{ line }}", "{%p endfor %}"]


def caption(doc, value: str, keep: bool = False):  # type: ignore[no-untyped-def]
    """A hint under a filled blank, as on the printed form: «(наименование образовательной организации)»."""
    return paragraph(doc, value, align=CENTER, size=CAPTION_PT, keep_with_next=keep)


def save(doc, name: str, title: str) -> None:  # type: ignore[no-untyped-def]
    doc.core_properties.title = title
    OUT.mkdir(parents=True, exist_ok=True)
    doc.save(OUT / name)
    print(f"{name}: {title}")


# --- the agreement (seed 004) -----------------------------------------------------------------------

AGREEMENT_SUBJECT = (
    "о взаимодействии и сотрудничестве школ (общеобразовательных организаций) при реализации "
    "мероприятий в рамках государственной программы Российской Федерации «Развитие образования»"
)


def _party(doc, school: str, n: int, lead: str) -> None:  # type: ignore[no-untyped-def]
    field = "полное_наименование_в_тексте" if lead else "полное_наименование"
    name = f"{{{{ {school}.{field} }}}}"
    paragraph(doc, *([Run(lead)] if lead else []), Run(name, underline=True), align=CENTER)
    caption(doc, "(наименование образовательной организации)")
    director = f"{{{{ {school}.директор.должность_рп }}}} {{{{ {school}.директор.фио_рп }}}}"
    text(doc, Run(f"{{{{ {school}.лицензия.текст }}}}, {{{{ {school}.аккредитация.текст }}}} "
                  f"(далее - Школа {n}), в лице "), Run(director, underline=True))
    caption(doc, "(должность, фамилия, имя, отчество)")
    ending = "с одной стороны," if n == 1 else ""
    paragraph(doc, Run(f"{{{{ {school}.директор.действующий }}}} на основании "),
              Run(f"{{{{ {school}.основание }}}}", underline=True), Run(f", {ending}" if ending else ""),
              align=JUSTIFY)
    caption(doc, "(Устава, доверенности, иного документа)")


def _position_of(school: str) -> str:
    return f"{{{{ {school}.директор.должность_с_прописной }}}} {{{{ {school}.краткое_наименование }}}}"


def _heading(doc, value: str) -> None:  # type: ignore[no-untyped-def]
    paragraph(doc, value, align=CENTER, bold=True, space_before=8, space_after=4, keep_with_next=True)


def criteria_table(doc, loop: str = "к in критерии") -> None:  # type: ignore[no-untyped-def]
    grid_table(doc, ["№ п/п", "Наименование критерия", "Ожидаемый результат"],
               ["{{ к.номер }}", "{{ к.критерий }}", "{{ к.ожидаемый_результат }}"],
               (16, 104, 60), loop=loop, size=12, aligns=[CENTER, LEFT, LEFT])


def build_agreement() -> None:
    doc = new_document()
    paragraph(doc, "ДОГОВОР № {{ номер }}", align=CENTER, bold=True, size=15, keep_with_next=True)
    paragraph(doc, AGREEMENT_SUBJECT, align=CENTER, bold=True, space_after=10, keep_with_next=True)
    table = plain_table(doc, 1, (90, 90))
    cell_text(table.cell(0, 0), "{{ город }}", align=LEFT)
    cell_text(table.cell(0, 1), "{{ дата }}", align=RIGHT)
    empty(doc)
    _party(doc, "школа1", 1, "")
    _party(doc, "школа2", 2, "и ")
    text(doc, "с другой стороны, далее совместно именуемые «Стороны», заключили настоящий партнерский "
              "договор о взаимодействии и сотрудничестве (далее - договор) о нижеследующем.")

    _heading(doc, "1. Предмет договора")
    for item in (
        "1.1. Предметом настоящего договора является взаимодействие и сотрудничество по вопросам повышения "
        "качества образования в общеобразовательных организациях на основе формирования и развития "
        "социально-педагогической среды общеобразовательной организации, под которой нами понимается "
        "система образовательных, социальных, культурных, материальных, информационных условий "
        "деятельности обучающихся, педагогов и семей, отработка модели повышения качества образования в "
        "условиях окружающего социума.",
        "1.2. Настоящий договор является партнерским и ни в чем не ограничивает права Сторон относительно "
        "самостоятельного ведения образовательной деятельности от своего имени.",
        "1.3. Стороны будут строить свои взаимоотношения на принципах: - обеспечения взаимной "
        "заинтересованности Сторон в решении стоящих перед ними задач;",
        "- партнерства как консолидации ресурсов Сторон",
        "- установления долгосрочных отношений сотрудничества в сфере общего образования.",
    ):
        text(doc, item)

    _heading(doc, "2. Права и обязанности сторон")
    for item in (
        "2.1. Стороны обязуются назначить на весь период осуществления сотрудничества директора "
        "общеобразовательной организации от каждой стороны для оперативного решения проблем, возникающих "
        "в ходе исполнения обязательств по настоящему договору. Договор направлен на:",
        "- развитие системного сотрудничества между образовательными организациями, находящимися в "
        "ведении {{ регион_рп }};",
        "- организацию системного информационного обмена по вопросам, представляющим взаимный интерес "
        "Сторон;",
        "- содействие развитию системы образования и повышение качества образовательных услуг на "
        "территории {{ регион_рп }}.",
    ):
        text(doc, item)
    paragraph(doc, "2.2. Школа 1:", align=JUSTIFY, first_indent=INDENT, bold=True, keep_with_next=True)
    for item in (
        "2.2.1. В течение {{ год }} года и далее в согласованные сроки оказывает методическую и "
        "консультационную помощь в форме стажировок учителям Школы 2 в реализации программы повышения "
        "качества обученности обучающихся по образовательным программам начального общего, основного "
        "общего и среднего общего образования и подготовке учащихся для успешной сдачи государственной "
        "итоговой аттестации.",
        "2.2.2. Назначает руководителя (ей) практических семинаров, стажировок, который: совместно с "
        "ответственным лицом от Школы 2",
        "- уточняет перечень практических семинаров, стажировок по программе повышения качества "
        "образования обучающихся по образовательным программам начального общего, основного общего и "
        "среднего общего образования и подготовке учащихся для успешной сдачи государственной итоговой "
        "аттестации;",
        "- обеспечивает условия для реализации программы практических семинаров, стажировок;",
        "- обеспечивает возможность ознакомления с документами по вопросам повышения качества образования "
        "обучающихся по образовательным программам начального общего, основного общего и среднего общего "
        "образования.",
    ):
        text(doc, item)
    paragraph(doc, "2.3. Школа 2:", align=JUSTIFY, first_indent=INDENT, bold=True, keep_with_next=True)
    for item in (
        "2.3.1. Определяет и направляет в Школу 1 для формирования примерного календарного графика на "
        "{{ год }} год (до 31 декабря текущего года) предложения по организации и проведению практических "
        "семинаров, стажировок по программе повышения качества образования обучающихся в ходе реализации "
        "образовательных программ начального общего, основного общего и среднего общего образования и "
        "подготовке учащихся для успешной сдачи итоговой или государственной итоговой аттестации.",
        "В предложениях должна содержаться следующая информация:",
        "- фамилии, имена, отчества педагогов, принимающих участие в практических семинарах, стажировках;",
        "- темы, продолжительность, сроки практических семинаров, стажировок;",
        "- структурные подразделения Школы 1, в которых планируется прохождение практики, стажировки "
        "(либо направления работы);",
        "- фамилия, имя, отчество, контактный телефон руководителя практики, стажировки от Школы 2 и "
        "Школы 1.",
        "2.3.2. За неделю до начала практики, стажировки направляет заявку в Школу 1 по форме, "
        "установленной в п.2.3.1. Заявка на практику, стажировку в случае невозможности ее прохождения "
        "отзывается в письменной форме не позднее чем за три рабочих дня до начала практики, стажировки.",
        "2.3.3. Назначает руководителя практики, стажировки от Школы 2, который:",
        "- взаимодействует с руководителем практики, стажировки от Школы 1 и согласовывает с ним "
        "программу проведения практики, стажировки;",
        "- осуществляет контроль за соблюдением сроков прохождения практики, стажировки;",
        "- анализирует и подводит итоги выполнения программы практики, стажировки.",
        "2.3.4. Стороны могут включить в число сторон настоящего договора юридическое лицо, "
        "осуществляющее научно-методическую помощь при реализации программ повышения качества "
        "образования.",
    ):
        text(doc, item)

    _heading(doc, "3. Срок действия договора")
    for item in (
        "3.1. Настоящий договор заключен сроком {{ срок }}.",
        "3.2. Договор может быть изменен по согласию сторон путем оформления дополнительного соглашения, "
        "в том числе в части продления срока его действия.",
        "3.3. Расторжение настоящего договора осуществляется в одностороннем порядке с предварительным "
        "уведомлением в письменной форме не позднее чем за два месяца.",
    ):
        text(doc, item)
    paragraph(doc, "3.4. Ответственность сторон", align=JUSTIFY, first_indent=INDENT, bold=True,
              keep_with_next=True)
    for item in (
        "3.5. Стороны несут ответственность за невыполнение своих обязательств по настоящему договору в "
        "соответствии с законодательством Российской Федерации.",
        "3.6. Стороны освобождаются от ответственности за неисполнение обязательств по настоящему "
        "договору, если это явилось следствием непреодолимой силы.",
    ):
        text(doc, item)

    _heading(doc, "4. Прочие условия")
    for item in (
        "4.1. Споры и разногласия, возникающие в процессе выполнения условий настоящего договора, "
        "решаются по соглашению сторон.",
        "4.2. Договор составлен в двух экземплярах, каждый из которых имеет одинаковую юридическую силу.",
        "4.3. Взаимоотношения сторон, не оговоренные настоящим договором, регулируются нормами "
        "действующего законодательства Российской Федерации.",
        "4.4. Критерии оценки результативности деятельности Сторон приведены в приложении к договору.",
    ):
        text(doc, item)

    _heading(doc, "5. Юридические адреса сторон")
    for n, school in ((1, "школа1"), (2, "школа2")):
        paragraph(doc, Run(f"Школа {n}: "), Run(
            f"{{{{ {school}.полное_наименование }}}}, {{{{ {school}.адрес }}}}, "
            f"тел. {{{{ {school}.телефон }}}}"
            f"{{% if {school}.эл_почта %}}, эл. почта {{{{ {school}.эл_почта }}}}{{% endif %}}"),
            align=JUSTIFY, space_before=4, keep_with_next=True)
        caption(doc, "(наименование образовательной организации, почтовый адрес, телефон)", keep=True)

    _heading(doc, "Подписи сторон")
    table = plain_table(doc, 7, (88, 4, 88))
    for col, (n, school) in ((0, (1, "школа1")), (2, (2, "школа2"))):
        cell_text(table.cell(0, col), f"От Школы {n}:", bold=True)
        cell_text(table.cell(1, col), _position_of(school), align=LEFT)
        cell_text(table.cell(2, col), "(должность)", align=CENTER, size=CAPTION_PT)
        cell_text(table.cell(3, col), "")
        cell_text(table.cell(4, col), Run("____________________ "),
                  Run(f"{{{{ {school}.директор.инициалы_фамилия }}}}", underline=True), align=LEFT)
        cell_text(table.cell(5, col), "(подпись)\t\t\t(ФИО)", align=LEFT, size=CAPTION_PT)
        cell_text(table.cell(6, col), "{{ дата }}", align=LEFT)
        paragraph(table.cell(6, col), "М.П.", align=LEFT, size=11, space_before=6)
    keep_table_together(table)

    appendix(doc, ["Приложение", "к договору о взаимодействии", "и сотрудничестве № {{ номер }}"],
             "{{ критерии_заголовок }}")
    criteria_table(doc)
    save(doc, "agreement.docx", "Договор о взаимодействии и сотрудничестве")


# --- orders (ГОСТ Р 7.0.97-2016) --------------------------------------------------------------------


def order_head(doc, heading: str) -> None:  # type: ignore[no-untyped-def]
    """Authority, ПРИКАЗ, date and number, place, heading «О …»."""
    paragraph(doc, "{{ орган.наименование_прописными }}", align=CENTER, bold=True, left_indent=Mm(10),
              right_indent=Mm(10))
    empty(doc)
    paragraph(doc, Run("ПРИКАЗ", bold=True, size=16, spacing=4), align=CENTER)
    empty(doc)
    table = plain_table(doc, 1, (90, 90))
    cell_text(table.cell(0, 0), "{{ дата }}", align=LEFT)
    cell_text(table.cell(0, 1), "№ {{ номер }}", align=RIGHT)
    paragraph(doc, "{{ место }}", align=CENTER, size=12, space_before=2)
    empty(doc)
    paragraph(doc, heading, align=LEFT, bold=True, right_indent=Mm(75), keep_with_next=True)
    empty(doc)


def order_orders(doc) -> None:  # type: ignore[no-untyped-def]
    paragraph(doc, "ПРИКАЗЫВАЮ:", align=LEFT, space_before=6, space_after=6, keep_with_next=True)


def order_signature(doc) -> None:  # type: ignore[no-untyped-def]
    """The signature block and «Исп.», kept on the page of the last paragraph of the text."""
    empty(doc).paragraph_format.keep_with_next = True
    empty(doc).paragraph_format.keep_with_next = True
    table = plain_table(doc, 1, (110, 70))
    cell_text(table.cell(0, 0), "{{ подписант_должность }}", align=LEFT)
    cell_text(table.cell(0, 1), "{{ подписант }}", align=RIGHT)
    bottom(table.cell(0, 1))
    keep_table_together(table)
    control(doc, "{%p if орган.есть_исполнитель %}")
    paragraph(doc, "Исп. {{ орган.исполнитель }}", align=LEFT, size=11, space_before=36, keep_with_next=True)
    paragraph(doc, "тел. {{ орган.исполнитель_телефон }}", align=LEFT, size=11)
    control(doc, "{%p endif %}")


def last_text(doc, *runs: Run | str) -> None:  # type: ignore[no-untyped-def]
    """The last paragraph of the text: it keeps with the signature block."""
    text(doc, *runs, keep_with_next=True)


def appendix(doc, lines: list[str], title: str) -> None:  # type: ignore[no-untyped-def]
    page_break(doc)
    for line in lines:
        paragraph(doc, line, align=LEFT, left_indent=Mm(105), size=12)
    empty(doc)
    paragraph(doc, title, align=CENTER, bold=True, space_after=8, keep_with_next=True)


def appendix_head(doc, title: str) -> None:  # type: ignore[no-untyped-def]
    appendix(doc, ["Приложение", "к приказу {{ орган.краткое_наименование_рп }}",
                   "от {{ дата }} № {{ номер }}"], title)


def build_order_partners() -> None:
    doc = new_document()
    order_head(doc, "О мероприятиях по повышению качества образования в школах с низкими результатами "
                    "обучения и в школах, функционирующих в неблагоприятных социальных условиях")
    text(doc, "В целях повышения качества образования в школах с низкими образовательными результатами и в "
              "школах, функционирующих в неблагоприятных социальных условиях, организации их сетевого "
              "взаимодействия со школами с высокими результатами обучения в {{ год }} году")
    order_orders(doc)
    text(doc, "1. Сформировать рабочую группу по реализации плана мероприятий по повышению качества "
              "образования в школах с низкими результатами обучения и в школах, функционирующих в "
              "неблагоприятных социальных условиях, в составе:")
    control(doc, "{%p for m in рабочая_группа %}")
    text(doc, "{{ m.номер }}. {{ m.фамилия_инициалы }}, {{ m.должность }}{{ m.знак_в_конце }}")
    control(doc, "{%p endfor %}")
    text(doc, "2. Назначить муниципальным координатором, курирующим сопровождение "
              "{{ поддерживаемые_школы }}, {{ координатор.должность_вп }} "
              "{{ координатор.инициалы_фамилия_вп }}.")
    text(doc, "3. Определить партнерами проекта: {{ пары }}.")
    text(doc, "4. Директорам {{ директорам }}:")
    control(doc, "{%p if нужно_заключить_договоры %}")
    text(doc, "4.1. в срок до {{ срок_договоров }} заключить договоры о взаимодействии и сотрудничестве;")
    text(doc, "4.2. в срок до {{ срок_планов }} разработать и утвердить совместные планы работы по "
              "реализации договоров с учетом критериев оценки результативности деятельности школ, "
              "принимающих участие в проекте (приложение).")
    control(doc, "{%p else %}")
    text(doc, "4.1. в срок до {{ срок_планов }} разработать и утвердить совместные планы работы по "
              "реализации заключенных договоров с учетом критериев оценки результативности деятельности "
              "школ, принимающих участие в проекте (приложение).")
    control(doc, "{%p endif %}")
    last_text(doc, "5. {{ контроль }}")
    order_signature(doc)
    appendix_head(doc, "{{ критерии_заголовок }}")
    criteria_table(doc)
    save(doc, "order_partners.docx", "Приказ о рабочей группе, координаторе и школах-партнёрах")


def build_order_monitoring() -> None:
    doc = new_document()
    order_head(doc, "О проведении мониторинга реализации школьных программ повышения качества образования")
    control(doc, "{%p if основание %}")
    text(doc, "На основании {{ основание }}")
    control(doc, "{%p else %}")
    text(doc, "В соответствии с программой мониторинга результативности программ повышения качества "
              "образования в школах с низкими образовательными результатами и школах, функционирующих в "
              "неблагоприятных социальных условиях, в целях получения объективных данных о динамике их "
              "результатов в {{ год }} году")
    control(doc, "{%p endif %}")
    order_orders(doc)
    text(doc, "1. Провести в период с {{ период_с }} по {{ период_по }} мониторинг реализации школьных "
              "программ повышения качества образования в {{ школы }}.")
    text(doc, "2. Утвердить план проведения мониторинга (приложение).")
    text(doc, "3. Назначить ответственным за проведение мониторинга {{ ответственный.должность_вп }} "
              "{{ ответственный.инициалы_фамилия_вп }}.")
    text(doc, "4. Руководителям {{ школы_через_запятую }} в срок до {{ срок_информации }} представить в "
              "{{ орган.краткое_наименование_в_тексте }} информацию по показателям мониторинга.")
    last_text(doc, "5. {{ контроль }}")
    order_signature(doc)
    appendix_head(doc, "План проведения мониторинга реализации школьных программ повышения качества "
                       "образования в {{ год }} году")
    grid_table(doc, ["№", "Показатель", "Источник данных", "Срок", "Ответственный"],
               ["{{ r.номер }}", "{{ r.показатель }}", "{{ r.источник }}", "{{ r.срок }}",
                "{{ r.ответственный }}"],
               (10, 68, 42, 26, 34), loop="r in план", size=11, aligns=[CENTER, LEFT, LEFT, CENTER, LEFT])
    save(doc, "order_monitoring.docx", "Приказ о проведении мониторинга")


def build_order_shnor_list() -> None:
    doc = new_document()
    order_head(doc, "Об утверждении перечня школ с низкими образовательными результатами на {{ год }} год")
    control(doc, "{%p if основание %}")
    text(doc, "На основании {{ основание }}")
    control(doc, "{%p else %}")
    text(doc, "В соответствии с Положением о системе работы со школами с низкими образовательными "
              "результатами, по итогам анализа результатов оценочных процедур (ВПР, ОГЭ, ЕГЭ) и сравнения "
              "показателей школ с районным уровнем")
    control(doc, "{%p endif %}")
    order_orders(doc)
    text(doc, "1. Утвердить перечень школ с низкими образовательными результатами на {{ год }} год "
              "({{ число_школ }}) (приложение).")
    text(doc, "2. Руководителям общеобразовательных организаций, включенных в перечень:")
    text(doc, "2.1. в срок до {{ срок_программ }} разработать и утвердить программы повышения качества "
              "образования (антирисковые программы) с учетом причин включения в перечень;")
    text(doc, "2.2. обеспечить участие педагогических работников в мероприятиях муниципальной системы "
              "поддержки школ с низкими образовательными результатами.")
    control(doc, "{%p if есть_координатор %}")
    text(doc, "3. Муниципальному координатору {{ координатор.инициалы_фамилия_дп }} обеспечить методическое "
              "сопровождение школ, включенных в перечень, и ежеквартально информировать управление "
              "образования о ходе реализации программ.")
    control(doc, "{%p else %}")
    text(doc, "3. Специалистам управления образования обеспечить методическое сопровождение школ, "
              "включенных в перечень, и ежеквартально обобщать информацию о ходе реализации программ.")
    control(doc, "{%p endif %}")
    last_text(doc, "4. {{ контроль }}")
    order_signature(doc)
    appendix_head(doc, "Перечень школ с низкими образовательными результатами на {{ год }} год")
    grid_table(doc, ["№", "Общеобразовательная организация", "Основание включения в перечень", "Куратор"],
               ["{{ r.номер }}", "{{ r.наименование }}", REASON_LINES, "{{ r.куратор }}"],
               (10, 52, 82, 36), loop="r in школы", size=10, aligns=[CENTER, LEFT, LEFT, LEFT])
    save(doc, "order_shnor_list.docx", "Приказ об утверждении перечня ШНОР")


# --- the analytical note ------------------------------------------------------------------------------


def section_heading(doc, value: str) -> None:  # type: ignore[no-untyped-def]
    paragraph(doc, value, align=LEFT, bold=True, space_before=10, space_after=4, keep_with_next=True)


MARKS_TABLE = (
    ["ОО", "Уч.", "«2»", "«3»", "«4»", "«5»", "Успев., %", "Кач., %", "Ср. балл", "КВ, %", "Откл.", "Группа"],
    ["{{ r.наименование }}", "{{ r.участников }}", "{{ r.отметок_2 }}", "{{ r.отметок_3 }}",
     "{{ r.отметок_4 }}", "{{ r.отметок_5 }}", "{{ r.успеваемость }}", "{{ r.качество }}",
     "{{ r.средний_балл }}", "{{ r.кв }}", "{{ r.отклонение }}", "{{ r.группа }}"],
    (32, 11, 8, 8, 8, 8, 15, 15, 13, 14, 14, 34),
    ["Район", "{{ s.район.участников }}", "{{ s.район.отметок_2 }}", "{{ s.район.отметок_3 }}",
     "{{ s.район.отметок_4 }}", "{{ s.район.отметок_5 }}", "{{ s.район.успеваемость }}",
     "{{ s.район.качество }}", "{{ s.район.средний_балл }}", "{{ s.район.кв }}", "", ""],
    ["{{ s.регион.название }}", "{{ s.регион.участников }}", "", "", "", "", "{{ s.регион.успеваемость }}",
     "{{ s.регион.качество }}", "{{ s.регион.средний_балл }}", "{{ s.регион.кв }}", "", ""],
)
SCORES_TABLE = (
    ["ОО", "Уч.", "Ср. балл", "Медиана", "КВ, %", "Откл.", "Группа"],
    ["{{ r.наименование }}", "{{ r.участников }}", "{{ r.средний_балл }}", "{{ r.медиана }}", "{{ r.кв }}",
     "{{ r.отклонение }}", "{{ r.группа }}"],
    (56, 14, 20, 20, 18, 18, 34),
    ["Район", "{{ s.район.участников }}", "{{ s.район.средний_балл }}", "{{ s.район.медиана }}",
     "{{ s.район.кв }}", "", ""],
    ["{{ s.регион.название }}", "{{ s.регион.участников }}", "{{ s.регион.средний_балл }}",
     "{{ s.регион.медиана }}", "{{ s.регион.кв }}", "", ""],
)
EGE_TABLE = (
    ["ОО", "Уч.", "Ср. балл", "80 и более, %", "Ниже минимума, %", "Откл.", "Группа"],
    ["{{ r.наименование }}", "{{ r.участников }}", "{{ r.средний_балл }}", "{{ r.доля_80 }}",
     "{{ r.ниже_минимума }}", "{{ r.отклонение }}", "{{ r.группа }}"],
    (52, 14, 20, 22, 24, 16, 32),
    ["Район", "{{ s.район.участников }}", "{{ s.район.средний_балл }}", "{{ s.район.доля_80 }}",
     "{{ s.район.ниже_минимума }}", "", ""],
    ["{{ s.регион.название }}", "{{ s.регион.участников }}", "{{ s.регион.средний_балл }}",
     "{{ s.регион.доля_80 }}", "{{ s.регион.ниже_минимума }}", "", ""],
)


def slice_table(doc, spec) -> None:  # type: ignore[no-untyped-def]
    headers, cells, widths, district, region = spec
    fill = [""] * (len(headers) - 1) + ["{% cellbg r.заливка %}"]
    grid_table(doc, headers, cells, widths, loop="r in s.строки", size=9,
               aligns=[LEFT] + [CENTER] * (len(headers) - 1), cell_prefix=fill,
               footers=[(district, ""), (region, "s.есть_регион")])


def build_analytical_note() -> None:
    doc = new_document()
    paragraph(doc, "{{ орган.наименование_прописными }}", align=CENTER, bold=True, size=12,
              left_indent=Mm(10), right_indent=Mm(10))
    empty(doc)
    paragraph(doc, "АНАЛИТИЧЕСКАЯ СПРАВКА", align=CENTER, bold=True, size=15, keep_with_next=True)
    paragraph(doc, "по результатам оценочных процедур {{ год }} года{% if работы %} ({{ работы }}){% endif %}"
                   "{% if район %}, {{ район }}{% endif %}", align=CENTER, bold=True)
    empty(doc)
    table = plain_table(doc, 1, (90, 90))
    cell_text(table.cell(0, 0), "{{ дата }}", align=LEFT)
    cell_text(table.cell(0, 1), "{{ орган.город }}", align=RIGHT)
    empty(doc)

    section_heading(doc, "{{ раздел.общие_сведения }}. Общие сведения")
    text(doc, "{{ вводный_абзац }}")
    control(doc, "{%p if есть_результаты %}")
    text(doc, "В таблицах «Уч.» — число участников; «Откл.» — отличие показателя школы от районного уровня "
              "по тому показателю, где отставание наибольшее; «группа риска» — ниже районного уровня на "
              "установленный порог и более, «контрольная группа» — близко к порогу или была в группе риска "
              "в предыдущие годы.")
    control(doc, "{%p endif %}")

    control(doc, "{%p if есть_результаты %}")
    section_heading(doc, "{{ раздел.результаты }}. Результаты по общеобразовательным организациям")
    control(doc, "{%p for s in срезы %}")
    paragraph(doc, "{{ раздел.результаты }}.{{ loop.index }}. {{ s.заголовок }}", align=LEFT, bold=True,
              space_before=8, space_after=4, keep_with_next=True)
    control(doc, "{%p if s.вид == 'marks' %}")
    slice_table(doc, MARKS_TABLE)
    control(doc, "{%p elif s.вид == 'ege' %}")
    slice_table(doc, EGE_TABLE)
    control(doc, "{%p else %}")
    slice_table(doc, SCORES_TABLE)
    control(doc, "{%p endif %}")
    text(doc, "{{ s.итог }}", space_before=4)
    control(doc, "{%p for x in s.причины %}")
    text(doc, "{{ x.наименование }}: {{ x.причина }}", size=12)
    control(doc, "{%p endfor %}")
    control(doc, "{%p for d in s.диаграммы %}")
    paragraph(doc, "{{ d.рисунок }}", align=CENTER, space_before=6, keep_with_next=True)
    paragraph(doc, "Рисунок — {{ s.заголовок }}: {{ d.подпись }}", align=CENTER, size=11, space_after=6)
    control(doc, "{%p endfor %}")
    control(doc, "{%p endfor %}")
    control(doc, "{%p endif %}")

    control(doc, "{%p if есть_динамика or есть_динамика_школ %}")
    section_heading(doc, "{{ раздел.динамика }}. Динамика результатов")
    control(doc, "{%p endif %}")
    control(doc, "{%p if есть_динамика %}")
    text(doc, "Районный уровень по годам (качество, а где отметок нет — коэффициент выполнения или средний "
              "балл):", keep_with_next=True)
    grid_table(doc, ["Работа", "Показатель", "{{ годы[0] }}", "{{ годы[1] }}", "{{ годы[2] }}"],
               ["{{ d.работа }}", "{{ d.показатель }}", "{{ d.значения[0] }}", "{{ d.значения[1] }}",
                "{{ d.значения[2] }}"],
               (62, 46, 24, 24, 24), loop="d in динамика", size=10,
               aligns=[LEFT, LEFT, CENTER, CENTER, CENTER])
    control(doc, "{%p if есть_диаграмма_динамики %}")
    paragraph(doc, "{{ диаграмма_динамики }}", align=CENTER, space_before=6, keep_with_next=True)
    paragraph(doc, "Рисунок — Районный уровень по годам и его изменение за год", align=CENTER, size=11,
              space_after=6)
    control(doc, "{%p endif %}")
    control(doc, "{%p endif %}")
    control(doc, "{%p if есть_динамика_школ %}")
    text(doc, "Школы группы риска: число работ, по которым школа ниже порога, и изменение основного "
              "показателя этих работ по сравнению с предыдущим годом:", keep_with_next=True, space_before=6)
    grid_table(doc, ["ОО", "Работ ниже порога", "Улучшение", "Ухудшение", "Без изменений",
                     "Нет данных за прошлый год"],
               ["{{ d.наименование }}", "{{ d.работ }}", "{{ d.улучшение }}", "{{ d.ухудшение }}",
                "{{ d.без_изменений }}", "{{ d.нет_данных }}"],
               (55, 25, 25, 25, 25, 25), loop="d in динамика_школ", size=10,
               aligns=[LEFT, CENTER, CENTER, CENTER, CENTER, CENTER])
    control(doc, "{%p endif %}")

    control(doc, "{%p if есть_перечень_шнор %}")
    section_heading(doc, "{{ раздел.перечень_шнор }}. Перечень школ с низкими образовательными "
                         "результатами на {{ год }} год")
    grid_table(doc, ["№", "ОО", "Основание включения в перечень"],
               ["{{ r.номер }}", "{{ r.наименование }}", REASON_LINES],
               (10, 48, 122), loop="r in перечень_шнор", size=10, aligns=[CENTER, LEFT, LEFT])
    control(doc, "{%p endif %}")

    control(doc, "{%p if есть_мониторинг %}")
    section_heading(doc, "{{ раздел.мониторинг }}. Показатели мониторинга ШНОР и ШНСУ за {{ год }} год")
    grid_table(doc, ["Показатель", "Значение", "Пояснение"],
               ["{{ m.показатель }}", "{{ m.значение }}", "{{ m.пояснение }}"],
               (85, 25, 70), loop="m in мониторинг", size=10, aligns=[LEFT, CENTER, LEFT])
    control(doc, "{%p endif %}")

    control(doc, "{%p if есть_выводы %}")
    section_heading(doc, "{{ раздел.выводы }}. Выводы и рекомендации")
    control(doc, "{%p for c in выводы %}")
    text(doc, "{{ loop.index }}. {{ c }}", keep_with_next=True)
    control(doc, "{%p endfor %}")
    control(doc, "{%p endif %}")

    empty(doc).paragraph_format.keep_with_next = True
    table = plain_table(doc, 1, (110, 70))
    cell_text(table.cell(0, 0), "{{ подписант.должность }}", align=LEFT)
    cell_text(table.cell(0, 1), "{{ подписант.инициалы_фамилия }}", align=RIGHT)
    bottom(table.cell(0, 1))
    keep_table_together(table)
    save(doc, "analytical_note.docx", "Аналитическая справка")


# --- the visit справка -------------------------------------------------------------------------------


def field(doc, label: str, value: str) -> None:  # type: ignore[no-untyped-def]
    paragraph(doc, Run(label, bold=True), Run(" " + value), align=JUSTIFY, space_after=3)


def build_visit_note() -> None:
    doc = new_document()
    paragraph(doc, "{{ орган.наименование_прописными }}", align=CENTER, bold=True, size=12,
              left_indent=Mm(10), right_indent=Mm(10))
    empty(doc)
    paragraph(doc, "СПРАВКА", align=CENTER, bold=True, size=15, keep_with_next=True)
    paragraph(doc, "по итогам методического выезда в {{ школа.краткое_наименование }}", align=CENTER,
              bold=True)
    empty(doc)
    table = plain_table(doc, 1, (90, 90))
    cell_text(table.cell(0, 0), "{{ дата }}", align=LEFT)
    cell_text(table.cell(0, 1), "№ {{ номер }}", align=RIGHT)
    empty(doc)
    field(doc, "Образовательная организация:", "{{ школа.полное_наименование }}.")
    field(doc, "Дата проведения:", "{{ даты_выезда }}.")
    field(doc, "Основание:", "{{ основание }}.")
    field(doc, "Цель:", "{{ цель }}")
    paragraph(doc, "Состав участников выезда:", align=LEFT, bold=True, space_after=2, keep_with_next=True)
    control(doc, "{%p for m in участники %}")
    text(doc, "{{ m.фио }} — {{ m.должность }}{{ m.знак_в_конце }}")
    control(doc, "{%p endfor %}")

    control(doc, "{%p if есть_вопросы %}")
    section_heading(doc, "{{ раздел.вопросы }}. Вопросы, рассмотренные в ходе выезда")
    control(doc, "{%p for q in вопросы %}")
    text(doc, "{{ loop.index }}) {{ q }}")
    control(doc, "{%p endfor %}")
    control(doc, "{%p endif %}")

    control(doc, "{%p if есть_уроки %}")
    section_heading(doc, "{{ раздел.уроки }}. Посещенные уроки")
    grid_table(doc, ["№", "Учитель", "Класс", "Предмет", "Тема урока", "Замечания и выводы"],
               ["{{ l.номер }}", "{{ l.учитель }}", "{{ l.класс }}", "{{ l.предмет }}", "{{ l.тема }}",
                "{{ l.замечания }}"],
               (8, 34, 24, 27, 37, 50), loop="l in уроки", size=10,
               aligns=[CENTER, LEFT, CENTER, LEFT, LEFT, LEFT])
    control(doc, "{%p endif %}")

    control(doc, "{%p if есть_выводы %}")
    section_heading(doc, "{{ раздел.выводы }}. Выводы")
    control(doc, "{%p for f in выводы %}")
    text(doc, "{{ f }}")
    control(doc, "{%p endfor %}")
    control(doc, "{%p endif %}")

    control(doc, "{%p if были_выезды %}")
    section_heading(doc, "{{ раздел.прежние_рекомендации }}. Выполнение рекомендаций предыдущих выездов")
    control(doc, "{%p if есть_прежние_рекомендации %}")
    grid_table(doc, ["№", "Рекомендация (выезд)", "Срок", "Ответственный", "Отметка о выполнении"],
               ["{{ e.номер }}", "{{ e.текст }} (выезд {{ e.дата_выезда }})", "{{ e.срок }}",
                "{{ e.ответственный }}", "{{ e.отметка }}"],
               (8, 70, 24, 34, 44), loop="e in прежние_рекомендации", size=10,
               aligns=[CENTER, LEFT, CENTER, LEFT, LEFT])
    control(doc, "{%p else %}")
    text(doc, "Рекомендации предыдущих выездов выполнены.")
    control(doc, "{%p endif %}")
    control(doc, "{%p endif %}")

    control(doc, "{%p if есть_рекомендации %}")
    section_heading(doc, "{{ раздел.рекомендации }}. Рекомендации")
    grid_table(doc, ["№", "Рекомендация", "Кому", "Ответственный", "Срок"],
               ["{{ r.номер }}", "{{ r.текст }}", "{{ r.кому }}", "{{ r.ответственный }}", "{{ r.срок }}"],
               (8, 80, 30, 36, 26), loop="r in рекомендации", size=10,
               aligns=[CENTER, LEFT, LEFT, LEFT, CENTER])
    control(doc, "{%p endif %}")

    empty(doc).paragraph_format.keep_with_next = True
    paragraph(doc, "Участники выезда:", align=LEFT, bold=True, space_before=6, space_after=4,
              keep_with_next=True)
    table = plain_table(doc, 2, (100, 40, 40))
    cell_text(table.cell(0, 0), "{%tr for m in участники %}")
    paragraph(table.cell(1, 0), "{{ m.должность_с_прописной }}", align=LEFT, size=12, space_before=10)
    paragraph(table.cell(1, 1), "_______________", align=CENTER, size=12, space_before=10)
    paragraph(table.cell(1, 2), "{{ m.инициалы_фамилия }}", align=RIGHT, size=12, space_before=10)
    bottom(table.cell(1, 1))
    bottom(table.cell(1, 2))
    end_row = table.add_row()
    cell_text(end_row.cells[0], "{%tr endfor %}")
    keep_table_together(table)

    paragraph(doc, "Со справкой {{ ознакомлен }}:", align=LEFT, bold=True, space_before=14, space_after=4,
              keep_with_next=True)
    table = plain_table(doc, 2, (100, 40, 40))
    cell_text(table.cell(0, 0), "{{ ознакомлен_должность }}", size=12)
    cell_text(table.cell(0, 1), "_______________", align=CENTER, size=12)
    cell_text(table.cell(0, 2), "{{ ознакомлен_подпись }}", align=RIGHT, size=12)
    bottom(table.cell(0, 1))
    bottom(table.cell(0, 2))
    cell_text(table.cell(1, 0), "«____» _______________ {{ год }} г.", size=12)
    keep_table_together(table)
    save(doc, "visit_note.docx", "Справка по итогам методического выезда")


# --- the joint plan -------------------------------------------------------------------------------------


def build_joint_plan() -> None:
    doc = new_document(landscape=True)
    table = plain_table(doc, 5, (120, 27, 120))
    for col, school in ((0, "школа1"), (2, "школа2")):
        cell_text(table.cell(0, col), "УТВЕРЖДАЮ", bold=True, size=12)
        cell_text(table.cell(1, col), _position_of(school), size=12)
        cell_text(table.cell(2, col), "")
        cell_text(table.cell(3, col), Run("____________________ ", size=12),
                  Run(f"{{{{ {school}.директор.инициалы_фамилия }}}}", size=12))
        cell_text(table.cell(4, col), "«____» _______________ {{ год }} г.", size=12)
    empty(doc)
    paragraph(doc, "ПЛАН", align=CENTER, bold=True, size=15, keep_with_next=True)
    paragraph(doc, "совместной работы {{ школа1.краткое_наименование }} (Школа 1) и "
                   "{{ школа2.краткое_наименование }} (Школа 2) на {{ период }}", align=CENTER, bold=True,
              keep_with_next=True)
    paragraph(doc, "{{ договор }}", align=CENTER)
    empty(doc)
    grid_table(doc, ["№", "Мероприятие", "Форма", "Сроки", "Ответственные", "Участники",
                     "Отметка о выполнении"],
               ["{{ i.номер }}", "{{ i.мероприятие }}", "{{ i.форма }}", "{{ i.сроки }}",
                "{{ i.ответственные }}", "{{ i.участники }}", "{{ i.отметка }}"],
               (10, 69, 35, 28, 40, 43, 42), loop="i in мероприятия", size=11,
               aligns=[CENTER, LEFT, LEFT, CENTER, LEFT, LEFT, LEFT])
    section_heading(doc, "Оценка результативности совместной работы")
    text(doc, "Результативность совместной работы оценивается по критериям оценки результативности и "
              "эффективности деятельности общеобразовательных организаций:", keep_with_next=True)
    grid_table(doc, ["№ п/п", "Наименование критерия", "Ожидаемый результат", "Достигнутый результат"],
               ["{{ к.номер }}", "{{ к.критерий }}", "{{ к.ожидаемый_результат }}", ""],
               (16, 130, 70, 51), loop="к in критерии", size=11, aligns=[CENTER, LEFT, LEFT, LEFT])
    save(doc, "joint_plan.docx", "План совместной работы")


def main() -> None:
    build_agreement()
    build_order_partners()
    build_order_monitoring()
    build_order_shnor_list()
    build_analytical_note()
    build_visit_note()
    build_joint_plan()


if __name__ == "__main__":
    main()
