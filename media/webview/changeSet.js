// The change-set view: renders the change set the extension posts (a table of changes with
// Replacement, each changed property's before/after and why) and sends back the buttons pressed.
// The DOM is built with textContent only: nothing from AWS is ever read as HTML.
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById("root");

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (k === "disabled") node.disabled = !!v;
      else node.setAttribute(k, v);
    }
    for (const child of children) if (child != null && child !== false) node.append(child);
    return node;
  }

  function button(label, command, options) {
    return el(
      "button",
      {
        class: options && options.secondary ? "secondary" : "",
        disabled: options && options.disabled,
        onclick: () => vscode.postMessage({ command }),
        "data-command": command,
      },
      label,
    );
  }

  const ACTION_SIGN = { Add: "+", Modify: "~", Remove: "−", Import: "⇣", Dynamic: "?" };
  const RECREATION = { always: "replaces", sometimes: "may replace", never: "in place", "": "" };

  function summary(view) {
    const c = view.counts;
    const chips = el("div", { class: "chips" });
    const chip = (cls, text) => chips.append(el("span", { class: `chip ${cls}` }, text));
    if (c.add) chip("add", `+${c.add} to add`);
    if (c.modify) chip("modify", `~${c.modify} to modify`);
    if (c.remove) chip("remove", `−${c.remove} to remove`);
    const replaced = view.rows.filter((r) => r.replacement === "True").length;
    const maybe = view.rows.filter((r) => r.replacement === "Conditional").length;
    if (replaced) chip("repl-True", `${replaced} replaced`);
    if (maybe) chip("repl-Conditional", `${maybe} may be replaced`);
    return chips;
  }

  function propertyTable(row) {
    const table = el(
      "table",
      { class: "props" },
      el(
        "thead",
        {},
        el("tr", {}, ...["Property", "Before", "After", "Replaces?", "Why"].map((h) => el("th", {}, h))),
      ),
    );
    const body = el("tbody");
    for (const p of row.properties) {
      body.append(
        el(
          "tr",
          {},
          el("td", { class: "mono name" }, p.name),
          el("td", { class: "mono before" }, p.before === undefined ? "—" : p.before),
          el("td", { class: "mono after" }, p.after === undefined ? "—" : p.after),
          el("td", { class: `rec rec-${p.recreation}` }, RECREATION[p.recreation] || ""),
          el("td", {}, p.why),
        ),
      );
    }
    table.append(body);
    return table;
  }

  function changesTable(view) {
    const table = el(
      "table",
      { class: "changes" },
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          ...["Action", "Logical ID", "Type", "Physical ID", "Replacement"].map((h) => el("th", {}, h)),
        ),
      ),
    );
    const body = el("tbody");
    for (const row of view.rows) {
      body.append(
        el(
          "tr",
          { class: `change action-${row.action}`, "data-logical-id": row.logicalId },
          el("td", { class: "action" }, `${ACTION_SIGN[row.action] || ""} ${row.action}`),
          el("td", { class: "mono strong nowrap" }, row.logicalId),
          el("td", { class: "mono nowrap" }, row.type),
          el("td", { class: "mono physical" }, row.physicalId || ""),
          el(
            "td",
            { class: `replacement repl-${row.replacement || "none"}` },
            row.replacement === "Conditional" ? "Conditional" : row.replacement,
          ),
        ),
      );
      if (row.properties.length > 0)
        body.append(el("tr", { class: "detail" }, el("td", { colspan: "5" }, propertyTable(row))));
    }
    table.append(body);
    return table;
  }

  function render(message) {
    const view = message.view;
    root.replaceChildren();
    if (!view) {
      root.append(el("p", { class: "note" }, message.note || "Reading the change set…"));
      return;
    }
    root.append(
      el("h1", {}, `Change set ${view.name}`),
      el(
        "div",
        { class: "sub" },
        `Stack ${view.stackName} · ${view.state}${view.created ? ` · created ${new Date(view.created).toLocaleString()}` : ""}`,
      ),
    );
    if (view.description) root.append(el("div", { class: "sub" }, view.description));
    const executable = view.canExecute && !message.executed;
    const toolbar = el(
      "div",
      { class: "toolbar" },
      message.executed
        ? button("Show Timeline", "timeline")
        : button("Execute", "execute", { disabled: !executable }),
      message.executed
        ? button("Show Events", "events", { secondary: true })
        : button("Delete Change Set", "delete", {
            secondary: true,
            disabled: view.executionStatus === "EXECUTE_IN_PROGRESS",
          }),
      button("View Template Diff", "diff", { secondary: true }),
    );
    root.append(toolbar);
    if (message.note) root.append(el("div", { class: "banner info" }, message.note));
    if (view.creating)
      root.append(el("div", { class: "banner info" }, "CloudFormation is computing the changes…"));
    if (view.noChanges)
      root.append(
        el(
          "div",
          { class: "banner info", id: "no-changes" },
          "No changes: the stack already matches this template and these parameters.",
        ),
      );
    if (view.failed)
      root.append(
        el("div", { class: "banner error" }, `The change set failed: ${view.statusReason || view.status}`),
      );
    if (view.rows.length > 0) {
      root.append(summary(view), changesTable(view));
    } else if (!view.creating && !view.noChanges && !view.failed) {
      root.append(
        el("p", { class: "note" }, "This change set changes no resource (only parameters, tags or outputs)."),
      );
    }
    const extra = el("details", {}, el("summary", {}, "Parameters and capabilities"));
    const params = el("table", { class: "params" });
    for (const p of view.parameters)
      params.append(el("tr", {}, el("td", { class: "mono" }, p.key), el("td", { class: "mono" }, p.value)));
    extra.append(
      params,
      el("p", {}, `Capabilities: ${view.capabilities.length ? view.capabilities.join(", ") : "none"}`),
    );
    root.append(extra);
  }

  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "changeSet") render(event.data);
  });
  vscode.postMessage({ command: "ready" });
})();
