"""Build the shipped DOCX templates in shnor_desktop/resources/templates/ with python-docx.

    .venv/bin/python scripts/make_templates.py

The generated .docx files are committed: they are what users copy and edit in Word. Run this
script again after changing a template here, and commit both. Every template is checked by the
tests against what its context builder provides.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx.shared import Mm  # noqa: E402

from shnor_desktop.docs_gen.layout import (  # noqa: E402
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
    new_document,
    page_break,
    paragraph,
    plain_table,
    text,
)

OUT = ROOT / "shnor_desktop" / "resources" / "templates"
CAPTION_PT = 9
REASON_LINES = ["{%p for line in r.reasons %}", "{{ line }}", "{%p endfor %}"]


def caption(doc, value: str):  # type: ignore[no-untyped-def]
    """A hint under a filled blank, as on the printed form: «(наименование образовательной организации)»."""
    return paragraph(doc, value, align=CENTER, size=CAPTION_PT)


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

LICENCE = (
    "имеющее лицензию на право ведения образовательной деятельности от {{ s.licence_date }} серия "
    "{{ s.licence_series }} № {{ s.licence_number }}, регистрационный № {{ s.licence_reg_number }}, "
    "выданную {{ s.licence_issuer_ablt }}, и свидетельство о государственной аккредитации от "
    "{{ s.accreditation_date }} серия {{ s.accreditation_series }} № {{ s.accreditation_number }}, "
    "регистрационный № {{ s.accreditation_reg_number }} (далее - Школа N), в лице "
)


def _party(doc, school: str, n: int, lead: str) -> None:  # type: ignore[no-untyped-def]
    licence = LICENCE.replace("s.", f"{school}.").replace("Школа N", f"Школа {n}")
    name = f"{{{{ {school}.full_name }}}}" if not lead else f"{{{{ {school}.full_name_in_sentence }}}}"
    paragraph(doc, *([Run(lead)] if lead else []), Run(name, underline=True), align=CENTER)
    caption(doc, "(наименование образовательной организации)")
    director = f"{{{{ {school}.director.position_gent }}}} {{{{ {school}.director.name_gent }}}}"
    text(doc, Run(licence), Run(director, underline=True))
    caption(doc, "(должность, фамилия, имя, отчество)")
    ending = "с одной стороны," if n == 1 else ""
    paragraph(doc, Run(f"{{{{ {school}.director.acting }}}} на основании "),
              Run(f"{{{{ {school}.basis }}}}", underline=True), Run(f", {ending}" if ending else ""),
              align=JUSTIFY)
    caption(doc, "(Устава, доверенности, иного документа)")


def _position_of(school: str) -> str:
    return f"{{{{ {school}.director.position_title }}}} {{{{ {school}.short_name }}}}"


def _heading(doc, value: str) -> None:  # type: ignore[no-untyped-def]
    paragraph(doc, value, align=CENTER, bold=True, space_before=8, space_after=4, keep_with_next=True)


def build_agreement() -> None:
    doc = new_document()
    paragraph(doc, "ДОГОВОР № {{ number }}", align=CENTER, bold=True, size=15)
    paragraph(doc, AGREEMENT_SUBJECT, align=CENTER, bold=True, space_after=10)
    table = plain_table(doc, 1, (90, 90))
    cell_text(table.cell(0, 0), "{{ city }}", align=LEFT)
    cell_text(table.cell(0, 1), "{{ date }}", align=RIGHT)
    empty(doc)
    _party(doc, "school1", 1, "")
    _party(doc, "school2", 2, "и ")
    text(doc, "с другой стороны, далее совместно именуемые \"Стороны\", заключили настоящий партнерский "
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
        "ведении {{ region_gent }};",
        "- организацию системного информационного обмена по вопросам, представляющим взаимный интерес "
        "Сторон;",
        "- содействие развитию системы образования и повышение качества образовательных услуг на "
        "территории {{ region_gent }}.",
    ):
        text(doc, item)
    paragraph(doc, "2.2. Школа 1:", align=JUSTIFY, first_indent=INDENT, bold=True, keep_with_next=True)
    for item in (
        "2.2.1. В течение {{ year }} года и далее в согласованные сроки оказывает методическую и "
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
        "{{ year }} год (до 31 декабря текущего года) предложения по организации и проведению практических "
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
        "3.1. Настоящий договор заключен сроком {{ term }}.",
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
    ):
        text(doc, item)

    _heading(doc, "5. Юридические адреса сторон")
    for n, school in ((1, "school1"), (2, "school2")):
        paragraph(doc, Run(f"Школа {n}: "), Run(
            f"{{{{ {school}.full_name }}}}, {{{{ {school}.address }}}}, тел. {{{{ {school}.phone }}}}"
            f"{{% if {school}.email %}}, эл. почта {{{{ {school}.email }}}}{{% endif %}}"),
            align=JUSTIFY, space_before=4)
        caption(doc, "(наименование образовательной организации, почтовый адрес, телефон)")

    _heading(doc, "Подписи сторон")
    table = plain_table(doc, 7, (88, 4, 88))
    for col, (n, school) in ((0, (1, "school1")), (2, (2, "school2"))):
        cell_text(table.cell(0, col), f"От Школы {n}:", bold=True)
        cell_text(table.cell(1, col), _position_of(school), align=LEFT)
        cell_text(table.cell(2, col), "(должность)", align=CENTER, size=CAPTION_PT)
        cell_text(table.cell(3, col), "")
        cell_text(table.cell(4, col), Run("____________________ "),
                  Run(f"{{{{ {school}.director.signature }}}}", underline=True), align=LEFT)
        cell_text(table.cell(5, col), "(подпись)\t\t\t(ФИО)", align=LEFT, size=CAPTION_PT)
        cell_text(table.cell(6, col), "{{ date }}", align=LEFT)
        paragraph(table.cell(6, col), "М.П.", align=LEFT, size=11, space_before=6)
    save(doc, "agreement.docx", "Договор о взаимодействии и сотрудничестве")


# --- orders (ГОСТ Р 7.0.97-2016) --------------------------------------------------------------------


def order_head(doc, heading: str) -> None:  # type: ignore[no-untyped-def]
    """Authority, ПРИКАЗ, date and number, place, heading «О …»."""
    paragraph(doc, "{{ authority.name_upper }}", align=CENTER, bold=True, left_indent=Mm(10),
              right_indent=Mm(10))
    empty(doc)
    paragraph(doc, Run("ПРИКАЗ", bold=True, size=16, spacing=4), align=CENTER)
    empty(doc)
    table = plain_table(doc, 1, (90, 90))
    cell_text(table.cell(0, 0), "{{ date }}", align=LEFT)
    cell_text(table.cell(0, 1), "№ {{ number }}", align=RIGHT)
    paragraph(doc, "{{ place }}", align=CENTER, size=12, space_before=2)
    empty(doc)
    paragraph(doc, heading, align=LEFT, bold=True, right_indent=Mm(75), keep_with_next=True)
    empty(doc)


def order_orders(doc) -> None:  # type: ignore[no-untyped-def]
    paragraph(doc, "ПРИКАЗЫВАЮ:", align=LEFT, space_before=6, space_after=6, keep_with_next=True)


def order_signature(doc) -> None:  # type: ignore[no-untyped-def]
    empty(doc)
    empty(doc)
    table = plain_table(doc, 1, (110, 70))
    cell_text(table.cell(0, 0), "{{ signer_position }}", align=LEFT)
    cell_text(table.cell(0, 1), "{{ signer }}", align=RIGHT)
    bottom(table.cell(0, 1))
    control(doc, "{%p if authority.has_executor %}")
    paragraph(doc, "Исп. {{ authority.executor_name }}", align=LEFT, size=11, space_before=36)
    paragraph(doc, "тел. {{ authority.executor_phone }}", align=LEFT, size=11)
    control(doc, "{%p endif %}")


def appendix_head(doc, title: str) -> None:  # type: ignore[no-untyped-def]
    page_break(doc)
    for line in ("Приложение", "к приказу {{ authority.short_name_gent }}", "от {{ date }} № {{ number }}"):
        paragraph(doc, line, align=LEFT, left_indent=Mm(105), size=12)
    empty(doc)
    paragraph(doc, title, align=CENTER, bold=True, space_after=8)


def build_order_partners() -> None:
    doc = new_document()
    order_head(doc, "О мероприятиях по повышению качества образования в школах с низкими результатами "
                    "обучения и в школах, функционирующих в неблагоприятных социальных условиях")
    text(doc, "В целях повышения качества образования в школах с низкими образовательными результатами и в "
              "школах, функционирующих в неблагоприятных социальных условиях, организации их сетевого "
              "взаимодействия со школами с высокими результатами обучения в {{ year }} году")
    order_orders(doc)
    text(doc, "1. Сформировать рабочую группу по реализации плана мероприятий по повышению качества "
              "образования в школах с низкими результатами обучения и в школах, функционирующих в "
              "неблагоприятных социальных условиях, в составе:")
    control(doc, "{%p for m in working_group %}")
    text(doc, "{{ m.number }}. {{ m.short }}, {{ m.position }}{{ m.end }}")
    control(doc, "{%p endfor %}")
    text(doc, "2. Назначить муниципальным координатором, курирующим сопровождение {{ supported_schools }}, "
              "{{ coordinator.position_accs }} {{ coordinator.signature_accs }}.")
    text(doc, "3. Определить партнерами проекта: {{ pairs }}.")
    text(doc, "4. Директорам {{ directors_of }}:")
    text(doc, "4.1. в срок до {{ deadline_agreements }} заключить договоры о взаимодействии и "
              "сотрудничестве;")
    text(doc, "4.2. в срок до {{ deadline_plans }} разработать и утвердить совместные планы работы по "
              "реализации договоров с учетом критериев оценки результативности деятельности школ, "
              "принимающих участие в проекте.")
    text(doc, "5. {{ control }}")
    order_signature(doc)
    save(doc, "order_partners.docx", "Приказ о рабочей группе, координаторе и школах-партнёрах")


def build_order_monitoring() -> None:
    doc = new_document()
    order_head(doc, "О проведении мониторинга реализации школьных программ повышения качества образования")
    text(doc, "{{ preamble }}")
    order_orders(doc)
    text(doc, "1. Провести в период с {{ period_start }} по {{ period_end }} мониторинг реализации школьных "
              "программ повышения качества образования в {{ schools }}.")
    text(doc, "2. Утвердить план проведения мониторинга (приложение).")
    text(doc, "3. Назначить ответственным за проведение мониторинга {{ responsible.position_accs }} "
              "{{ responsible.signature_accs }}.")
    text(doc, "4. Руководителям {{ schools_list }} в срок до {{ deadline_report }} представить в "
              "{{ authority.short_name_in_sentence }} информацию по показателям мониторинга.")
    text(doc, "5. {{ control }}")
    order_signature(doc)
    appendix_head(doc, "План проведения мониторинга реализации школьных программ повышения качества "
                       "образования в {{ year }} году")
    grid_table(doc, ["№", "Показатель", "Источник данных", "Срок", "Ответственный"],
               ["{{ r.number }}", "{{ r.indicator }}", "{{ r.source }}", "{{ r.deadline }}",
                "{{ r.responsible }}"],
               (10, 70, 42, 22, 36), loop="r in plan", size=11, aligns=[CENTER, LEFT, LEFT, CENTER, LEFT])
    save(doc, "order_monitoring.docx", "Приказ о проведении мониторинга")


def build_order_shnor_list() -> None:
    doc = new_document()
    order_head(doc, "Об утверждении перечня школ с низкими образовательными результатами на {{ year }} год")
    text(doc, "{{ preamble }}")
    order_orders(doc)
    text(doc, "1. Утвердить перечень школ с низкими образовательными результатами на {{ year }} год "
              "({{ count_text }}) (приложение).")
    text(doc, "2. Руководителям общеобразовательных организаций, включенных в перечень:")
    text(doc, "2.1. в срок до {{ deadline_programs }} разработать и утвердить программы повышения качества "
              "образования (антирисковые программы) с учетом причин включения в перечень;")
    text(doc, "2.2. обеспечить участие педагогических работников в мероприятиях муниципальной системы "
              "поддержки школ с низкими образовательными результатами.")
    text(doc, "3. {{ support }}")
    text(doc, "4. {{ control }}")
    order_signature(doc)
    appendix_head(doc, "Перечень школ с низкими образовательными результатами на {{ year }} год")
    grid_table(doc, ["№", "Общеобразовательная организация", "Основание включения в перечень", "Куратор"],
               ["{{ r.number }}", "{{ r.name }}",
                REASON_LINES, "{{ r.curator }}"],
               (10, 55, 80, 35), loop="r in schools", size=10, aligns=[CENTER, LEFT, LEFT, LEFT])
    save(doc, "order_shnor_list.docx", "Приказ об утверждении перечня ШНОР")


# --- the analytical note ------------------------------------------------------------------------------


def section_heading(doc, value: str) -> None:  # type: ignore[no-untyped-def]
    paragraph(doc, value, align=LEFT, bold=True, space_before=10, space_after=4, keep_with_next=True)


def no_data(doc, flag: str) -> None:  # type: ignore[no-untyped-def]
    control(doc, f"{{%p if not {flag} %}}")
    text(doc, "{{ no_data }}")
    control(doc, "{%p endif %}")


def build_analytical_note() -> None:
    doc = new_document()
    paragraph(doc, "{{ authority.name_upper }}", align=CENTER, bold=True, size=12, left_indent=Mm(10),
              right_indent=Mm(10))
    empty(doc)
    paragraph(doc, "АНАЛИТИЧЕСКАЯ СПРАВКА", align=CENTER, bold=True, size=15)
    paragraph(doc, "по результатам оценочных процедур {{ year }} года{% if scope %} ({{ scope }}){% endif %}",
              align=CENTER, bold=True)
    empty(doc)
    table = plain_table(doc, 1, (90, 90))
    cell_text(table.cell(0, 0), "{{ date }}", align=LEFT)
    cell_text(table.cell(0, 1), "{{ authority.city }}", align=RIGHT)
    empty(doc)

    section_heading(doc, "1. Общие сведения")
    control(doc, "{%p if has_results %}")
    text(doc, "{{ intro }}")
    text(doc, "В таблицах «Уч.» — число участников; отклонение — отличие показателя школы от районного "
              "уровня (по показателю, где "
              "отставание наибольшее); «группа риска» — ниже районного уровня на установленный порог и "
              "более, «контрольная группа» — близко к порогу или была в группе риска в предыдущие годы.")
    control(doc, "{%p endif %}")
    no_data(doc, "has_results")

    section_heading(doc, "2. Результаты по общеобразовательным организациям")
    control(doc, "{%p for s in slices %}")
    paragraph(doc, "2.{{ loop.index }}. {{ s.title }}", align=LEFT, bold=True, space_before=8, space_after=4,
              keep_with_next=True)
    grid_table(
        doc,
        ["ОО", "Уч.", "«2»", "«3»", "«4»", "«5»", "Успев.", "Качество", "Ср. балл", "КВ", "Откл.", "Группа"],
        ["{{ r.name }}", "{{ r.participants }}", "{{ r.m2 }}", "{{ r.m3 }}", "{{ r.m4 }}", "{{ r.m5 }}",
         "{{ r.success }}", "{{ r.quality }}", "{{ r.mean }}", "{{ r.kv }}",
         "{{ r.deviation }}", "{{ r.flag }}"],
        (36, 10, 8, 8, 8, 8, 15, 17, 13, 14, 13, 30), loop="r in s.rows", size=9,
        aligns=[LEFT] + [CENTER] * 11,
        footer=["Район", "{{ s.district.participants }}", "{{ s.district.m2 }}", "{{ s.district.m3 }}",
                "{{ s.district.m4 }}", "{{ s.district.m5 }}", "{{ s.district.success }}",
                "{{ s.district.quality }}", "{{ s.district.mean }}", "{{ s.district.kv }}", "", ""],
        cell_prefix=["", "", "", "", "", "", "", "", "", "", "", "{% cellbg r.fill %}"],
    )
    text(doc, "{{ s.summary }}", space_before=4)
    control(doc, "{%p for x in s.reasons %}")
    text(doc, "{{ x.name }}: {{ x.reason }}", size=12)
    control(doc, "{%p endfor %}")
    control(doc, "{%p if s.has_chart %}")
    paragraph(doc, "{{ s.chart }}", align=CENTER, space_before=6, keep_with_next=True)
    paragraph(doc, "Рисунок 2.{{ loop.index }} — {{ s.title }}: показатель школ и районный уровень "
                   "(красным — группа риска)", align=CENTER, size=11, space_after=6)
    control(doc, "{%p endif %}")
    control(doc, "{%p endfor %}")
    no_data(doc, "has_results")

    section_heading(doc, "3. Динамика результатов")
    control(doc, "{%p if has_dynamics %}")
    text(doc, "Районный уровень по годам (качество, а где отметок нет — коэффициент выполнения или средний "
              "балл):", keep_with_next=True)
    grid_table(doc, ["Работа", "Показатель", "{{ years[0] }}", "{{ years[1] }}", "{{ years[2] }}"],
               ["{{ d.title }}", "{{ d.indicator }}", "{{ d.cells[0] }}", "{{ d.cells[1] }}",
                "{{ d.cells[2] }}"],
               (62, 46, 24, 24, 24), loop="d in dynamics", size=10,
               aligns=[LEFT, LEFT, CENTER, CENTER, CENTER])
    control(doc, "{%p if has_dynamics_chart %}")
    paragraph(doc, "{{ dynamics_chart }}", align=CENTER, space_before=6, keep_with_next=True)
    paragraph(doc, "Рисунок 3.1 — Динамика районного уровня", align=CENTER, size=11, space_after=6)
    control(doc, "{%p endif %}")
    control(doc, "{%p endif %}")
    no_data(doc, "has_dynamics")
    control(doc, "{%p if has_school_dynamics %}")
    text(doc, "Школы группы риска: число работ, по которым школа ниже порога, и изменение основного "
              "показателя этих работ по сравнению с предыдущим годом:", keep_with_next=True, space_before=6)
    grid_table(doc, ["ОО", "Работ ниже порога", "Улучшение", "Ухудшение", "Без изменений",
                     "Нет данных за прошлый год"],
               ["{{ d.name }}", "{{ d.works }}", "{{ d.improved }}", "{{ d.worsened }}", "{{ d.same }}",
                "{{ d.no_data }}"],
               (55, 25, 25, 25, 25, 25), loop="d in school_dynamics", size=10,
               aligns=[LEFT, CENTER, CENTER, CENTER, CENTER, CENTER])
    control(doc, "{%p endif %}")

    section_heading(doc, "4. Перечень школ с низкими образовательными результатами на {{ year }} год")
    control(doc, "{%p if has_shnor %}")
    grid_table(doc, ["№", "ОО", "Основание включения в перечень"],
               ["{{ r.number }}", "{{ r.name }}", REASON_LINES],
               (10, 45, 125), loop="r in shnor", size=10, aligns=[CENTER, LEFT, LEFT])
    control(doc, "{%p endif %}")
    no_data(doc, "has_shnor")

    section_heading(doc, "5. Показатели мониторинга ШНОР и ШНСУ за {{ year }} год")
    control(doc, "{%p if has_monitoring %}")
    grid_table(doc, ["Показатель", "Значение", "Пояснение"],
               ["{{ m.name }}", "{{ m.value }}", "{{ m.note }}"],
               (85, 25, 70), loop="m in monitoring", size=10, aligns=[LEFT, CENTER, LEFT])
    control(doc, "{%p endif %}")
    no_data(doc, "has_monitoring")

    section_heading(doc, "6. Выводы и рекомендации")
    control(doc, "{%p for c in conclusions %}")
    text(doc, "{{ loop.index }}. {{ c }}")
    control(doc, "{%p endfor %}")
    no_data(doc, "has_conclusions")

    control(doc, "{%p if has_signer %}")
    empty(doc)
    empty(doc)
    table = plain_table(doc, 1, (110, 70))
    cell_text(table.cell(0, 0), "{{ authority.executor_position }}", align=LEFT)
    cell_text(table.cell(0, 1), "{{ signer.short }}", align=RIGHT)
    bottom(table.cell(0, 1))
    control(doc, "{%p endif %}")
    save(doc, "analytical_note.docx", "Аналитическая справка")


# --- the visit справка -------------------------------------------------------------------------------


def field(doc, label: str, value: str) -> None:  # type: ignore[no-untyped-def]
    paragraph(doc, Run(label, bold=True), Run(" " + value), align=JUSTIFY, space_after=3)


def build_visit_note() -> None:
    doc = new_document()
    paragraph(doc, "{{ authority.name_upper }}", align=CENTER, bold=True, size=12, left_indent=Mm(10),
              right_indent=Mm(10))
    empty(doc)
    paragraph(doc, "СПРАВКА", align=CENTER, bold=True, size=15)
    paragraph(doc, "по итогам методического выезда в {{ school.short_name }}", align=CENTER, bold=True)
    empty(doc)
    table = plain_table(doc, 1, (90, 90))
    cell_text(table.cell(0, 0), "{{ date }}", align=LEFT)
    cell_text(table.cell(0, 1), "№ {{ number }}", align=RIGHT)
    empty(doc)
    field(doc, "Образовательная организация:", "{{ school.full_name }}.")
    field(doc, "Дата проведения:", "{{ visit_dates }}.")
    field(doc, "Основание:", "{{ basis }}.")
    field(doc, "Цель:", "{{ purpose }}")
    paragraph(doc, "Состав участников выезда:", align=LEFT, bold=True, space_after=2, keep_with_next=True)
    control(doc, "{%p for m in members %}")
    text(doc, "{{ m.name }} — {{ m.position }}{{ m.end }}")
    control(doc, "{%p endfor %}")

    section_heading(doc, "1. Вопросы, рассмотренные в ходе выезда")
    control(doc, "{%p for q in questions %}")
    text(doc, "{{ loop.index }}) {{ q }}")
    control(doc, "{%p endfor %}")
    no_data(doc, "has_questions")

    section_heading(doc, "2. Посещенные уроки")
    control(doc, "{%p if has_lessons %}")
    grid_table(doc, ["№", "Учитель", "Класс", "Предмет", "Тема урока", "Замечания и выводы"],
               ["{{ l.number }}", "{{ l.teacher }}", "{{ l.class_name }}", "{{ l.subject }}", "{{ l.topic }}",
                "{{ l.remarks }}"],
               (8, 33, 15, 25, 44, 55), loop="l in lessons", size=10,
               aligns=[CENTER, LEFT, CENTER, LEFT, LEFT, LEFT])
    control(doc, "{%p endif %}")
    no_data(doc, "has_lessons")

    section_heading(doc, "3. Выводы")
    control(doc, "{%p for f in findings %}")
    text(doc, "{{ f }}")
    control(doc, "{%p endfor %}")
    no_data(doc, "has_findings")

    section_heading(doc, "4. Выполнение рекомендаций предыдущих выездов")
    control(doc, "{%p if has_earlier %}")
    grid_table(doc, ["№", "Рекомендация (выезд)", "Срок", "Ответственный", "Отметка о выполнении"],
               ["{{ e.number }}", "{{ e.text }} (выезд {{ e.visit_date }})", "{{ e.deadline }}",
                "{{ e.responsible }}", "{{ e.status }}"],
               (8, 70, 20, 35, 47), loop="e in earlier", size=10, aligns=[CENTER, LEFT, CENTER, LEFT, LEFT])
    control(doc, "{%p endif %}")
    control(doc, "{%p if not has_earlier %}")
    text(doc, "Невыполненных рекомендаций предыдущих выездов нет.")
    control(doc, "{%p endif %}")

    section_heading(doc, "5. Рекомендации")
    control(doc, "{%p if has_recommendations %}")
    grid_table(doc, ["№", "Рекомендация", "Кому", "Ответственный", "Срок"],
               ["{{ r.number }}", "{{ r.text }}", "{{ r.addressee }}", "{{ r.responsible }}",
                "{{ r.deadline }}"],
               (8, 82, 30, 38, 22), loop="r in recommendations", size=10,
               aligns=[CENTER, LEFT, LEFT, LEFT, CENTER])
    control(doc, "{%p endif %}")
    no_data(doc, "has_recommendations")

    empty(doc)
    paragraph(doc, "Участники выезда:", align=LEFT, bold=True, space_before=6, space_after=4,
              keep_with_next=True)
    table = plain_table(doc, 2, (100, 40, 40))
    cell_text(table.cell(0, 0), "{%tr for m in members %}")
    paragraph(table.cell(1, 0), "{{ m.position_title }}", align=LEFT, size=12, space_before=10)
    paragraph(table.cell(1, 1), "_______________", align=CENTER, size=12, space_before=10)
    paragraph(table.cell(1, 2), "{{ m.signature }}", align=RIGHT, size=12, space_before=10)
    bottom(table.cell(1, 1))
    bottom(table.cell(1, 2))
    end_row = table.add_row()
    cell_text(end_row.cells[0], "{%tr endfor %}")

    paragraph(doc, "Со справкой ознакомлен(а):", align=LEFT, bold=True, space_before=14, space_after=4,
              keep_with_next=True)
    table = plain_table(doc, 2, (100, 40, 40))
    cell_text(table.cell(0, 0), "{{ acquainted_position }}", size=12)
    cell_text(table.cell(0, 1), "_______________", align=CENTER, size=12)
    cell_text(table.cell(0, 2), "{{ acquainted_signature }}", align=RIGHT, size=12)
    bottom(table.cell(0, 1))
    bottom(table.cell(0, 2))
    cell_text(table.cell(1, 0), "«____» _______________ {{ year }} г.", size=12)
    save(doc, "visit_note.docx", "Справка по итогам методического выезда")


# --- the joint plan -------------------------------------------------------------------------------------


def build_joint_plan() -> None:
    doc = new_document(landscape=True)
    table = plain_table(doc, 5, (120, 27, 120))
    for col, school in ((0, "school1"), (2, "school2")):
        cell_text(table.cell(0, col), "УТВЕРЖДАЮ", bold=True, size=12)
        cell_text(table.cell(1, col), _position_of(school), size=12)
        cell_text(table.cell(2, col), "")
        cell_text(table.cell(3, col), Run("____________________ ", size=12),
                  Run(f"{{{{ {school}.director.signature }}}}", size=12))
        cell_text(table.cell(4, col), "«____» _______________ {{ year }} г.", size=12)
    empty(doc)
    paragraph(doc, "ПЛАН", align=CENTER, bold=True, size=15)
    paragraph(doc, "совместной работы {{ school1.short_name }} (Школа 1) и {{ school2.short_name }} "
                   "(Школа 2) на {{ period }}", align=CENTER, bold=True)
    control(doc, "{%p if agreement %}")
    paragraph(doc, "{{ agreement }}", align=CENTER)
    control(doc, "{%p endif %}")
    empty(doc)
    control(doc, "{%p if has_items %}")
    grid_table(doc, ["№", "Мероприятие", "Форма", "Сроки", "Ответственные", "Участники",
                     "Отметка о выполнении"],
               ["{{ i.number }}", "{{ i.title }}", "{{ i.kind }}", "{{ i.when }}", "{{ i.responsible }}",
                "{{ i.participants }}", "{{ i.mark }}"],
               (9, 70, 32, 27, 40, 45, 44), loop="i in items", size=11,
               aligns=[CENTER, LEFT, LEFT, CENTER, LEFT, LEFT, LEFT])
    control(doc, "{%p endif %}")
    control(doc, "{%p if not has_items %}")
    text(doc, "{{ no_data }}")
    control(doc, "{%p endif %}")
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
