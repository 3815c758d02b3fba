/* actorgraph page behaviour: draw, search, filter by type and date, show a node's evidence,
 * the claims ledger, the timeline and the map.
 * Every string from the graph is untrusted: it is shown with textContent or as a
 * text-only tooltip element, never through innerHTML; SVG gets numbers and colours
 * (checked #rrggbb) through setAttribute only. */
(function () {
  "use strict";

  const startedAt = performance.now();
  const SVG = "http://www.w3.org/2000/svg";
  const data = JSON.parse(document.getElementById("ag-data").textContent);
  const nodeById = new Map(data.nodes.map((node) => [node.id, node]));
  const edgesByNode = new Map();
  for (const edge of data.edges) {
    for (const end of new Set([edge.from, edge.to])) {
      if (!edgesByNode.has(end)) edgesByNode.set(end, []);
      edgesByNode.get(end).push(edge);
    }
  }
  const ledgerRows = data.ledger || [];
  const contestedEvents = new Set(ledgerRows.filter((row) => row.contested.length).map((row) => row.event));

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  function svgElement(tag, attributes) {
    const el = document.createElementNS(SVG, tag);
    for (const name of Object.keys(attributes || {})) el.setAttribute(name, String(attributes[name]));
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

  function colourOf(node) {
    return /^#[0-9A-Fa-f]{6}$/.test(String(node.color)) ? node.color : "#999999";
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
  const api = { network: network, nodes: nodes, edges: edges, data: data,
                startedAt: startedAt, networkAt: performance.now() };
  window.actorgraph = api;

  /* ---- what is shown: type checkboxes and the date range ------------------------------ */

  const hiddenTypes = new Set();
  const range = { from: "", to: "", undated: true };
  let visible = new Set(data.nodes.map((node) => node.id));
  const isEvent = (node) => node.nodeType === "Event";
  /* Each actor or place's events: a range that hides all of them hides it too. */
  const eventsOf = new Map();
  for (const edge of data.edges) {
    for (const [end, other] of [[edge.from, edge.to], [edge.to, edge.from]]) {
      const node = nodeById.get(other);
      if (node && isEvent(node) && !isEvent(nodeById.get(end) || {})) {
        if (!eventsOf.has(end)) eventsOf.set(end, new Set());
        eventsOf.get(end).add(other);
      }
    }
  }

  function rangeActive() {
    return Boolean(range.from || range.to || !range.undated);
  }

  /* An event is in range when the interval its date covers overlaps the range:
   * '2016-03' is in a range that ends on 2016-03-10. */
  function inRange(node) {
    if (!node.dateStart) return range.undated;
    if (range.from && node.dateEnd < range.from) return false;
    if (range.to && node.dateStart > range.to) return false;
    return true;
  }

  function computeVisible() {
    const shown = new Set();
    for (const node of data.nodes) {
      if (hiddenTypes.has(node.nodeType)) continue;
      if (isEvent(node) && !inRange(node)) continue;
      if (!isEvent(node) && rangeActive() && eventsOf.has(node.id)
          && !Array.from(eventsOf.get(node.id)).some((id) => inRange(nodeById.get(id)))) continue;
      shown.add(node.id);
    }
    return shown;
  }

  const edgeShown = (edge) => visible.has(edge.from) && visible.has(edge.to);

  /* Hide what the filters leave out (and take it out of the physics, so the layout that
   * follows is the layout of what is shown), then lay out again and redraw every view. */
  function applyFilters(relayout) {
    visible = computeVisible();
    nodes.update(data.nodes.map((node) => ({
      id: node.id, hidden: !visible.has(node.id), physics: visible.has(node.id),
    })));
    edges.update(data.edges.map((edge) => ({ id: edge.id, hidden: !edgeShown(edge), physics: edgeShown(edge) })));
    updateCounts();
    drawTimeline();
    drawMarkers();
    renderLedger();
    if (relayout !== false) relayoutGraph();
  }

  const typeBoxes = Array.from(document.querySelectorAll("input[data-type]"));
  for (const box of typeBoxes) {
    box.addEventListener("change", () => {
      if (box.checked) hiddenTypes.delete(box.dataset.type);
      else hiddenTypes.add(box.dataset.type);
      applyFilters();
    });
  }

  /* Show a node the filters hide: tick its type again, and drop a date range that hides it. */
  function reveal(id) {
    const node = nodeById.get(id);
    if (!node || visible.has(id)) return;
    hiddenTypes.delete(node.nodeType);
    for (const box of typeBoxes) if (box.dataset.type === node.nodeType) box.checked = true;
    if (!computeVisible().has(id)) setRange("", "", true, false);
    applyFilters();
  }

  /* Counts in the header and beside each type: what is shown, and of how many. */
  const nodeCount = document.getElementById("ag-node-count");
  const edgeCount = document.getElementById("ag-edge-count");
  const filterNote = document.getElementById("ag-filter-note");
  function updateCounts() {
    const shownEdges = data.edges.filter(edgeShown).length;
    nodeCount.textContent = String(visible.size);
    edgeCount.textContent = String(shownEdges);
    const filtered = visible.size < data.nodes.length;
    filterNote.hidden = !filtered;
    filterNote.textContent = filtered
      ? " (filtered from " + data.nodes.length + " nodes and " + data.edges.length + " edges)" : "";
    for (const box of typeBoxes) {
      const count = box.parentElement && box.parentElement.querySelector(".ag-type-count");
      if (!count) continue;
      const ofType = data.nodes.filter((node) => node.nodeType === box.dataset.type);
      const shown = ofType.filter((node) => visible.has(node.id)).length;
      count.textContent = shown === ofType.length ? "(" + shown + ")" : "(" + shown + " of " + ofType.length + ")";
    }
  }

  /* ---- layout: physics once, then unconnected parts side by side, largest first -------- */

  const progress = document.getElementById("ag-progress");
  const BASE_FONT = (data.options.nodes && data.options.nodes.font && data.options.nodes.font.size) || 14;
  const MIN_SCREEN_FONT = 12;  /* px: smaller labels are not read at first glance */
  let laying = true;
  let fontSize = BASE_FONT;
  let afterLayout = [];

  function finishLayout() {
    if (!laying) return;
    laying = false;
    network.setOptions({ physics: { enabled: false } });
    packComponents();
    fitView();
    progress.hidden = true;
    if (api.stabilizedAt === undefined) api.stabilizedAt = performance.now();  /* bench/bench_page.py */
    document.body.setAttribute("data-stabilized", "true");
    const waiting = afterLayout;
    afterLayout = [];
    for (const callback of waiting) callback();
  }
  network.on("stabilizationProgress", (params) => {
    const share = params.total ? Math.round((100 * params.iterations) / params.total) : 100;
    progress.textContent = "Laying out the graph\u2026 " + share + "%";
  });
  network.on("stabilizationIterationsDone", finishLayout);
  network.on("stabilized", finishLayout);

  function relayoutGraph() {
    if (laying) return;  /* the running layout packs what is visible when it ends */
    laying = true;
    document.body.removeAttribute("data-stabilized");
    if (!visible.size) { finishLayout(); return; }
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(data.options.physics.stabilization.iterations);
  }

  function whenLaidOut(callback) {
    if (laying) afterLayout.push(callback);
    else callback();
  }

  /* The connected parts of what is shown, largest first (ties by id, so stable). */
  function components() {
    const parent = new Map();
    const root = (id) => {
      while (parent.get(id) !== id) { parent.set(id, parent.get(parent.get(id))); id = parent.get(id); }
      return id;
    };
    for (const id of visible) parent.set(id, id);
    for (const edge of data.edges) if (edgeShown(edge)) parent.set(root(edge.from), root(edge.to));
    const groups = new Map();
    for (const id of visible) {
      const key = root(id);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(id);
    }
    return Array.from(groups.values()).sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
  }

  /* Shelf packing: each part keeps its own layout and is moved, the largest to the top
   * left, the others after it in rows, with a gap, so no part sits inside another. */
  function packComponents() {
    const parts = components();
    api.components = parts;
    if (parts.length < 2) return;
    const positions = network.getPositions(Array.from(visible));
    const gap = 90;
    const boxes = parts.map((members) => {
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (const id of members) {
        const node = nodeById.get(id), at = positions[id];
        const half = Math.max(node.size || 10, 3.8 * Math.min(node.label.length, 60));
        minX = Math.min(minX, at.x - half); maxX = Math.max(maxX, at.x + half);
        minY = Math.min(minY, at.y - (node.size || 10)); maxY = Math.max(maxY, at.y + (node.size || 10) + 22);
      }
      return { members: members, minX: minX, minY: minY, width: maxX - minX, height: maxY - minY };
    });
    const area = boxes.reduce((sum, box) => sum + (box.width + gap) * (box.height + gap), 0);
    const rowWidth = Math.max(boxes[0].width, 1.6 * Math.sqrt(area));
    let x = 0, y = 0, rowHeight = 0;
    for (const box of boxes) {
      if (x > 0 && x + box.width > rowWidth) { x = 0; y += rowHeight + gap; rowHeight = 0; }
      for (const id of box.members) {
        network.moveNode(id, positions[id].x + x - box.minX, positions[id].y + y - box.minY);
      }
      x += box.width + gap;
      rowHeight = Math.max(rowHeight, box.height);
    }
  }

  /* Open on everything when its labels can be read, with bigger labels when that is enough;
   * otherwise on the largest part, zoomed until its labels read. */
  function setFont(size) {
    fontSize = size;
    network.setOptions({ nodes: { font: { size: size } }, edges: { font: { size: Math.round(size * 0.72) } } });
  }
  function fitView() {
    const shown = Array.from(visible);
    if (!shown.length) return;
    network.fit({ nodes: shown, animation: false });
    const scale = network.getScale();
    const size = Math.min(Math.max(BASE_FONT, MIN_SCREEN_FONT / scale), BASE_FONT * 2.2);
    setFont(size);
    if (scale * size >= MIN_SCREEN_FONT) return;
    const largest = (api.components || [shown])[0];
    network.fit({ nodes: largest, animation: false });
    if (network.getScale() * size < MIN_SCREEN_FONT) {
      const at = network.getPositions(largest);
      const ids = Object.keys(at);
      const centre = ids.reduce((sum, id) => ({ x: sum.x + at[id].x / ids.length, y: sum.y + at[id].y / ids.length }),
                                { x: 0, y: 0 });
      network.moveTo({ position: centre, scale: MIN_SCREEN_FONT / size, animation: false });
    }
  }
  api.labelScreenSize = () => fontSize * network.getScale();

  /* ---- search: exact, prefix, part of a name or alias; then spelling variants ---------- */

  /* Case, accents and punctuation folded away: 'al-Shabaab', 'Al Shabaab' and 'AL-SHABAAB'
   * share one key, and 'Peshāwar' matches 'peshawar'. */
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  /* Edit distance with transpositions, stopped early beyond ``limit``. */
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null, previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current.push(value);
        best = Math.min(best, value);
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = current;
    }
    return previous[b.length];
  }

  /* How many edits a query of this length may be off by: none for short ones. */
  const tolerance = (length) => (length < 4 ? 0 : length < 8 ? 1 : 2);

  const searchTerms = data.nodes.map((node) => {
    const raw = [node.name].concat(node.aliases);
    const folded = raw.map(fold);
    return {
      id: node.id,
      terms: raw.map((term) => term.toLowerCase()),
      folded: folded,
      compact: folded.map((term) => term.replace(/ /g, "")),
      words: Array.from(new Set(folded.join(" ").split(" ").filter(Boolean))),
    };
  });

  function findNodes(query) {
    const q = query.trim().toLowerCase();
    const f = fold(query);
    const c = f.replace(/ /g, "");
    if (!q) return [];
    const exact = [], prefix = [], partial = [];
    const has = (entry, test) => entry.terms.some(test) || (c && entry.compact.some(test)) || (f && entry.folded.some(test));
    for (const entry of searchTerms) {
      if (entry.terms.includes(q) || (c && entry.compact.includes(c))) exact.push(entry.id);
      else if (has(entry, (term) => term.startsWith(q) || (c && term.startsWith(c)))) prefix.push(entry.id);
      else if (has(entry, (term) => term.includes(q) || (c && term.includes(c)))) partial.push(entry.id);
    }
    const found = exact.concat(prefix, partial);
    if (found.length || !c) return found;
    /* Nothing as written: spelling variants (Shabab / Shabaab), closest first. */
    const limit = tolerance(c.length);
    if (!limit) return [];
    const queryWords = f.split(" ");
    const near = [];
    for (const entry of searchTerms) {
      let best = limit + 1;
      for (const term of entry.compact) best = Math.min(best, editDistance(c, term, limit));
      for (const word of entry.words) best = Math.min(best, editDistance(c, word, limit));
      if (queryWords.length > 1 && best > limit) {
        /* every word of the query close to some word of the name */
        const worst = Math.max(...queryWords.map((word) => Math.min(
          ...entry.words.map((other) => editDistance(word, other, tolerance(word.length))))));
        if (worst <= Math.max(...queryWords.map((word) => tolerance(word.length)))) best = worst;
      }
      if (best <= limit) near.push([best, entry.id]);
    }
    return near.sort((a, b) => a[0] - b[0]).map((pair) => pair[1]);
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
    reveal(id);
    network.selectNodes([id]);
    showPanel(id);
    whenLaidOut(() => {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } });
    });
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
  api.findNodes = findNodes;
  api.focusNode = focusNode;
  api.fold = fold;

  /* ---- side panel: the clicked node and the evidence of each of its edges -------------- */

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

  function nodeLink(id, text) {
    const node = nodeById.get(id);
    const link = element("button", "ag-link", text !== undefined ? text : node ? node.name : id);
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
  api.showPanel = showPanel;

  network.on("click", (params) => {
    if (params.nodes.length) showPanel(params.nodes[0]);
  });
  document.getElementById("ag-panel-close").addEventListener("click", () => {
    panel.hidden = true;
    network.unselectAll();
  });

  /* ---- views: graph, map, ledger --------------------------------------------------------- */

  const views = { graph: null, map: document.getElementById("ag-map"), ledger: document.getElementById("ag-ledger") };
  let currentView = "graph";
  function showView(name) {
    currentView = name;
    for (const key of Object.keys(views)) {
      if (views[key]) views[key].hidden = key !== name;
      const tab = document.getElementById("ag-tab-" + key);
      if (tab) tab.setAttribute("aria-pressed", String(key === name));
    }
    if (name === "map") drawMap();
  }
  for (const key of Object.keys(views)) {
    const tab = document.getElementById("ag-tab-" + key);
    if (tab) tab.addEventListener("click", () => showView(key));
  }
  api.showView = showView;

  /* ---- the claims ledger ------------------------------------------------------------------ */

  const ledgerList = document.getElementById("ag-ledger-list");
  const ledgerStatus = document.getElementById("ag-ledger-status");
  const ROLE_CLASSES = { claimed: "ag-role-claimed", denied: "ag-role-denied", blamed: "ag-role-blamed",
                         perpetrated: "ag-role-perpetrated" };

  function ledgerShown(row) {
    return nodeById.has(row.event) ? visible.has(row.event) : true;
  }

  function attributionItem(item) {
    const li = element("li", "ag-claim");
    li.appendChild(element("span", "ag-role " + (ROLE_CLASSES[item.role] || ""), item.role));
    li.appendChild(nodeById.has(item.actorId) ? nodeLink(item.actorId, item.actor) : element("span", null, item.actor));
    if (item.role === "blamed") {
      li.appendChild(document.createTextNode(item.by ? " \u2014 blamed by " : " \u2014 accuser not named"));
      if (item.by) li.appendChild(nodeById.has(item.byId) ? nodeLink(item.byId, item.by) : element("span", null, item.by));
    }
    if (item.evidence) li.appendChild(element("p", "ag-evidence", "\u201c" + item.evidence + "\u201d"));
    const source = item.source ? "source: " + item.source : "";
    const more = item.readings > 1 ? item.readings + " readings" : "";
    if (source || more) li.appendChild(element("div", "ag-source", [source, more].filter(Boolean).join(" \u00b7 ")));
    return li;
  }

  function renderLedger() {
    clear(ledgerList);
    const rows = ledgerRows.filter(ledgerShown);
    const contested = rows.filter((row) => row.contested.length).length;
    ledgerStatus.textContent = !ledgerRows.length
      ? "No incident has a claim, a denial, a perpetrator or a blame."
      : rows.length + " incident" + (rows.length === 1 ? "" : "s") + ", " + contested + " contested"
        + (rows.length < ledgerRows.length ? " (of " + ledgerRows.length + "; the filters hide the rest)" : "");
    for (const row of rows) {
      const li = element("li", "ag-incident" + (row.contested.length ? " ag-contested" : ""));
      li.dataset.event = row.event;
      const head = element("div", "ag-incident-head");
      head.appendChild(nodeById.has(row.event) ? nodeLink(row.event, row.name) : element("span", null, row.name));
      li.appendChild(head);
      const facts = [row.date || "date unknown", row.place || "place unknown",
                     row.fatalities === null || row.fatalities === undefined ? "toll unknown" : row.fatalities + " killed"];
      li.appendChild(element("div", "ag-incident-facts", facts.join(" \u00b7 ")));
      if (row.contested.length) li.appendChild(element("div", "ag-flag", "Contested: " + row.contested.join("; ")));
      const claims = element("ul", "ag-claims");
      for (const item of row.attributions) claims.appendChild(attributionItem(item));
      li.appendChild(claims);
      ledgerList.appendChild(li);
    }
  }

  /* ---- the timeline and the date range -------------------------------------------------- */

  const timeline = document.getElementById("ag-timeline-svg");
  const fromInput = document.getElementById("ag-date-from");
  const toInput = document.getElementById("ag-date-to");
  const undatedBox = document.getElementById("ag-undated");
  const rangeStatus = document.getElementById("ag-range-status");
  const dated = data.nodes.filter((node) => isEvent(node) && node.dateStart)
    .sort((a, b) => (a.dateStart < b.dateStart ? -1 : a.dateStart > b.dateStart ? 1 : 0));
  const dayOf = (iso) => {
    const parts = iso.split("-").map(Number);
    return Date.UTC(parts[0], parts[1] - 1, parts[2]) / 86400000;
  };
  /* The strip spans whole years, so every year it shows has its tick. */
  const lastDay = dated.length ? Math.max(...dated.map((n) => dayOf(n.dateEnd))) : 0;
  const span = dated.length ? {
    lo: dayOf(dated[0].dateStart.slice(0, 4) + "-01-01"),
    hi: Date.UTC(new Date(lastDay * 86400000).getUTCFullYear() + 1, 0, 1) / 86400000,
  } : null;
  if (dated.length) {
    fromInput.min = toInput.min = dated[0].dateStart;
    fromInput.max = toInput.max = dated.reduce((last, node) => (node.dateEnd > last ? node.dateEnd : last), "");
  }

  function drawTimeline() {
    clear(timeline);
    const width = Math.max(timeline.clientWidth || 0, 200);
    const height = 56, pad = 14, axisY = 40;
    timeline.setAttribute("viewBox", "0 0 " + width + " " + height);
    const events = data.nodes.filter(isEvent);
    const inside = events.filter((node) => visible.has(node.id)).length;
    rangeStatus.textContent = events.length
      ? inside + " of " + events.length + " events shown" + (events.length > dated.length ? ", " + (events.length - dated.length) + " undated" : "")
      : "no events";
    if (!span) return;
    const lo = span.lo, hi = Math.max(span.hi, span.lo + 1);
    const x = (day) => pad + ((day - lo) / (hi - lo)) * (width - 2 * pad);
    timeline.appendChild(svgElement("line", { x1: pad, x2: width - pad, y1: axisY, y2: axisY, class: "ag-axis" }));
    const first = new Date(lo * 86400000).getUTCFullYear(), last = new Date(hi * 86400000).getUTCFullYear();
    const step = Math.max(1, Math.ceil((last - first + 1) / 12));
    for (let year = first; year <= last; year += step) {
      const at = x(Date.UTC(year, 0, 1) / 86400000);
      if (at < pad - 0.5 || at > width - pad + 0.5) continue;
      timeline.appendChild(svgElement("line", { x1: at, x2: at, y1: axisY, y2: axisY + 4, class: "ag-axis" }));
      const label = svgElement("text", { x: at + 2, y: height - 2, class: "ag-tick-label" });
      label.textContent = String(year);
      timeline.appendChild(label);
    }
    if (range.from || range.to) {
      const start = range.from ? Math.max(dayOf(range.from), lo) : lo;
      const end = range.to ? Math.min(dayOf(range.to) + 1, hi) : hi;
      if (end > start) {
        timeline.appendChild(svgElement("rect", { x: x(start), y: 0, width: Math.max(x(end) - x(start), 1), height: axisY, class: "ag-window" }));
      }
    }
    const lanes = [];
    for (const node of dated) {
      const left = x(dayOf(node.dateStart)), right = Math.max(x(dayOf(node.dateEnd) + 1), left + 5);
      let lane = lanes.findIndex((end) => end + 2 <= left);
      if (lane < 0 || lane > 3) { lane = lanes.length < 4 ? lanes.length : lanes.indexOf(Math.min(...lanes)); }
      lanes[lane] = right;
      const mark = svgElement("rect", {
        x: left, y: 4 + lane * 9, width: right - left, height: 7, rx: 2,
        class: "ag-mark" + (visible.has(node.id) ? "" : " ag-out"), fill: colourOf(node),
      });
      mark.dataset.id = node.id;
      const title = svgElement("title");
      title.textContent = node.name + " \u2014 " + node.date;
      mark.appendChild(title);
      mark.addEventListener("click", () => { showView("graph"); focusNode(node.id); });
      timeline.appendChild(mark);
    }
  }

  function setRange(from, to, undated, apply) {
    range.from = from || "";
    range.to = to || "";
    range.undated = undated !== false;
    fromInput.value = range.from;
    toInput.value = range.to;
    undatedBox.checked = range.undated;
    if (apply !== false) applyFilters();
  }
  const readRange = () => setRange(fromInput.value, toInput.value, undatedBox.checked);
  fromInput.addEventListener("change", readRange);
  toInput.addEventListener("change", readRange);
  undatedBox.addEventListener("change", readRange);
  document.getElementById("ag-date-reset").addEventListener("click", () => setRange("", "", true));
  document.getElementById("ag-range").addEventListener("submit", (event) => event.preventDefault());
  api.setRange = setRange;
  api.visibleIds = () => Array.from(visible);

  /* ---- the map: Natural Earth outlines, events at their places -------------------------- */

  const mapSvg = document.getElementById("ag-map-svg");
  const mapNote = document.getElementById("ag-map-note");
  let mapLayers = null;
  let mapView = { x: -180, y: -90, width: 360, height: 180 };

  /* Each ring is [lon, lat, dlon, dlat, ...] in tenths of a degree (see world_outline). */
  function outlinePath(rings) {
    const parts = [];
    for (const ring of rings) {
      let lon = 0, lat = 0;
      const points = [];
      for (let i = 0; i + 1 < ring.length; i += 2) {
        lon += ring[i];
        lat += ring[i + 1];
        points.push((lon / 10).toFixed(1) + " " + (-lat / 10).toFixed(1));
      }
      parts.push("M" + points.join("L") + "Z");
    }
    return parts.join("");
  }

  function drawMap() {
    if (!mapLayers) {
      const graticule = [];
      for (let lon = -180; lon <= 180; lon += 30) graticule.push("M" + lon + " -90V90");
      for (let lat = -60; lat <= 60; lat += 30) graticule.push("M-180 " + lat + "H180");
      mapSvg.appendChild(svgElement("path", { d: graticule.join(""), class: "ag-graticule" }));
      if (data.outline && data.outline.length) {
        mapSvg.appendChild(svgElement("path", { d: outlinePath(data.outline), class: "ag-country", "fill-rule": "nonzero" }));
      }
      mapLayers = { places: svgElement("g", { class: "ag-places" }), markers: svgElement("g", { class: "ag-markers" }) };
      mapSvg.appendChild(mapLayers.places);
      mapSvg.appendChild(mapLayers.markers);
      fitMap();
    }
    drawMarkers();
  }

  /* The events to draw: each at its place (``at``), spread on a small circle when several
   * share one place. */
  function mapEvents() {
    const byPlace = new Map();
    for (const node of data.nodes) {
      if (!isEvent(node) || !visible.has(node.id) || !node.at) continue;
      const place = nodeById.get(node.at);
      if (!place || typeof place.lat !== "number") continue;
      if (!byPlace.has(place.id)) byPlace.set(place.id, []);
      byPlace.get(place.id).push(node);
    }
    return byPlace;
  }

  function fitMap() {
    const points = [];
    for (const [placeId] of mapEvents()) points.push(nodeById.get(placeId));
    if (!points.length) { setMapView(-180, -90, 360, 180); return; }
    const lons = points.map((p) => p.lon), lats = points.map((p) => -p.lat);
    const minX = Math.min(...lons), maxX = Math.max(...lons), minY = Math.min(...lats), maxY = Math.max(...lats);
    const width = Math.max(maxX - minX + 12, 36), height = Math.max(maxY - minY + 8, 20);
    setMapView((minX + maxX) / 2 - width / 2, (minY + maxY) / 2 - height / 2, width, height);
  }

  function setMapView(x, y, width, height) {
    mapView = { x: x, y: y, width: width, height: height };
    mapSvg.setAttribute("viewBox", [x, y, width, height].map((v) => v.toFixed(2)).join(" "));
    drawMarkers();
  }

  function drawMarkers() {
    if (!mapLayers) return;
    clear(mapLayers.places);
    clear(mapLayers.markers);
    const unit = Math.max(mapView.width / Math.max(mapSvg.clientWidth || 800, 1), mapView.height / Math.max(mapSvg.clientHeight || 400, 1));
    const byPlace = mapEvents();
    let drawn = 0;
    for (const [placeId, events] of byPlace) {
      const place = nodeById.get(placeId);
      const cx = place.lon, cy = -place.lat;
      mapLayers.places.appendChild(svgElement("circle", { cx: cx, cy: cy, r: 2.5 * unit, class: "ag-place-dot" }));
      const widest = Math.max(...events.map((node) => 5 + 3 * Math.log1p(node.fatalities || 0)));
      const label = svgElement("text", { x: cx + (widest + (events.length > 1 ? 12 : 3)) * unit, y: cy - 4 * unit, class: "ag-map-label", "font-size": 12 * unit, "stroke-width": 3 * unit });
      label.textContent = place.name;
      mapLayers.places.appendChild(label);
      events.sort((a, b) => (b.fatalities || 0) - (a.fatalities || 0));
      events.forEach((node, index) => {
        const angle = (2 * Math.PI * index) / events.length;
        const offset = events.length > 1 ? 9 * unit : 0;
        const radius = (5 + 3 * Math.log1p(node.fatalities || 0)) * unit;
        const marker = svgElement("circle", {
          cx: cx + offset * Math.cos(angle), cy: cy + offset * Math.sin(angle), r: radius,
          fill: colourOf(node), class: "ag-marker" + (contestedEvents.has(node.id) ? " ag-contested" : ""),
        });
        marker.dataset.id = node.id;
        const title = svgElement("title");
        title.textContent = node.name + (node.date ? " \u2014 " + node.date : "")
          + (node.fatalities !== undefined ? " \u2014 " + node.fatalities + " killed" : "") + " \u2014 " + place.name;
        marker.appendChild(title);
        marker.addEventListener("click", () => { network.selectNodes([node.id]); showPanel(node.id); });
        mapLayers.markers.appendChild(marker);
        drawn += 1;
      });
    }
    const events = data.nodes.filter((node) => isEvent(node) && visible.has(node.id)).length;
    mapNote.textContent = drawn + " of " + events + " shown events on the map"
      + (events > drawn ? " (the others have no place with coordinates)" : "")
      + (data.outline && data.outline.length ? " \u00b7 outlines: Natural Earth" : " \u00b7 no world outline installed");
  }
  document.getElementById("ag-map-fit").addEventListener("click", fitMap);
  document.getElementById("ag-map-world").addEventListener("click", () => setMapView(-180, -90, 360, 180));
  api.drawMap = drawMap;

  window.addEventListener("resize", () => { drawTimeline(); drawMarkers(); });

  updateCounts();
  drawTimeline();
  renderLedger();
  if (data.nodes.length === 0) finishLayout();
}());
