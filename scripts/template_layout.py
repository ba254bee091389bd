"""python-docx building blocks for the shipped templates (used by ``scripts/make_templates.py``).

The page follows ГОСТ Р 7.0.97-2016 for every document: A4, margins 20 mm left, 10 mm right,
20 mm top and bottom; Times New Roman 14 (Liberation Serif, of the same metrics, where Times is
absent); page numbers in the header from page 2 (a different first page and a PAGE field).

Jinja tags are always written whole into one run, so docxtpl sees them intact; loops over
paragraphs use ``{%p … %}`` paragraphs and loops over table rows ``{%tr … %}`` rows.
Not imported by the window: python-docx is loaded only when templates are built or checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_PT = 14
INDENT = Mm(12.5)  # абзацный отступ, 1.25 см

LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph with its own formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float | None = None
    spacing: float | None = None  # letter spacing in points (ПРИКАЗ is spaced out)


def _set_font(run_or_style, name: str = FONT) -> None:  # type: ignore[no-untyped-def]
    run_or_style.font.name = name
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def new_document(*, landscape: bool = False, body_pt: float = BODY_PT) -> DocxDocument:
    """An empty A4 document with the ГОСТ margins, the font, single spacing and page numbers from page 2."""
    doc = Document()
    normal = doc.styles["Normal"]
    _set_font(normal)
    normal.font.size = Pt(body_pt)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.widow_control = True
    for name in ("Table Grid",):
        _set_font(doc.styles[name])
    # Russian as the proofing language, so Word and LibreOffice hyphenate and spell-check in Russian
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ru-RU")
    lang.set(qn("w:eastAsia"), "ru-RU")
    rpr.append(lang)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    page_numbers_from_second(doc)
    core = doc.core_properties
    core.author = "ШНОР Desktop"
    core.title = ""
    core.comments = ""
    return doc


def text_width_mm(doc: DocxDocument) -> float:
    section = doc.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def _field(paragraph: Paragraph, code: str, placeholder: str = "2") -> None:
    """A Word field (PAGE) as begin / instruction / separate / result / end runs."""
    def fld(kind: str) -> None:
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run(placeholder)
    fld("end")


def page_numbers_from_second(doc: DocxDocument) -> None:
    """ГОСТ: the number at the top centre of every page but the first."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = CENTER
    _field(paragraph, "PAGE")
    for run in paragraph.runs:
        run.font.size = Pt(12)
        _set_font(run)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].text = ""


def paragraph(
    container,  # type: ignore[no-untyped-def]
    *runs: Run | str,
    align: WD_ALIGN_PARAGRAPH = JUSTIFY,
    first_indent: Mm | None = None,
    left_indent: Mm | None = None,
    right_indent: Mm | None = None,
    size: float | None = None,
    bold: bool = False,
    space_before: float = 0,
    space_after: float = 0,
    keep_with_next: bool = False,
    page_break_before: bool = False,
    line_spacing: float | None = None,
) -> Paragraph:
    """Add a paragraph of runs; plain strings take the paragraph's size and weight."""
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    if first_indent is not None:
        fmt.first_line_indent = first_indent
    if left_indent is not None:
        fmt.left_indent = left_indent
    if right_indent is not None:
        fmt.right_indent = right_indent
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    fmt.keep_with_next = keep_with_next
    fmt.page_break_before = page_break_before
    if line_spacing is not None:
        fmt.line_spacing = line_spacing
    for item in runs:
        spec = Run(item, bold=bold, size=size) if isinstance(item, str) else item
        run = p.add_run(spec.text)
        run.bold = spec.bold or None
        run.italic = spec.italic or None
        run.underline = spec.underline or None
        if spec.size or size:
            run.font.size = Pt(spec.size or size)  # type: ignore[arg-type]
        if spec.spacing:
            rpr = run._r.get_or_add_rPr()
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), str(int(spec.spacing * 20)))
            rpr.append(spacing)
    return p


def text(container, *runs: Run | str, **kwargs) -> Paragraph:  # type: ignore[no-untyped-def]
    """A justified paragraph with the first-line indent (the body text of orders and agreements)."""
    kwargs.setdefault("first_indent", INDENT)
    return paragraph(container, *runs, **kwargs)


def control(container, tag: str) -> Paragraph:  # type: ignore[no-untyped-def]
    """A paragraph holding only a docxtpl paragraph tag («{%p for … %}»); removed when rendered."""
    return paragraph(container, tag, align=LEFT)


def empty(container, size: float | None = None) -> Paragraph:  # type: ignore[no-untyped-def]
    return paragraph(container, "", align=LEFT, size=size)


def page_break(container) -> Paragraph:  # type: ignore[no-untyped-def]
    p = container.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    return p


# --- tables -----------------------------------------------------------------------------------------


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _cell_margins(table: Table, mm: float) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(int(mm * 56.7)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.append(margins)


def _fixed_layout(table: Table, widths_mm: Sequence[float]) -> None:
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(width * 56.7)))


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _cant_split(row) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def cell_text(cell: _Cell, *runs: Run | str, align: WD_ALIGN_PARAGRAPH = LEFT, size: float | None = None,
              bold: bool = False, first: bool = True) -> Paragraph:
    """Write into a cell: the first call fills its empty paragraph, later calls add paragraphs."""
    if first:
        p = cell.paragraphs[0]
        p.alignment = align
        for item in runs:
            spec = Run(item, bold=bold, size=size) if isinstance(item, str) else item
            run = p.add_run(spec.text)
            run.bold = spec.bold or None
            run.italic = spec.italic or None
            run.underline = spec.underline or None
            if spec.size or size:
                run.font.size = Pt(spec.size or size)  # type: ignore[arg-type]
        return p
    return paragraph(cell, *runs, align=align, size=size, bold=bold)


def grid_table(
    container,  # type: ignore[no-untyped-def]
    headers: Sequence[str],
    cells: Sequence[str | Sequence[str]],
    widths_mm: Sequence[float],
    *,
    loop: str,
    size: float = 12,
    aligns: Sequence[WD_ALIGN_PARAGRAPH] | None = None,
    footer: Sequence[str] | None = None,
    header_fill: str = "E7E6E6",
    cell_prefix: Sequence[str] | None = None,
    footers: Sequence[tuple[Sequence[str], str]] | None = None,
) -> Table:
    """A bordered table: a header row repeated on every page, one row per item (``{%tr for %}``),
    and optional bold footer rows (the district's row; ``footers``: (cells, condition) pairs, a row
    shown only when its condition holds, e.g. the region's).

    ``cells`` gives each column's content; a sequence in place of a string makes several paragraphs
    (tags such as ``{%p for … %}`` included). ``loop`` is the for clause: ``"r in rows"``.
    """
    columns = len(headers)
    table = container.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell_margins(table, 1.2)
    aligns = list(aligns or [LEFT] * columns)

    head = table.add_row()
    _repeat_header(head)
    for cell, title in zip(head.cells, headers, strict=True):
        cell_text(cell, title, align=CENTER, size=size, bold=True)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _shade(cell, header_fill)

    start = table.add_row()
    cell_text(start.cells[0], f"{{%tr for {loop} %}}", size=size)
    data = table.add_row()
    _cant_split(data)
    for i, (cell, content) in enumerate(zip(data.cells, cells, strict=True)):
        parts = [content] if isinstance(content, str) else list(content)
        prefix = cell_prefix[i] if cell_prefix else ""
        for n, part in enumerate(parts):
            cell_text(cell, (prefix if n == 0 else "") + part, align=aligns[i], size=size, first=n == 0)
    end = table.add_row()
    cell_text(end.cells[0], "{%tr endfor %}", size=size)
    rows = [(footer, "")] if footer is not None else []
    rows += list(footers or [])
    for content_row, condition in rows:
        if condition:
            opening = table.add_row()
            cell_text(opening.cells[0], f"{{%tr if {condition} %}}", size=size)
        row = table.add_row()
        _cant_split(row)
        for i, (cell, content) in enumerate(zip(row.cells, content_row, strict=True)):
            cell_text(cell, content, align=aligns[i], size=size, bold=True)
        if condition:
            closing = table.add_row()
            cell_text(closing.cells[0], "{%tr endif %}", size=size)
    _fixed_layout(table, widths_mm)
    return table


def plain_table(container, rows: int, widths_mm: Sequence[float]) -> Table:  # type: ignore[no-untyped-def]
    """A borderless layout table (date and number line, signatures)."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    _no_borders(table)
    _cell_margins(table, 0)
    _fixed_layout(table, widths_mm)
    return table


def keep_table_together(table: Table) -> None:
    """A signature block: its rows never split and stay on one page with what precedes them
    (every paragraph but those of the last row keeps with the next)."""
    rows = list(table.rows)
    for index, row in enumerate(rows):
        _cant_split(row)
        if index == len(rows) - 1:
            continue
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def bottom(cell: _Cell) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
