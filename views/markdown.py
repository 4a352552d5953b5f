"""The small part of Markdown that the project's own docs use, as GOV.UK-styled HTML:
headings (with GitHub-style ids for links within the page), paragraphs, bullet and
numbered lists, tables, fenced and indented code, and inline `code`, **bold**,
*emphasis* and [links](url). Everything else is shown as the text it is. All text is escaped."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_HEADING = re.compile(r"^(#{1,4}) (.*)$")
_BULLET = re.compile(r"^[-*] (.*)$")
_NUMBERED = re.compile(r"^\d+\. (.*)$")
_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])"
                     r"|\[([^\]]+)\]\(([^)\s]+)\)")
_HEADING_CLASSES = {1: "govuk-heading-l", 2: "govuk-heading-m", 3: "govuk-heading-s",
                    4: "govuk-heading-s"}


def slug(text: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    words = re.sub(r"[^\w\- ]", "", text.replace("`", "").lower())
    return words.replace(" ", "-")


def inline(text: str) -> Markup:
    out, end = [], 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[end:match.start()]))
        code, bold, emphasis, label, href = match.groups()
        if code is not None:
            out.append(Markup("<code>%s</code>") % code)
        elif bold is not None:
            out.append(Markup("<strong>%s</strong>") % inline(bold))
        elif emphasis is not None:
            out.append(Markup("<em>%s</em>") % inline(emphasis))
        else:
            out.append(Markup('<a class="govuk-link" href="%s">%s</a>') % (href, inline(label)))
        end = match.end()
    out.append(escape(text[end:]))
    return Markup("").join(out)


def _table(rows: list[str]) -> Markup:
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    head, body = cells[0], cells[2:]
    th = Markup("").join(Markup('<th scope="col" class="govuk-table__header">%s</th>')
                         % inline(c) for c in head)
    trs = Markup("").join(
        Markup('<tr class="govuk-table__row">%s</tr>') % Markup("").join(
            Markup('<td class="govuk-table__cell">%s</td>') % inline(c) for c in row)
        for row in body)
    return Markup('<div class="app-table-scroll" tabindex="0" role="region" aria-label="Table">'
                  '<table class="govuk-table"><thead class="govuk-table__head">'
                  '<tr class="govuk-table__row">%s</tr></thead>'
                  '<tbody class="govuk-table__body">%s</tbody></table></div>') % (th, trs)


def _list(items: list[str], numbered: bool) -> Markup:
    tag, kind = ("ol", "number") if numbered else ("ul", "bullet")
    lis = Markup("").join(Markup("<li>%s</li>") % inline(item) for item in items)
    return Markup('<%s class="govuk-list govuk-list--%s">%s</%s>') % (tag, kind, lis, tag)


def _code(lines: list[str]) -> Markup:
    # A region of its own that scrolls sideways and takes focus: a long line of code
    # does not widen the page (WCAG 1.4.10 reflow).
    return Markup('<pre class="app-doc-code app-table-scroll" tabindex="0" role="region"'
                  ' aria-label="Example"><code>%s</code></pre>') % "\n".join(lines)


def _take_list(lines: list[str], i: int, pattern: re.Pattern) -> tuple[list[str], int]:
    """List items from line i: each item with its indented continuation lines."""
    items: list[str] = []
    while i < len(lines):
        match = pattern.match(lines[i])
        if match:
            items.append(match.group(1))
        elif lines[i].startswith("  ") and lines[i].strip() and items:
            items[-1] += " " + lines[i].strip()
        else:
            break
        i += 1
    return items, i


def _block(lines: list[str], i: int) -> tuple[Markup, int]:
    """The HTML of the block starting at line i, and the line after it."""
    line = lines[i]
    if line.startswith("```"):
        end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")),
                   len(lines))
        return _code(lines[i + 1:end]), end + 1
    if line.startswith("    "):
        end = i
        while end < len(lines) and (lines[end].startswith("    ") or not lines[end].strip()):
            end += 1
        return _code([text[4:] for text in lines[i:end]]), end
    heading = _HEADING.match(line)
    if heading:
        level, text = len(heading.group(1)), heading.group(2)
        return (Markup('<h%d class="%s" id="%s">%s</h%d>')
                % (level, _HEADING_CLASSES[level], slug(text), inline(text), level)), i + 1
    if line.startswith("|"):
        end = i
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        return _table(lines[i:end]), end
    for pattern, numbered in ((_BULLET, False), (_NUMBERED, True)):
        if pattern.match(line):
            items, end = _take_list(lines, i, pattern)
            return _list(items, numbered), end
    end = i
    while end < len(lines) and lines[end].strip() and not _starts_block(lines[end]):
        end += 1
    end = max(end, i + 1)
    text = " ".join(part.strip() for part in lines[i:end])
    return Markup('<p class="govuk-body">%s</p>') % inline(text), end


def _starts_block(line: str) -> bool:
    return bool(line.startswith(("```", "|", "    ")) or _HEADING.match(line)
                or _BULLET.match(line) or _NUMBERED.match(line))


def to_html(text: str) -> Markup:
    lines = text.splitlines()
    out: list[Markup] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        html, i = _block(lines, i)
        out.append(html)
    return _number_regions(Markup("\n").join(out))


def _number_regions(html: Markup) -> Markup:
    """Each scrolling region its own name ("Example 3", "Table 2"): landmarks of one page
    are told apart by their labels. (Text of the document is escaped, so only the
    regions' own attributes match.)"""
    counts: dict[str, int] = {}

    def numbered(match: re.Match) -> str:
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
        return f'aria-label="{match.group(1)} {counts[match.group(1)]}"'

    return Markup(re.sub(r'aria-label="(Table|Example)"', numbered, str(html)))
