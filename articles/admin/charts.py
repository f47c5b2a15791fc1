"""The desk's charts as server-side SVG: no script, no network, no third-party code, and laid out
for the reading direction (in right-to-left, labels sit on the right, bars grow leftwards and time
runs from right to left). Colours come from the admin's CSS variables (desk.css)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 460
ROW = 24
LABEL_WIDTH = 170


def _text(x, y, content, *, rtl, css="chart-text", anchor="start"):
    direction = "rtl" if rtl else "ltr"
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" direction="{direction}" text-anchor="{anchor}">'
        f"{escape(content)}</text>"
    )


def bars(rows: list[tuple[str, int]], *, title: str, rtl: bool, empty: str) -> SafeString:
    """Horizontal bars, one row per (label, value), the largest value the longest bar."""
    if not rows:
        return mark_safe(f'<p class="chart-empty">{escape(empty)}</p>')
    height = ROW * len(rows) + 8
    largest = max(value for _label, value in rows) or 1
    room = WIDTH - LABEL_WIDTH - 40
    parts = []
    for index, (label, value) in enumerate(rows):
        y = 4 + index * ROW
        length = max(2.0, room * value / largest)
        shown = label if len(label) <= 24 else label[:23] + "…"
        if rtl:
            parts.append(_text(WIDTH - 4, y + 16, shown, rtl=True))
            bar_x, value_x = WIDTH - LABEL_WIDTH - length, WIDTH - LABEL_WIDTH - length - 4
        else:
            parts.append(_text(4, y + 16, shown, rtl=False))
            bar_x, value_x = LABEL_WIDTH, LABEL_WIDTH + length + 4
        parts.append(
            f'<rect x="{bar_x:.1f}" y="{y + 4}" width="{length:.1f}" height="{ROW - 8}" class="chart-bar">'
            f"<title>{escape(label)}: {value}</title></rect>"
        )
        parts.append(_text(value_x, y + 16, str(value), rtl=rtl, css="chart-value"))
    return _svg(title, height, parts)


def columns(days: list[tuple[str, int]], *, title: str, rtl: bool, top_label: str) -> SafeString:
    """One column per day, oldest to newest in the reading direction; dates under the first,
    middle and last columns, the largest count at the top."""
    height, top, bottom = 190, 18, 150
    largest = max((value for _day, value in days), default=0)
    scale = (bottom - top) / (largest or 1)
    step = (WIDTH - 20) / max(len(days), 1)
    parts = [f'<line x1="10" y1="{bottom}" x2="{WIDTH - 10}" y2="{bottom}" class="chart-axis"/>']
    for index, (day, value) in enumerate(days):
        position = len(days) - 1 - index if rtl else index
        x = 10 + position * step
        column = value * scale
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{bottom - column:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{column:.1f}" class="chart-bar"><title>{escape(day)}: {value}</title></rect>'
        )
        if index in (0, len(days) // 2, len(days) - 1):
            # The dates at the two ends align with the chart's edges, so that they are not cut off.
            at_left, at_right = position == 0, position == len(days) - 1
            anchor = "start" if at_left else "end" if at_right else "middle"
            label_x = x if at_left else x + step if at_right else x + step / 2
            parts.append(_text(label_x, bottom + 16, day, rtl=False, css="chart-axis-label", anchor=anchor))
    parts.append(_text(WIDTH - 10 if rtl else 10, top - 4, top_label % {"n": largest}, rtl=rtl, css="chart-axis-label"))
    return _svg(title, height, parts)


def _svg(title: str, height: int, parts: list[str]) -> SafeString:
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )
