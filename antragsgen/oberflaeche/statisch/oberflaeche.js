// antragsgen Oberfläche: the few things htmx does not do (no inline script: the CSP forbids it).
(function () {
  "use strict";

  // "Antragspunkt hinzufügen" opens the choice of kind (Text, Stelle, Mittel)
  document.addEventListener("click", function (ereignis) {
    var knopf = ereignis.target.closest("button.aufklapper");
    if (!knopf) return;
    var ziel = document.getElementById(knopf.getAttribute("aria-controls"));
    var offen = knopf.getAttribute("aria-expanded") === "true";
    knopf.setAttribute("aria-expanded", offen ? "false" : "true");
    ziel.hidden = offen;
    if (!offen) { var erster = ziel.querySelector("button"); if (erster) erster.focus(); }
  });
  document.addEventListener("keydown", function (ereignis) {
    if (ereignis.key !== "Escape") return;
    var gruppe = ereignis.target.closest(".sorten");
    if (!gruppe) return;
    var knopf = document.querySelector('[aria-controls="' + gruppe.id + '"]');
    gruppe.hidden = true;
    knopf.setAttribute("aria-expanded", "false");
    knopf.focus();
  });
  function zuklappen(wurzel) {
    if (wurzel.matches && wurzel.matches(".sorten")) wurzel.hidden = true;
    wurzel.querySelectorAll(".sorten").forEach(function (g) { g.hidden = true; });
  }
  document.addEventListener("DOMContentLoaded", function () { zuklappen(document); });
  // new content from the server starts closed (the preview's swaps leave an open choice alone)
  document.addEventListener("htmx:load", function (e) { zuklappen(e.detail.elt); });

  // the Markdown toolbar: wraps the selection of its textarea
  var formen = {
    fett: ["**", "**", "fetter Text"],
    kursiv: ["*", "*", "kursiver Text"],
    link: ["[", "](https://)", "Linktext"],
  };
  document.addEventListener("click", function (ereignis) {
    var knopf = ereignis.target.closest("[data-md]");
    if (!knopf) return;
    var feld = document.getElementById(knopf.closest("[data-ziel]").dataset.ziel);
    var von = feld.selectionStart, bis = feld.selectionEnd, text = feld.value;
    var auswahl = text.slice(von, bis), neu, fokusVon, fokusBis;
    if (knopf.dataset.md === "liste") {
      var zeilen = (auswahl || "Punkt").split("\n").map(function (z) { return "- " + z.replace(/^- /, ""); });
      var davor = von > 0 && text[von - 1] !== "\n" ? "\n" : "";
      neu = davor + zeilen.join("\n");
      fokusVon = von + neu.length; fokusBis = fokusVon;
    } else {
      var f = formen[knopf.dataset.md];
      var inhalt = auswahl || f[2];
      neu = f[0] + inhalt + f[1];
      fokusVon = von + f[0].length; fokusBis = fokusVon + inhalt.length;
    }
    feld.value = text.slice(0, von) + neu + text.slice(bis);
    feld.focus();
    feld.setSelectionRange(fokusVon, fokusBis);
    feld.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();
