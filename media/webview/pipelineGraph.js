// The pipeline graph: renders the data the extension posts, sends back what the user clicks.
// @ts-check
(function () {
  const vscode = acquireVsCodeApi();
  const root = document.getElementById("root");

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

  function send(command, stage, action) {
    vscode.postMessage({ command, stage, action });
  }

  function render(graph) {
    root.replaceChildren();
    root.append(
      el("h1", {}, graph.pipeline),
      el(
        "div",
        { class: "sub" },
        `${graph.pipelineType || ""}${graph.waitingApprovals ? ` · ${graph.waitingApprovals} approval(s) waiting` : ""}`,
      ),
    );
    graph.stages.forEach((stage, index) => {
      if (index > 0) {
        root.append(
          el(
            "div",
            { class: `transition${stage.transitionEnabled ? "" : " disabled"}` },
            el("span", { class: "arrow" }, "↓"),
            stage.transitionEnabled
              ? ""
              : `Transition disabled${stage.disabledReason ? `: ${stage.disabledReason}` : ""}`,
            el(
              "button",
              {
                class: "secondary",
                title: "Enable or disable the transition into this stage",
                onclick: () => send("toggleTransition", stage.name),
              },
              stage.transitionEnabled ? "Disable transition" : "Enable transition",
            ),
          ),
        );
      }
      const actions = el("div", { class: "actions" });
      for (const action of stage.actions) {
        actions.append(
          el(
            "div",
            { class: `action s-${action.status}`, "data-action": action.name },
            el("div", { class: "title" }, action.name),
            el("div", { class: "meta" }, `${action.provider} · ${action.word}`),
            action.summary ? el("div", { class: "summary" }, action.summary) : null,
            action.error ? el("div", { class: "error" }, action.error) : null,
            action.approval
              ? el("button", { onclick: () => send("approve", stage.name, action.name) }, "Review…")
              : null,
            action.codebuild
              ? el(
                  "button",
                  { class: "secondary", onclick: () => send("showLog", stage.name, action.name) },
                  "Show log",
                )
              : null,
          ),
        );
      }
      root.append(
        el(
          "section",
          { class: `stage s-${stage.status}${stage.current ? " current" : ""}`, "data-stage": stage.name },
          el(
            "header",
            {},
            el("span", { class: "name" }, stage.name),
            el("span", { class: "badge" }, stage.word),
            stage.current ? el("span", { class: "sub" }, "◀ current") : null,
            stage.retryable ? el("button", { onclick: () => send("retry", stage.name) }, "Retry") : null,
          ),
          actions,
        ),
      );
    });
  }

  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "graph") {
      vscode.setState(event.data.graph);
      render(event.data.graph);
    }
  });
  const saved = vscode.getState();
  if (saved) render(saved);
  vscode.postMessage({ command: "ready" });
})();
