/* The drawn network (Cytoscape.js, served by verweven itself): the page's list, drawn; a
   chosen entity or relationship shows its details and evidence; "Buren tonen" expands an
   entity; the paths form draws and marks the paths; the exports carry what was expanded;
   PNG saves the drawing. Without this script the page's lists say the same. */
(function () {
  "use strict";
  var section = document.getElementById("tekening");
  if (!section || typeof cytoscape !== "function") { return; }
  var centre = section.dataset.centrum;
  var detail = document.getElementById("netwerk-detail");
  var message = document.getElementById("netwerk-melding");
  var chooser = document.getElementById("kies-element");
  var expanded = [];
  var levels = ["public", "internal", "confidential", "secret"];
  section.hidden = false;
  document.getElementById("export-png-plek").hidden = false;

  var cy = cytoscape({
    container: document.getElementById("netwerk-canvas"),
    minZoom: 0.2, maxZoom: 3,
    style: [
      {selector: "node", style: {
        "label": "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
        "background-color": "#154273", "width": 22, "height": 22, "color": "#1a1a1a",
        "text-wrap": "ellipsis", "text-max-width": 140}},
      {selector: "node.centrum", style: {"width": 32, "height": 32, "font-weight": "bold"}},
      {selector: "node.stub", style: {"background-color": "#8a8a8a", "shape": "round-rectangle"}},
      {selector: "node.signaal", style: {"border-width": 4, "border-color": "#a90061"}},
      {selector: "node.strafzaak", style: {"shape": "diamond", "background-color": "#8f1b00"}},
      {selector: "edge", style: {
        "label": "data(label)", "font-size": 9, "curve-style": "bezier", "width": 1.5,
        "line-color": "#6b6b6b", "color": "#333", "text-rotation": "autorotate",
        "text-background-color": "#fff", "text-background-opacity": 0.8}},
      {selector: "edge.gericht", style: {"target-arrow-shape": "triangle", "target-arrow-color": "#6b6b6b"}},
      {selector: ".pad", style: {"line-color": "#ffb612", "target-arrow-color": "#ffb612", "width": 4,
        "border-width": 4, "border-color": "#ffb612"}},
      {selector: ":selected", style: {"overlay-color": "#ffb612", "overlay-opacity": 0.3}}
    ]
  });

  function say(text) {
    message.textContent = text;
    message.hidden = !text;
  }

  function load(url) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { throw new Error(body.detail || "De gegevens konden niet worden geladen."); }
          return body;
        });
      });
  }

  function raise(level) {
    // The banner names the most secret delivery on screen; a drawing that grows may raise it.
    var shown = document.getElementById("wie-rubricering");
    if (!level || !shown) { return; }
    var now = shown.className.replace("rubricering-", "");
    if (levels.indexOf(level) > levels.indexOf(now)) {
      shown.className = "rubricering-" + level;
      shown.textContent = shown.dataset[level];  // in the chrome's language
    }
  }

  function add(drawing, base) {
    cy.batch(function () {
      drawing.nodes.forEach(function (node) {
        var known = cy.getElementById(node.data.id);
        if (known.empty()) {
          node.data.afstand = base + node.data.afstand;
          cy.add({group: "nodes", data: node.data, classes: node.classes});
        } else {
          // A wider view may show more about a known entity: its court case, more hits.
          known.data("strafzaak", known.data("strafzaak") || node.data.strafzaak);
          known.data("signalen", Array.from(new Set(known.data("signalen").concat(node.data.signalen))).sort());
          known.addClass(node.classes);
        }
      });
      drawing.edges.forEach(function (edge) {
        if (cy.getElementById(edge.data.id).empty()) {
          cy.add({group: "edges", data: edge.data, classes: edge.classes});
        }
      });
    });
    cy.getElementById(centre).addClass("centrum");
    raise(drawing.rubricering);
    // Start on a circle, then let the force-directed layout pull related entities together;
    // neither is random, so the same view gives the same drawing.
    cy.layout({name: "circle", animate: false, sort: function (a, b) {
      return a.data("afstand") - b.data("afstand") || a.id().localeCompare(b.id()); }}).run();
    cy.layout({name: "cose", randomize: false, animate: false, padding: 30,
      nodeDimensionsIncludeLabels: true, idealEdgeLength: function () { return 90; },
      nodeRepulsion: function () { return 8000; }}).run();
    fillChooser();
  }

  function fillChooser() {
    var chosen = chooser.value;
    chooser.replaceChildren(new Option("— kies —", ""));
    cy.nodes().sort(function (a, b) { return a.data("label").localeCompare(b.data("label")); })
      .forEach(function (node) { chooser.add(new Option(node.data("label") + " (" + node.data("soort") + ")", node.id())); });
    cy.edges().forEach(function (edge) { chooser.add(new Option(edge.data("zin"), edge.id())); });
    chooser.value = chosen;
  }

  function element(tag, text, className) {
    var made = document.createElement(tag);
    if (text) { made.textContent = text; }
    if (className) { made.className = className; }
    return made;
  }

  function link(href, text) {
    var made = element("a", text);
    made.href = href;
    return made;
  }

  function row(list, term, value) {
    list.append(element("dt", term), element("dd", value));
  }

  function showNode(node) {
    var data = node.data();
    var list = element("dl");
    row(list, "Soort", data.soort);
    row(list, "Id", data.id);
    row(list, "Leveringen", data.stub ? "niet zichtbaar voor dit doel" : data.leveringen.join(", "));
    if (data.signalen.length) { row(list, "Signalen", data.signalen.join(", ")); }
    if (data.strafzaak) { row(list, "Strafzaak", "partij in een strafzaak"); }
    var actions = element("div", "", "knoppen");
    if (!data.stub) {
      var expand = element("button", "Buren tonen");
      expand.type = "button";
      expand.disabled = expanded.indexOf(data.id) >= 0 || data.id === centre;
      expand.addEventListener("click", function () { grow(data.id); });
      var target = element("button", "Paden hierheen");
      target.type = "button";
      target.addEventListener("click", function () {
        var field = document.getElementById("paden-naar");
        field.value = data.id;
        field.focus();
      });
      actions.append(expand, target, link("/entiteit/" + encodeURIComponent(data.id), "Entiteitpagina"),
        link("/entiteit/" + encodeURIComponent(data.id) + "/netwerk", "Netwerk vanaf hier"));
    }
    detail.replaceChildren(element("h3", data.label), list, actions);
  }

  function showEdge(edge) {
    var data = edge.data();
    var list = element("dl");
    row(list, "Leveringen", data.leveringen.join(", "));
    var evidence = element("details");
    evidence.open = true;
    evidence.append(element("summary", data.vastleggingen.length + (data.vastleggingen.length === 1 ? " vastlegging" : " vastleggingen")));
    var items = element("ul");
    data.vastleggingen.forEach(function (id) { var item = element("li"); item.append(element("code", id)); items.append(item); });
    evidence.append(items);
    var parts = [element("h3", data.zin), list, evidence];
    if (data.entiteit) {
      parts.push(link("/entiteit/" + encodeURIComponent(data.entiteit), "De relatie met de herkomst van elke waarde"));
    }
    detail.replaceChildren.apply(detail, parts);
  }

  function show(id) {
    var chosen = cy.getElementById(id);
    if (chosen.empty()) { return; }
    cy.elements().unselect();
    chosen.select();
    if (chosen.isNode()) { showNode(chosen); } else { showEdge(chosen); }
  }

  function grow(id) {
    say("");
    var base = cy.getElementById(id).data("afstand") || 0;
    load("/entiteit/" + encodeURIComponent(id) + "/netwerk.json?stappen=1").then(function (drawing) {
      expanded.push(id);
      add(drawing, base);
      exports();
      show(id);
      say("De buren van " + cy.getElementById(id).data("label") + " zijn toegevoegd.");
    }).catch(function (error) { say(error.message); });
  }

  function exports() {
    ["gexf", "ftm"].forEach(function (format) {
      var anchor = document.getElementById("export-" + format);
      var url = new URL(anchor.href);
      url.searchParams.delete("uit");
      expanded.forEach(function (id) { url.searchParams.append("uit", id); });
      anchor.href = url.pathname + url.search;
    });
  }

  cy.on("tap", "node, edge", function (event) { chooser.value = event.target.id(); show(event.target.id()); });
  chooser.addEventListener("change", function () { show(chooser.value); });

  document.getElementById("paden-formulier").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = new FormData(event.target);
    var query = new URLSearchParams({van: form.get("van"), naar: form.get("naar")});
    load("/netwerk/paden.json?" + query.toString()).then(function (drawing) {
      cy.elements().removeClass("pad");
      add(drawing, 0);
      drawing.paden.forEach(function (ids) { ids.forEach(function (id) { cy.getElementById(id).addClass("pad"); }); });
      if (drawing.lengte === null) {
        say("Er is geen pad tussen deze twee in het netwerk dat u voor dit doel mag zien.");
      } else {
        say(drawing.paden.length + (drawing.paden.length === 1 ? " kortste pad" : " kortste paden") +
          " van " + drawing.lengte + (drawing.lengte === 1 ? " stap" : " stappen") + " getekend.");
      }
    }).catch(function (error) { say(error.message); });
  });

  document.getElementById("export-png").addEventListener("click", function () {
    var blob = cy.png({output: "blob", full: true, bg: "#ffffff", scale: 2});
    var anchor = link(URL.createObjectURL(blob), "");
    anchor.download = "netwerk-" + centre.replace(/[^A-Za-z0-9._-]/g, "_") + ".png";
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
  });

  // The page carries its drawing (a data block, not a script), so opening it reads once.
  add(JSON.parse(document.getElementById("netwerk-gegevens").textContent), 0);
}());
