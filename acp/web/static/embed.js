/* The embeddable map (/embed/carte, acp/web/embed.py): reads its configuration from the page's JSON, draws the
   country outlines and one keyboard-focusable marker per located assembly over Leaflet. Every value from the
   data goes into the page through textContent, setAttribute or a property: never innerHTML. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("acp-config").textContent);
  var text = config.text;

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = String(content); }
    return node;
  }

  function webAddress(value) {
    return typeof value === "string" && /^https?:\/\//i.test(value) ? value : null;
  }

  // Count line, legend, source link
  document.getElementById("count").textContent = text.count + (text.unlocated ? " " + text.unlocated : "");
  var legend = document.getElementById("legend");
  legend.setAttribute("aria-label", text.legend);
  config.legend.forEach(function (entry) {
    var chip = el("span", "acp-chip");
    chip.setAttribute("role", "listitem");
    var swatch = el("span", "acp-swatch");
    swatch.setAttribute("aria-hidden", "true");
    swatch.style.background = entry.colour;
    chip.appendChild(swatch);
    chip.appendChild(document.createTextNode(entry.label + " (" + entry.count + ")"));
    legend.appendChild(chip);
  });
  var source = webAddress(config.source);
  if (source) {
    var link = el("a", null, text.source);
    link.href = source;
    link.target = "_blank";
    link.rel = "noopener";
    document.getElementById("foot").appendChild(link);
  }

  var map = L.map("map", {attributionControl: Boolean(config.tiles), worldCopyJump: true, minZoom: 2, maxZoom: 14});
  map.setView([50, 8], 4);
  if (config.tiles) {
    map.attributionControl.setPrefix(false);
    L.tileLayer(config.tiles, {subdomains: "abcd", maxZoom: 19, attribution: config.attribution}).addTo(map);
  }

  function fail() {
    document.getElementById("count").appendChild(el("span", "acp-error", " " + text.failed));
  }

  fetch(config.outlines).then(function (r) { return r.json(); }).then(function (outlines) {
    var layer = L.geoJSON(outlines, {interactive: false, style: {
      color: "#78828c", weight: 1, fillColor: config.tiles ? "#ecf0f4" : "#f7f8f6", fillOpacity: config.tiles ? 0.43 : 1}});
    layer.addTo(map);
    layer.bringToBack();
  }).catch(fail);

  function popup(properties) {
    var box = el("div", "acp-popup");
    box.appendChild(el("strong", null, properties.name));
    var place = [properties.city, config.countries[properties.country] || properties.country]
      .filter(function (v) { return v; }).join(", ");
    if (place) { box.appendChild(el("p", null, place)); }
    if (properties.start_year !== null && properties.start_year !== undefined) {
      box.appendChild(el("p", null, text.created + " " + properties.start_year));
    }
    var fiche = webAddress(properties.fiche);
    if (fiche) {
      var link = el("a", null, text.open);
      link.href = fiche;
      link.target = "_blank";
      link.rel = "noopener";
      box.appendChild(link);
    }
    return box;
  }

  fetch(config.geojson).then(function (r) {
    if (!r.ok) { throw new Error(r.status); }
    return r.json();
  }).then(function (collection) {
    var features = collection.features;
    var size = features.length < 500 ? 16 : 10;
    var icon = L.divIcon({className: "acp-marker", iconSize: [size, size], html: ""});
    var group = L.featureGroup();
    var markers = features.map(function (feature) {
      var p = feature.properties;
      var c = feature.geometry.coordinates;
      var marker = L.marker([c[1], c[0]], {icon: icon, keyboard: true, title: String(p.name), riseOnHover: true});
      marker.bindPopup(function () { return popup(p); }, {closeButton: true, autoPanPadding: [20, 20]});
      marker.acpColour = config.colours[p[config.dimension] === null ? "nr" : p[config.dimension]] || config.unknown;
      marker.acpName = String(p.name);
      group.addLayer(marker);
      return marker;
    });
    group.addTo(map);
    markers.forEach(function (marker) {
      var node = marker.getElement();
      node.style.background = marker.acpColour;
      node.setAttribute("aria-label", marker.acpName);
    });
    if (markers.length) {
      map.fitBounds(group.getBounds(), {padding: [24, 24], maxZoom: 9});
    }
    map.on("popupopen", function (e) {
      var close = e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", text.close); }
    });
  }).catch(fail);
}());
