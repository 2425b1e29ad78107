// The kg graph page. Every string from the data is inserted with textContent or as a property
// value, never parsed as HTML; links are made only for http(s) URLs. `network`, `nodes` and
// `edges` are exposed on window so tools and tests can inspect the graph.
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  // Edges carry only their kind (and a tooltip when there is more to say than the relation's
  // name); the look of each kind is stored once, in data.relations.
  const edgeStyle = new Map(data.relations.map((r) => [r.kind, {
    label: r.label, title: r.label, dashes: r.dashes, width: r.width, color: { color: r.color, highlight: r.color },
  }]));
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges.map((e) => Object.assign({}, edgeStyle.get(e.kind), e)));
  const network = new vis.Network(document.getElementById("graph"), { nodes, edges }, data.options);
  window.network = network;
  window.nodes = nodes;
  window.edges = edges;

  const byId = (id) => document.getElementById(id);
  const typeInfo = new Map(data.types.map((t) => [t.key, t]));
  const status = byId("status");

  function element(tag, text, className) {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function webUrl(text) {
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (err) {
      return null;
    }
  }

  // Legend icons drawn as SVG so every shape shows whatever fonts the reader has.
  const SVG = "http://www.w3.org/2000/svg";
  const SHAPES = {
    dot: ["circle", { cx: 8, cy: 8, r: 6 }],
    square: ["rect", { x: 2, y: 2, width: 12, height: 12 }],
    triangle: ["polygon", { points: "8,1 15,14 1,14" }],
    triangleDown: ["polygon", { points: "1,2 15,2 8,15" }],
    box: ["rect", { x: 1, y: 4, width: 14, height: 9, rx: 2 }],
    diamond: ["polygon", { points: "8,1 15,8 8,15 1,8" }],
    star: ["polygon", { points: "8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6" }],
    ellipse: ["ellipse", { cx: 8, cy: 8, rx: 7, ry: 4.5 }],
    hexagon: ["polygon", { points: "4,2 12,2 15,8 12,14 4,14 1,8" }],
  };
  function shapeIcon(shape, color) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("class", "symbol");
    const [tag, attributes] = SHAPES[shape] || SHAPES.dot;
    const mark = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) mark.setAttribute(name, String(value));
    mark.setAttribute("fill", color);
    svg.append(mark);
    return svg;
  }

  // Timings for benchmarks/html_render.py, in ms since navigation start: the first drawn frame,
  // and the moment the view stands still. Small graphs take a bounded number of physics steps
  // before the first draw, then stop and fit (dragging a node wakes physics again); large graphs are
  // drawn from the precomputed layout with physics off, so their first frame is already stable.
  const now = () => String(Math.round(performance.now()));
  let settled = !data.options.physics.enabled;
  network.once("afterDrawing", () => {
    document.body.dataset.firstDraw = now();
    if (settled) document.body.dataset.stable = document.body.dataset.firstDraw;
  });
  network.once("stabilizationIterationsDone", () => setTimeout(() => {
    network.stopSimulation();
    network.fit({ animation: false });
    settled = true;
    if (document.body.dataset.firstDraw) document.body.dataset.stable = now();
  }, 0));

  // Legend and filters -------------------------------------------------------------------------
  const typeBoxes = new Map();
  for (const type of data.types) {
    const box = element("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.type = type.key;
    box.addEventListener("change", applyFilters);
    typeBoxes.set(type.key, box);
    const symbol = shapeIcon(type.shape, type.color);
    const label = element("label");
    label.append(box, symbol, element("span", type.label), element("span", String(type.count), "count"));
    const item = element("li");
    item.append(label);
    byId("types").append(item);
  }
  for (const relation of data.relations) {
    const line = element("span", undefined, relation.dashes ? "line dashed" : "line");
    line.style.borderTopColor = relation.color;
    const item = element("li");
    item.append(line, element("span", relation.label));
    byId("relations").append(item);
  }
  // Nodes name their documents by index into data.documents, which keeps large pages small.
  const docFilter = byId("doc-filter");
  const docIndex = new Map(data.documents.map((doc, index) => [doc.id, index]));
  for (const doc of data.documents) {
    const option = element("option", doc.label);
    option.value = doc.id;
    docFilter.append(option);
  }
  docFilter.addEventListener("change", applyFilters);
  byId("doc-control").hidden = data.documents.length === 0;

  // Hides rather than removes, so clearing a filter restores every node and edge as it was.
  function applyFilters() {
    const hiddenTypes = new Set([...typeBoxes].filter(([, box]) => !box.checked).map(([key]) => key));
    const doc = docFilter.value === "" ? null : docIndex.get(docFilter.value);
    const hidden = new Set();
    const nodeChanges = [];
    nodes.forEach((node) => {
      const hide = hiddenTypes.has(node.type) || (doc !== null && !node.docs.includes(doc));
      if (hide) hidden.add(node.id);
      if (Boolean(node.hidden) !== hide) nodeChanges.push({ id: node.id, hidden: hide });
    });
    const edgeChanges = [];
    edges.forEach((edge) => {
      const hide = hidden.has(edge.from) || hidden.has(edge.to);
      if (Boolean(edge.hidden) !== hide) edgeChanges.push({ id: edge.id, hidden: hide });
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    status.textContent = hidden.size ? `showing ${nodes.length - hidden.size} of ${nodes.length} nodes` : "";
  }

  // Search -------------------------------------------------------------------------------------
  const names = byId("names");
  for (const name of [...new Set(data.nodes.map((n) => n.name))].sort()) {
    const option = element("option");
    option.value = name;
    names.append(option);
  }

  function find(query) {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    const visible = nodes.get({ filter: (n) => !n.hidden });
    return visible.find((n) => n.name.toLowerCase() === q)
      || visible.find((n) => n.name.toLowerCase().includes(q))
      || null;
  }

  function focusNode(id) {
    // Not locked on the node: vis-network re-locks the view when it finishes an animation, so a Reset
    // clicked during the zoom would snap back to the node.
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), locked: false, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showDetails(id);
  }

  byId("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const match = find(byId("search").value);
    if (match) {
      status.textContent = "";
      focusNode(match.id);
    } else {
      status.textContent = "no visible node matches";
    }
  });

  // View controls ------------------------------------------------------------------------------
  const physics = byId("physics");
  physics.checked = data.options.physics.enabled;
  physics.addEventListener("change", () => network.setOptions({ physics: { enabled: physics.checked } }));
  byId("reset").addEventListener("click", () => {
    network.unselectAll();
    byId("panel").hidden = true;
    network.fit({ animation: false });
  });

  // Evidence panel -----------------------------------------------------------------------------
  function renderItem(item) {
    const fragment = document.createDocumentFragment();
    const url = item.href ? webUrl(item.href) : null;
    if (item.node !== undefined && nodes.get(item.node)) {
      const button = element("button", item.text, "link");
      button.type = "button";
      button.addEventListener("click", () => focusNode(item.node));
      fragment.append(button);
    } else if (url) {
      const link = element("a", item.text);
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      fragment.append(link);
    } else {
      fragment.append(element("span", item.text));
    }
    if (item.note) fragment.append(element("span", item.note, "note"));
    return fragment;
  }

  function showDetails(id) {
    const node = nodes.get(id);
    if (!node) return;
    byId("panel-type").textContent = typeInfo.get(node.type).label;
    byId("panel-title").textContent = node.name;
    const body = byId("panel-body");
    body.replaceChildren();
    for (const field of data.details[id] || []) {
      body.append(element("dt", field.name));
      for (const item of field.items) {
        const dd = element("dd", undefined, field.quote ? "quote" : undefined);
        dd.append(renderItem(item));
        body.append(dd);
      }
    }
    byId("panel").hidden = false;
  }

  byId("panel-close").addEventListener("click", () => { byId("panel").hidden = true; });
  network.on("click", (params) => {
    if (params.nodes.length) showDetails(params.nodes[0]);
  });
})();
