// An alarm's details: renders what the extension posts (text and numbers only), draws the metric
// chart as SVG built element by element, and sends back the buttons the user clicks.
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById("root");
  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const child of children) if (child != null) node.append(child);
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text != null) node.textContent = text;
    return node;
  }

  const time = (t) => new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const dateTime = (t) => new Date(t).toLocaleString();
  const num = (v) => String(Math.round(v * 1000) / 1000);

  const W = 760;
  const H = 280;
  const M = { left: 60, right: 20, top: 20, bottom: 30 };

  function chart(c) {
    const plotW = W - M.left - M.right;
    const plotH = H - M.top - M.bottom;
    const x = (t) => M.left + ((t - c.start) / (c.end - c.start)) * plotW;
    const y = (v) => M.top + (1 - (v - c.yMin) / (c.yMax - c.yMin)) * plotH;
    const box = svg("svg", {
      viewBox: `0 0 ${W} ${H}`,
      class: "chart",
      role: "img",
      "aria-label": `${c.label} over time`,
    });
    for (const v of c.yTicks) {
      box.append(svg("line", { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: "grid" }));
      box.append(svg("text", { x: M.left - 6, y: y(v) + 4, class: "axis", "text-anchor": "end" }, num(v)));
    }
    for (const t of c.xTicks) {
      box.append(svg("line", { x1: x(t), x2: x(t), y1: M.top, y2: H - M.bottom, class: "grid" }));
      box.append(
        svg("text", { x: x(t), y: H - M.bottom + 18, class: "axis", "text-anchor": "middle" }, time(t)),
      );
    }
    // Time in ALARM (or without data) is shaded; each change is a tick at the top.
    for (const b of c.bands) {
      const band = svg("rect", {
        x: x(b.start),
        y: M.top,
        width: Math.max(1, x(b.end) - x(b.start)),
        height: plotH,
        class: `band s-${b.state}`,
      });
      band.append(svg("title", {}, `${b.state} ${dateTime(b.start)} – ${dateTime(b.end)}`));
      box.append(band);
    }
    for (const m of c.markers) {
      const tick = svg("path", {
        d: `M${x(m.t) - 4},${M.top - 8} L${x(m.t) + 4},${M.top - 8} L${x(m.t)},${M.top} Z`,
        class: `marker s-${m.to}`,
      });
      tick.append(svg("title", {}, `${dateTime(m.t)}: ${m.label}`));
      box.append(tick);
    }
    if (c.threshold !== undefined) {
      box.append(
        svg("line", {
          x1: M.left,
          x2: W - M.right,
          y1: y(c.threshold),
          y2: y(c.threshold),
          class: "threshold",
        }),
      );
    }
    if (c.points.length > 0) {
      const d = c.points
        .map((p, i) => `${i === 0 ? "M" : "L"}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`)
        .join(" ");
      box.append(svg("path", { d, class: "series" }));
      if (c.points.length <= 120) {
        for (const p of c.points) {
          const dot = svg("circle", { cx: x(p.t), cy: y(p.v), r: 2.5, class: "point" });
          dot.append(svg("title", {}, `${dateTime(p.t)}: ${num(p.v)}`));
          box.append(dot);
        }
      }
    } else {
      box.append(
        svg(
          "text",
          { x: M.left + plotW / 2, y: M.top + plotH / 2, class: "empty", "text-anchor": "middle" },
          "No data in this time range",
        ),
      );
    }
    if (c.threshold !== undefined) {
      // Last, over the line, with a halo: readable wherever the data is.
      box.append(
        svg(
          "text",
          { x: M.left + 6, y: y(c.threshold) - 6, class: "threshold-label", "text-anchor": "start" },
          `threshold ${c.comparison} ${num(c.threshold)}`,
        ),
      );
    }
    box.append(svg("rect", { x: M.left, y: M.top, width: plotW, height: plotH, class: "frame" }));
    return el(
      "section",
      { class: "chart-box" },
      el("h2", {}, `${c.label} · last ${Math.round((c.end - c.start) / 3600000)} h`),
      box,
      el(
        "div",
        { class: "legend" },
        el("span", { class: "key series-key" }, "metric"),
        c.threshold !== undefined ? el("span", { class: "key threshold-key" }, "threshold") : null,
        el("span", { class: "key alarm-key" }, "in ALARM"),
        el("span", { class: "key insufficient-key" }, "insufficient data"),
        el(
          "span",
          { class: "key change-key" },
          `${c.markers.length} state change${c.markers.length === 1 ? "" : "s"}`,
        ),
      ),
    );
  }

  function render(d) {
    root.replaceChildren();
    root.append(
      el(
        "header",
        {},
        el("h1", {}, d.name),
        el("span", { class: `badge s-${d.state}` }, d.state),
        el("button", { onclick: () => vscode.postMessage({ command: "refresh" }) }, "Refresh"),
        el(
          "button",
          { class: "secondary", onclick: () => vscode.postMessage({ command: "openInConsole" }) },
          "Open in Console",
        ),
      ),
    );
    if (d.description) root.append(el("p", { class: "description" }, d.description));
    if (d.reason)
      root.append(
        el("p", { class: "reason" }, `${d.changed ? `Since ${dateTime(d.changed)}: ` : ""}${d.reason}`),
      );
    if (d.problem) root.append(el("p", { class: "problem" }, d.problem));
    if (d.condition) root.append(el("p", { class: "condition" }, el("code", {}, d.condition)));
    if (d.facts.length) {
      const table = el("table", { class: "facts" });
      for (const f of d.facts) table.append(el("tr", {}, el("th", {}, f.label), el("td", {}, f.value)));
      root.append(table);
    }
    if (d.chart) root.append(chart(d.chart));
    if (d.children) {
      const list = el("ul", { class: "children" });
      for (const c of d.children)
        list.append(
          el("li", {}, el("span", { class: `badge s-${c.state || "unknown"}` }, c.state || "?"), " ", c.name),
        );
      root.append(el("h2", {}, "Alarms in the rule"), list);
    }
    root.append(el("h2", {}, "History (last 24 h)"));
    if (d.history.length === 0)
      root.append(el("p", { class: "description" }, "Nothing happened in the last 24 hours."));
    else {
      const table = el("table", { class: "history" });
      table.append(el("tr", {}, el("th", {}, "When"), el("th", {}, "Type"), el("th", {}, "What")));
      for (const h of d.history)
        table.append(
          el("tr", {}, el("td", {}, dateTime(h.t)), el("td", {}, h.type), el("td", {}, h.summary)),
        );
      root.append(table);
    }
  }

  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "details") {
      vscode.setState(event.data.details);
      render(event.data.details);
    }
  });
  const saved = vscode.getState();
  if (saved) render(saved);
  vscode.postMessage({ command: "ready" });
})();
