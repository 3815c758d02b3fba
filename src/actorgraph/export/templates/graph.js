/* actorgraph page behaviour: draw, search, filter by type, show a node's evidence.
 * Every string from the graph is untrusted: it is shown with textContent or as a
 * text-only tooltip element, never through innerHTML. */
(function () {
  "use strict";

  const startedAt = performance.now();
  const data = JSON.parse(document.getElementById("ag-data").textContent);
  const nodeById = new Map(data.nodes.map((node) => [node.id, node]));
  const edgesByNode = new Map();
  for (const edge of data.edges) {
    for (const end of new Set([edge.from, edge.to])) {
      if (!edgesByNode.has(end)) edgesByNode.set(end, []);
      edgesByNode.get(end).push(edge);
    }
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  /* vis-network puts a DOM element into its tooltip as is; a text-only element
   * makes the tooltip plain text whatever the vis version does with strings. */
  function tooltip(text) {
    return element("div", "ag-tip", text || "");
  }

  function shorten(text, limit) {
    if (text.length <= limit) return text;
    return Array.from(text).slice(0, limit - 1).join("").trimEnd() + "\u2026";
  }

  /* An edge's hover text, composed here from its fields (the page does not store it twice). */
  function edgeTip(edge) {
    const limit = data.tipChars;
    const name = (id) => shorten(nodeById.has(id) ? nodeById.get(id).name : String(id), limit);
    const lines = [name(edge.from) + " \u2192 " + edge.relationLabel + " \u2192 " + name(edge.to)];
    if (edge.evidence) lines.push("Evidence: \u201c" + shorten(edge.evidence, limit) + "\u201d");
    if (edge.document) lines.push("Source: " + shorten(edge.document, limit));
    for (const fact of edge.facts) lines.push(fact[0] + ": " + shorten(fact[1], limit));
    return lines.join("\n");
  }

  const nodes = new vis.DataSet(data.nodes.map((node) => Object.assign({}, node, { title: tooltip(node.title) })));
  const edges = new vis.DataSet(data.edges.map((edge) => Object.assign({}, edge, { title: tooltip(edgeTip(edge)) })));
  const container = document.getElementById("ag-graph");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.actorgraph = { network: network, nodes: nodes, edges: edges, data: data,
                        startedAt: startedAt, networkAt: performance.now() };

  /* Lay out once, then stop the simulation so large graphs stay responsive. */
  const progress = document.getElementById("ag-progress");
  let settled = false;
  function settle() {
    if (settled) return;
    settled = true;
    window.actorgraph.stabilizedAt = performance.now();  /* read by bench/bench_page.py */
    network.setOptions({ physics: { enabled: false } });
    progress.hidden = true;
    document.body.setAttribute("data-stabilized", "true");
  }
  network.on("stabilizationProgress", (params) => {
    const share = params.total ? Math.round((100 * params.iterations) / params.total) : 100;
    progress.textContent = "Laying out the graph\u2026 " + share + "%";
  });
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  if (data.nodes.length === 0) settle();

  /* Type checkboxes: hide a type's nodes and every edge touching them. */
  const hiddenTypes = new Set();
  const typeBoxes = Array.from(document.querySelectorAll("input[data-type]"));
  function applyFilters() {
    nodes.update(data.nodes.map((node) => ({ id: node.id, hidden: hiddenTypes.has(node.nodeType) })));
    edges.update(data.edges.map((edge) => ({
      id: edge.id,
      hidden: hiddenTypes.has(nodeById.get(edge.from).nodeType) || hiddenTypes.has(nodeById.get(edge.to).nodeType),
    })));
  }
  for (const box of typeBoxes) {
    box.addEventListener("change", () => {
      if (box.checked) hiddenTypes.delete(box.dataset.type);
      else hiddenTypes.add(box.dataset.type);
      applyFilters();
    });
  }
  function reveal(type) {
    if (!hiddenTypes.has(type)) return;
    hiddenTypes.delete(type);
    for (const box of typeBoxes) if (box.dataset.type === type) box.checked = true;
    applyFilters();
  }

  /* Search by label or any alias, case-insensitive: exact, then prefix, then substring. */
  const searchTerms = data.nodes.map((node) => ({
    id: node.id,
    terms: [node.name].concat(node.aliases).map((term) => term.toLowerCase()),
  }));
  function findNodes(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const exact = [], prefix = [], partial = [];
    for (const entry of searchTerms) {
      if (entry.terms.some((term) => term === q)) exact.push(entry.id);
      else if (entry.terms.some((term) => term.startsWith(q))) prefix.push(entry.id);
      else if (entry.terms.some((term) => term.includes(q))) partial.push(entry.id);
    }
    return exact.concat(prefix, partial);
  }
  const names = document.getElementById("ag-names");
  const seen = new Set();
  for (const node of data.nodes) {
    for (const term of [node.name].concat(node.aliases)) {
      if (seen.has(term) || seen.size >= 5000) continue;
      seen.add(term);
      const option = document.createElement("option");
      option.value = term;
      names.appendChild(option);
    }
  }

  function focusNode(id) {
    const node = nodeById.get(id);
    if (!node) return;
    reveal(node.nodeType);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } });
    showPanel(id);
  }

  const searchInput = document.getElementById("ag-search");
  const searchStatus = document.getElementById("ag-search-status");
  let lastQuery = null, matches = [], position = 0;
  document.getElementById("ag-search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = searchInput.value;
    if (query !== lastQuery) {
      lastQuery = query;
      matches = findNodes(query);
      position = 0;
    } else if (matches.length) {
      position = (position + 1) % matches.length;  /* Enter again: next match */
    }
    if (!matches.length) {
      searchStatus.textContent = query.trim() ? "no match" : "";
      return;
    }
    searchStatus.textContent = matches.length > 1 ? (position + 1) + " of " + matches.length : "found";
    focusNode(matches[position]);
  });
  window.actorgraph.findNodes = findNodes;
  window.actorgraph.focusNode = focusNode;

  /* Side panel: the clicked node and the evidence of each of its edges. */
  const panel = document.getElementById("ag-panel");
  const panelBody = document.getElementById("ag-panel-body");
  const swatches = new Map(typeBoxes.map((box) => [box.dataset.type, box.nextElementSibling]));

  function listSection(parent, caption, items) {
    if (!items.length) return;
    parent.appendChild(element("h3", null, caption));
    const list = element("ul");
    for (const item of items) list.appendChild(element("li", null, item));
    parent.appendChild(list);
  }

  function nodeLink(id) {
    const node = nodeById.get(id);
    const link = element("button", "ag-link", node ? node.name : id);
    link.type = "button";
    link.addEventListener("click", () => focusNode(id));
    return link;
  }

  function relationItem(edge) {
    const item = element("li");
    const head = element("div", "ag-relation-head");
    head.appendChild(nodeLink(edge.from));
    head.appendChild(document.createTextNode(" \u2192 " + edge.relationLabel + " \u2192 "));
    head.appendChild(nodeLink(edge.to));
    item.appendChild(head);
    if (edge.evidence) item.appendChild(element("p", "ag-evidence", edge.evidence));
    const details = [edge.document ? "source: " + edge.document : ""]
      .concat(edge.facts.map((fact) => fact[0].toLowerCase() + ": " + fact[1]))
      .filter(Boolean);
    if (details.length) item.appendChild(element("div", "ag-source", details.join(" \u00b7 ")));
    return item;
  }

  function showPanel(id) {
    const node = nodeById.get(id);
    if (!node) return;
    clear(panelBody);
    panelBody.appendChild(element("h2", null, node.name));
    const kind = element("p", "ag-kind");
    const swatch = swatches.get(node.nodeType);
    if (swatch) kind.appendChild(swatch.cloneNode(false));
    kind.appendChild(document.createTextNode(node.nodeType || "unknown type"));
    panelBody.appendChild(kind);
    if (node.facts.length) {
      const facts = element("dl");
      for (const fact of node.facts) {
        facts.appendChild(element("dt", null, fact[0]));
        facts.appendChild(element("dd", null, fact[1]));
      }
      panelBody.appendChild(facts);
    }
    listSection(panelBody, "Also known as", node.aliases);
    listSection(panelBody, "Sources", node.sources);
    const related = edgesByNode.get(id) || [];
    panelBody.appendChild(element("h3", null, "Relations (" + related.length + ")"));
    const list = element("ul", "ag-relations");
    for (const edge of related) list.appendChild(relationItem(edge));
    panelBody.appendChild(list);
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  window.actorgraph.showPanel = showPanel;

  network.on("click", (params) => {
    if (params.nodes.length) showPanel(params.nodes[0]);
  });
  document.getElementById("ag-panel-close").addEventListener("click", () => {
    panel.hidden = true;
    network.unselectAll();
  });
}());
