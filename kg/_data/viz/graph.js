// kg viz page logic. Text from articles is only ever set with textContent (never innerHTML):
// vis-network shows string titles as HTML, so every tooltip is a DOM element built here.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var statusLine = document.getElementById("kg-status");
  var details = document.getElementById("kg-details");
  var GREY = "rgba(190,190,190,0.5)";

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }

  function safeLink(url) {
    // Only web links: a javascript: or data: URL from an article must never become clickable.
    if (typeof url !== "string" || !/^https?:\/\//i.test(url)) return null;
    var a = el("a", url);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  var labels = {};
  data.nodes.forEach(function (n) { labels[n.id] = n.label; });

  function nodeTip(n) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("h3", n.label));
    box.appendChild(el("span", n.kg.type + " " + n.id, "kg-meta"));
    box.appendChild(el("span", n.kg.evidence + " claims", "kg-meta"));
    if (n.kg.pagerank !== undefined) box.appendChild(el("span", "PageRank " + n.kg.pagerank, "kg-meta"));
    return box;
  }

  function edgeTip(e, limit) {
    var k = e.kg, box = el("div", null, "kg-tip");
    box.appendChild(el("h3", labels[e.from] + " " + k.predicate + " " + labels[e.to]));
    var seen = k.first_seen ? (k.first_seen === k.last_seen ? k.first_seen : k.first_seen + " to " + k.last_seen) : "undated";
    box.appendChild(el("span", k.family + "; " + k.claims + " claims in " + k.articles +
      " articles; mean confidence " + k.confidence + "; " + seen, "kg-meta"));
    var list = el("ol");
    k.evidence.slice(0, limit).forEach(function (ev) {
      var item = el("li");
      item.appendChild(el("q", ev.sentence));
      var meta = [ev.title, ev.source, ev.date].filter(function (x) { return x; }).join(", ");
      if (ev.attributed_to) meta += (meta ? "; " : "") + "according to " + ev.attributed_to;
      if (meta) item.appendChild(el("span", meta, "kg-meta"));
      var link = safeLink(ev.url);
      if (link) item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    if (k.claims > Math.min(limit, k.evidence.length)) {
      box.appendChild(el("span", "and " + (k.claims - Math.min(limit, k.evidence.length)) + " more", "kg-meta"));
    }
    return box;
  }

  data.nodes.forEach(function (n) { n.title = nodeTip(n); n.kg.color = n.color; });
  data.edges.forEach(function (e) {
    e.title = edgeTip(e, 5);
    e.kg.color = e.color.color;
    e.kg.originalColor = e.color;
  });
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);

  // Client-side filters: predicate family and the dates an edge was seen.
  var hidden = {}, dateFrom = "", dateTo = "", filtering = false, visibleEnds = {};
  function edgeVisible(e) {
    if (hidden[e.kg.family]) return false;
    if (dateFrom && (!e.kg.last_seen || e.kg.last_seen < dateFrom)) return false;
    if (dateTo && (!e.kg.first_seen || e.kg.first_seen > dateTo)) return false;
    return true;
  }
  var edgeView = new vis.DataView(edges, { filter: edgeVisible });
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !filtering || visibleEnds[n.id] === true; } });

  var container = document.getElementById("kg-graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);

  function showCounts() {
    statusLine.textContent = "Showing " + network.body.nodeIndices.length + " of " + nodes.length +
      " entities and " + network.body.edgeIndices.length + " of " + edges.length + " relations.";
  }

  function refresh() {
    filtering = Object.keys(hidden).length > 0 || dateFrom !== "" || dateTo !== "";
    edgeView.refresh();
    visibleEnds = {};
    edgeView.forEach(function (e) { visibleEnds[e.from] = true; visibleEnds[e.to] = true; });
    nodeView.refresh();
    reset();
    showCounts();
  }

  // Neighbourhood highlight: grey out everything not adjacent to the chosen node.
  var highlighted = null;
  function highlight(id) {
    var near = {}, nearEdges = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { near[n] = true; });
    network.getConnectedEdges(id).forEach(function (e) { nearEdges[e] = true; });
    nodes.update(nodes.map(function (n) { return { id: n.id, color: near[n.id] ? n.kg.color : GREY }; }));
    edges.update(edges.map(function (e) {
      var c = nearEdges[e.id] ? e.kg.color : GREY;
      return { id: e.id, color: { color: c, highlight: c, hover: c } };
    }));
    highlighted = id;
  }
  function reset() {
    if (highlighted === null) return;
    nodes.update(nodes.map(function (n) { return { id: n.id, color: n.kg.color }; }));
    edges.update(edges.map(function (e) { return { id: e.id, color: e.kg.originalColor }; }));
    highlighted = null;
  }

  function showDetails(element) {
    while (details.firstChild) details.removeChild(details.firstChild);
    details.appendChild(element);
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      highlight(id);
      showDetails(nodeTip(nodes.get(id)));
    } else if (params.edges.length) {
      reset();
      showDetails(edgeTip(edges.get(params.edges[0]), 25));
    } else {
      reset();
    }
  });

  function search(text) {
    var q = String(text || "").trim().toLowerCase();
    if (!q) return null;
    var best = null;
    nodeView.forEach(function (n) {
      var label = String(n.label).toLowerCase(), id = String(n.id).toLowerCase();
      var score = (label === q || id === q) ? 0 : (label.indexOf(q) === 0 || id.indexOf(q) === 0) ? 1 :
        (label.indexOf(q) >= 0 || id.indexOf(q) >= 0) ? 2 : 9;
      if (score < 9 && (best === null || score < best.score || (score === best.score && n.label < best.label))) {
        best = { score: score, id: n.id, label: n.label };
      }
    });
    if (best === null) {
      statusLine.textContent = "No shown entity matches \u201c" + text + "\u201d.";
      return null;
    }
    network.selectNodes([best.id]);
    network.focus(best.id, { scale: 1.2, animation: false });
    highlight(best.id);
    showDetails(nodeTip(nodes.get(best.id)));
    statusLine.textContent = "Found " + best.label + " (" + best.id + ").";
    return best.id;
  }

  document.getElementById("kg-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search(document.getElementById("kg-search").value);
  });
  Array.prototype.forEach.call(document.querySelectorAll("#kg-families input[type=checkbox]"), function (box) {
    box.addEventListener("change", function () {
      if (box.checked) delete hidden[box.getAttribute("data-family")];
      else hidden[box.getAttribute("data-family")] = true;
      refresh();
    });
  });
  ["kg-date-from", "kg-date-to"].forEach(function (name) {
    document.getElementById(name).addEventListener("change", function () {
      dateFrom = document.getElementById("kg-date-from").value;
      dateTo = document.getElementById("kg-date-to").value;
      refresh();
    });
  });

  // "Settled first render": physics has stabilised (then stops) or, with a precomputed layout,
  // the first frame is drawn. Tests and the benchmark wait for window.kgReady.
  function ready() {
    if (window.kgReady) return;
    window.kgRenderMs = performance.now();
    window.kgReady = true;
    showCounts();
  }
  if (data.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }

  window.kgGraph = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, search: search };
})();
