// The stack operation as a timeline: one row per resource, its spans in progress on a time axis
// (live while the operation runs), the slowest resources and the first failure marked. Built
// with textContent only.
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById("root");
  let latest = null;
  let receivedAt = 0;
  let ticker = undefined;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k === "style") node.setAttribute("data-style", v);
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const child of children) if (child != null && child !== false) node.append(child);
    return node;
  }

  function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    const m = Math.floor(s / 60);
    return m > 0 ? `${m}m ${s % 60}s` : `${s}s`;
  }

  function step(length) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);
    return steps.find((s) => length / s <= 8) || 7200000;
  }

  /** Positions an element on the axis (CSSOM, allowed by the CSP: no inline style attribute). */
  function place(node, left, width) {
    node.style.left = `${left}%`;
    node.style.width = `${width}%`;
    return node;
  }

  function render() {
    root.replaceChildren();
    const message = latest;
    if (!message) return;
    const t = message.timeline;
    if (!t) {
      root.append(el("h1", {}, message.stack), el("p", { class: "note" }, "No operation of this stack yet."));
      return;
    }
    const elapsed = t.running ? Date.now() - receivedAt : 0;
    const length = t.length + elapsed;
    root.append(
      el("h1", {}, `${t.stackName}: ${t.status.toLowerCase().replace(/_/g, " ")}`),
      el(
        "div",
        { class: "sub" },
        `Started ${new Date(t.startedAt).toLocaleString()} · ${t.running ? `running for ${duration(length)}` : `took ${duration(length)}`} · ${t.rows.length} resources`,
        el(
          "button",
          { class: "secondary", onclick: () => vscode.postMessage({ command: "events" }) },
          "Show Events",
        ),
      ),
    );
    if (t.firstFailure)
      root.append(
        el(
          "div",
          { class: "banner error", id: "first-failure" },
          `First failure — ${t.firstFailure.logicalId}: ${t.firstFailure.reason}`,
        ),
      );
    if (t.slowest.length)
      root.append(
        el(
          "div",
          { class: "sub" },
          `Slowest: ${t.slowest
            .map((id) => {
              const row = t.rows.find((r) => r.logicalId === id);
              return `${id} (${duration(row ? row.longest + (row.running ? elapsed : 0) : 0)})`;
            })
            .join(", ")}`,
        ),
      );
    const grid = el("div", { class: "grid" });
    const axis = el("div", { class: "track axis" });
    const every = step(length);
    for (let at = 0; at <= length; at += every)
      axis.append(place(el("span", { class: "tick" }, duration(at)), (at / length) * 100, 0));
    grid.append(el("div", { class: "label" }), axis);
    for (const row of t.rows) {
      const slow = t.slowest.includes(row.logicalId);
      grid.append(
        el(
          "div",
          { class: `label${row.failed ? " failed" : ""}`, title: row.type },
          el("span", { class: "id" }, row.logicalId),
          slow ? el("span", { class: "slow" }, " slowest") : null,
          el("div", { class: "type" }, row.type),
        ),
      );
      const track = el("div", { class: "track", "data-logical-id": row.logicalId });
      for (const span of row.spans) {
        const end = span.end === undefined ? length : span.end;
        const bar = el(
          "div",
          {
            class: `bar phase-${span.phase}${span.failed ? " failed" : ""}${span.end === undefined ? " running" : ""}`,
            title: `${span.phase}: ${span.status} · ${duration(end - span.start)}${span.reason ? `\n${span.reason}` : ""}`,
          },
          el("span", { class: "bar-text" }, duration(end - span.start)),
        );
        track.append(
          place(bar, (span.start / length) * 100, Math.max(0.4, ((end - span.start) / length) * 100)),
        );
      }
      grid.append(track);
    }
    root.append(grid);
    const legend = el("div", { class: "legend" });
    for (const phase of ["create", "update", "delete", "rollback", "cleanup"])
      legend.append(el("span", { class: `swatch phase-${phase}` }), el("span", {}, phase));
    legend.append(el("span", { class: "swatch failed" }), el("span", {}, "failed"));
    root.append(legend);
  }

  window.addEventListener("message", (event) => {
    if (!event.data || event.data.type !== "timeline") return;
    latest = event.data;
    receivedAt = Date.now();
    render();
    const running = !!(latest.timeline && latest.timeline.running);
    if (running && ticker === undefined) ticker = setInterval(render, 1000);
    if (!running && ticker !== undefined) {
      clearInterval(ticker);
      ticker = undefined;
    }
  });
  vscode.postMessage({ command: "ready" });
})();
