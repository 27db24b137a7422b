"""Chinese text in a dropdown, a toast or any overlay keeps every character (Textual issue #6357).

Textual's compositor paints a screen line in "chops" between the edges of every widget on that
line, and cuts each widget's line at all of those edges. An overlay (a Select's list, a toast)
above other widgets is cut at their edges too, and a double-width character standing across
such an edge is turned into two spaces: `小型全连接网络` painted as `小型全  接网络`.

Only the edges where what shows changes need a cut. This paints each widget's line as the
compositor does, but cuts it only where it meets a part of the line already painted by a widget
in front of it; a run of parts it paints itself stays whole (the parts after the first hold an
empty strip, so no widget behind paints there). The screen shows what it showed before, except
that no character is split where nothing covers it.
"""

from __future__ import annotations

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

_EMPTY = Strip([])


def _render_chops(self, crop: Region, is_rendered_line):
    cuts = self.cuts
    chops = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    intersection = Region.intersection
    for region, clip, strips in self._get_renders(crop):
        render_region = intersection(region, clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips):
            if not is_rendered_line(y):
                continue
            chops_line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            free = [chops_line.get(cut) is None for cut in final_cuts]
            # Keep a cut where a painted part begins or ends, and the widget's own end (the strip
            # is divided up to it); drop the cuts inside a run of free parts.
            last = len(final_cuts) - 1
            kept = [0] + [index for index in range(1, last) if not (free[index] and free[index - 1])] + [last]
            pieces = strip.divide([final_cuts[index] - render_x for index in kept[1:]])
            for number, (index, piece) in enumerate(zip(kept, pieces)):
                if not free[index]:
                    continue  # a widget in front painted this part
                chops_line[final_cuts[index]] = piece
                end = kept[number + 1] if number + 1 < len(kept) else len(final_cuts)
                for inside in range(index + 1, end):
                    chops_line[final_cuts[inside]] = _EMPTY  # covered by the piece just placed
    return chops


def install() -> None:
    """Use this painting in every compositor (once; a Textual without `_render_chops` is left alone)."""
    if getattr(Compositor, "_render_chops", None) is not None and not getattr(Compositor, "_wide_safe", False):
        Compositor._render_chops = _render_chops
        Compositor._wide_safe = True
