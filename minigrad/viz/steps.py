"""Backprop step by step: one picture per step of the backward pass, and a page
that flips through them with the arrow keys.

The steps come from `flow.gradient_flow`, which runs each op's backward in
the engine's order without touching `.grad` or freeing anything, so the
user's graph is exactly as it was (see flow.py for why this beats running
the real backward with retain_graph=True).
"""

from __future__ import annotations

import html
import json
import os
import textwrap
import warnings
from pathlib import Path
from typing import Any

from ..languages import check_lang
from .dot import digraph, dot_lines, dot_text
from .explain import Namer, walk
from .flow import gradient_flow
from .messages import say
from .picture import check_options
from .render import INSTALL_HINT, find_dot, save
from .style import DrawOptions, prepare, style

MAX_STEPS = 200  # a frame per op: beyond this, mg.explain(loss) is the better view


def backprop_steps(
    loss: Any,
    out_dir: str | os.PathLike[str],
    format: str = "svg",  # noqa: A002  (the name users expect)
    max_steps: int = MAX_STEPS,
    lang: str = "en",
    **options: Any,
) -> list[Path]:
    """Write one picture per backward step of `loss` into `out_dir`, plus `index.html`.

    Frame k highlights the op the engine processes at step k (orange), the
    gradient it receives and the gradient it hands to each input; every
    edge a gradient has crossed so far is labelled with it, signed (as in
    draw_graph's backward view), earlier ops are green, and edges no
    gradient has crossed yet are dotted. `index.html` steps through the frames with the arrow keys
    and needs no network. `format` is 'svg', 'png' or 'pdf'; the other
    keyword arguments are draw_graph's (show_data, names, module, ...).
    `lang="ko"` writes the page, its captions (mg.explain's text) and the
    words in the frames in Korean; formulas, names and numbers stay as they are.

    Returns the frame paths in step order. Without the Graphviz program the
    frames are written as .dot text (and the page shows that text), with a
    warning that says how to install Graphviz.
    """
    check_lang(lang, "backprop_steps")
    check_options(options, "backprop_steps")
    if format not in ("svg", "png", "pdf"):
        raise ValueError(f"backprop_steps: format must be 'svg', 'png' or 'pdf', got {format!r}")
    options.setdefault("max_nodes", None)  # frames must show every node the steps name
    opts = DrawOptions(**options)
    tensors, graph = prepare((loss,), opts, "backprop_steps")
    flow = gradient_flow(tensors, "backprop_steps")
    total = len(flow.steps)
    if total == 0:
        raise ValueError(
            "backprop_steps: the tensor has no backward pass to show: it was not computed from "
            "tensors that require grad (create them with requires_grad=True)"
        )
    if total > max_steps:
        raise ValueError(
            f"backprop_steps: the backward pass has {total} steps, more than max_steps="
            f"{max_steps}; pass a larger max_steps, or use mg.explain(loss) for big graphs"
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    have_dot = find_dot() is not None
    if not have_dot:
        warnings.warn(
            f"backprop_steps: the Graphviz program `dot` was not found, so the frames in {out} "
            f"are DOT text (.dot) instead of pictures. {INSTALL_HINT}",
            RuntimeWarning,
            stacklevel=2,
        )
    from .graph import resolve_names

    namer = Namer(flow, resolve_names(opts.names, opts.module), lang)
    captions, _ = walk(flow, namer)  # mg.explain's text of each step: the chain rule
    paths, frames = [], []
    for k, caption in enumerate(captions):
        picture = style(graph, opts, flow, step=k, lang=lang)
        # the op and its derivatives as the title, in lines of at most 60 characters:
        # a long formula must not widen the picture
        heading = [part for line in caption[:2] for part in textwrap.wrap(line.strip(), 60)]
        picture.title = heading + picture.title
        lines = dot_lines(picture)
        suffix = format if have_dot else "dot"
        path = save(digraph(lines), out / f"step_{k + 1:03d}.{suffix}")
        paths.append(path)
        frame = {"file": path.name, "caption": "\n".join(caption)}
        if not have_dot:
            frame["text"] = dot_text(lines)
        frames.append(frame)
    write_index(out / "index.html", frames, have_dot, lang)
    return paths


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML <script> element, whatever strings it holds.

    Inside <script>, `</script>` ends the element and `<!--` can switch the HTML
    parser into a mode where even the real `</script>` does not, so no `<` (or
    `>`, `&`) may appear as it is. JSON's \\u escapes mean the same to JavaScript;
    json.dumps already writes everything beyond ASCII (U+2028 included) that way.
    """
    text = json.dumps(value, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def write_index(
    path: Path, frames: list[dict[str, str]], pictures: bool, lang: str = "en"
) -> Path:
    """A self-contained page: the frames in order, arrow keys to move, no network needed.
    Its own words are in `lang` (see messages.py)."""
    data = script_json(frames)
    links = "\n".join(
        f'  <li><a href="{html.escape(f["file"])}">'
        f"{html.escape(f['caption'].splitlines()[0])}</a></li>"
        for f in frames
    )
    hint = INSTALL_HINT if lang == "en" else say(lang, "install_hint")
    viewer = (
        f'<img id="frame" alt="{html.escape(say(lang, "frame_alt"))}">'
        if pictures
        else f'<p>{say(lang, "no_dot")}{html.escape(hint)}</p>\n<pre id="frame"></pre>'
    )
    page = PAGE.format(
        lang=lang,
        title=html.escape(say(lang, "page_title")),
        intro=html.escape(say(lang, "page_intro", count=len(frames))),
        previous=html.escape(say(lang, "previous")),
        next=html.escape(say(lang, "next")),
        all_steps=html.escape(say(lang, "all_steps")),
        counter=script_json(say(lang, "counter", k="{k}", n="{n}")),
        viewer=viewer,
        links=links,
        data=data,
        pictures="true" if pictures else "false",
    )
    path.write_text(page, encoding="utf-8")
    return path


PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
 body {{ font-family: sans-serif; margin: 1em 2em; }}
 #caption {{ background: #f6f6f6; padding: 0.6em; white-space: pre-wrap; }}
 #frame {{ max-width: 100%; border: 1px solid #ddd; }}
 button {{ font-size: 1em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{intro}</p>
<p><button id="prev">&larr; {previous}</button> <span id="counter"></span>
<button id="next">{next} &rarr;</button></p>
<pre id="caption"></pre>
{viewer}
<h2>{all_steps}</h2>
<ol>
{links}
</ol>
<script>
const frames = {data};
const pictures = {pictures};
const counter = {counter};  // the counter's words: show() fills in {{k}} and {{n}}
let current = 0;
function show(k) {{
  current = Math.max(0, Math.min(frames.length - 1, k));
  const f = frames[current];
  document.getElementById("caption").textContent = f.caption;
  document.getElementById("counter").textContent =
    counter.replace("{{k}}", current + 1).replace("{{n}}", frames.length);
  const view = document.getElementById("frame");
  if (pictures) {{ view.src = f.file; }} else {{ view.textContent = f.text; }}
}}
document.getElementById("prev").onclick = () => show(current - 1);
document.getElementById("next").onclick = () => show(current + 1);
document.addEventListener("keydown", (e) => {{
  if (e.key === "ArrowLeft") show(current - 1);
  else if (e.key === "ArrowRight") show(current + 1);
  else if (e.key === "Home") show(0);
  else if (e.key === "End") show(frames.length - 1);
  else return;
  e.preventDefault();  // the key moved a step: it must not also scroll the page
}});
show(0);
</script>
</body>
</html>
"""
