// Stuurinformatie dashboard: fetches /api/v1/stuurinformatie with the staff member's bearer token
// and draws every chart as plain SVG. No libraries and nothing from elsewhere: the service serves
// all of it, and the Content-Security-Policy allows only this origin.
"use strict";

const API = "/api/v1/stuurinformatie";
const SVGNS = "http://www.w3.org/2000/svg";
const OPSLAG = "zl-stuurinformatie-token";

const UITKOMSTEN = {
  toegekend: "Toegekend",
  gedeeltelijk_toegekend: "Gedeeltelijk toegekend",
  afgewezen: "Afgewezen",
  buiten_behandeling: "Buiten behandeling",
  ingetrokken: "Ingetrokken",
};
const FASEN = {
  ontvangen: "Ontvangen",
  in_verificatie: "Registers raadplegen",
  te_controleren: "Te controleren",
  hersteltermijn: "Hersteltermijn",
  te_beoordelen: "Te beoordelen",
  te_reviewen: "Te reviewen",
};
const WERKVOORRAAD_KLASSEN = ["0-7", "8-14", "15-28", "29-56", "57+"];
// SBI 2008 sections.
const SECTOREN = {
  A: "Landbouw, bosbouw en visserij", B: "Delfstoffenwinning", C: "Industrie", D: "Energievoorziening",
  E: "Water en afval", F: "Bouw", G: "Handel", H: "Vervoer en opslag", I: "Horeca",
  J: "Informatie en communicatie", K: "Financiële dienstverlening", L: "Verhuur en handel van onroerend goed",
  M: "Specialistische zakelijke diensten", N: "Verhuur en overige zakelijke diensten", O: "Openbaar bestuur",
  P: "Onderwijs", Q: "Gezondheids- en welzijnszorg", R: "Cultuur, sport en recreatie", S: "Overige dienstverlening",
  T: "Huishoudens", U: "Extraterritoriale organisaties", "?": "Onbekend",
};

// A suppressed cell is drawn as a small dashed stub: its size must not suggest a number.
const STOMP = 6;

const $ = (id) => document.getElementById(id);

function html(tag, attrs = {}, ...kinderen) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const k of kinderen) e.append(k);
  return e;
}

function svg(tag, attrs = {}, ...kinderen) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const k of kinderen) e.append(k);
  return e;
}

// A suppressed cell (1 to 4 people) arrives as null and is shown as "<5", never as a number.
function getal(n) {
  return n === null || n === undefined ? "<5" : Number(n).toLocaleString("nl-NL");
}

function euro(cent) {
  return cent === null ? "<5" : "€ " + Math.round(cent / 100).toLocaleString("nl-NL");
}

function procent(aandeel) {
  return aandeel === null || aandeel === undefined ? "–" : (aandeel * 100).toLocaleString("nl-NL", { maximumFractionDigits: 1 }) + "%";
}

function dagen(d) {
  return d === null || d === undefined ? "–" : d.toLocaleString("nl-NL") + " dagen";
}

function leeg(doel, tekst = "Geen gegevens in deze periode.") {
  doel.replaceChildren(html("p", { class: "leeg" }, tekst));
}

// Vertical bars, one per category, optionally stacked by series. `rijen`: [{label, delen: [{reeks, waarde}]}].
function staven(doel, rijen, { reeksen = null, opmaak = getal, titel = "", breedte = 480 } = {}) {
  if (!rijen.length) return leeg(doel);
  const hoogte = breedte > 600 ? 220 : 200, links = 56, onder = 34, boven = 16;
  const totaal = (r) => r.delen.reduce((s, d) => s + (d.waarde ?? 0), 0);
  const max = Math.max(1, ...rijen.map(totaal));
  const stap = (breedte - links - 8) / rijen.length;
  const balk = Math.max(4, Math.min(48, stap * 0.7));
  const schaal = (v) => ((hoogte - onder - boven) * v) / max;
  const s = svg("svg", { viewBox: `0 0 ${breedte} ${hoogte}`, role: "img", "aria-label": titel });
  s.append(svg("title", {}, titel));
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4, y = hoogte - onder - schaal(v);
    s.append(svg("line", { class: "as", x1: links, x2: breedte, y1: y, y2: y }));
    s.append(svg("text", { class: "as-label", x: links - 6, y: y + 3, "text-anchor": "end" }, opmaak === getal ? Math.round(v).toLocaleString("nl-NL") : opmaak(v)));
  }
  rijen.forEach((r, i) => {
    const x = links + i * stap + (stap - balk) / 2;
    let y = hoogte - onder;
    const g = svg("g", { class: "staaf", "data-label": r.label });
    for (const d of r.delen) {
      const onderdrukt = d.waarde === null;
      const h = onderdrukt ? STOMP : schaal(d.waarde);
      y -= h;
      const rect = svg("rect", {
        class: onderdrukt ? "onderdrukt" : `balk k-${d.reeks ?? "standaard"}`,
        x, y, width: balk, height: Math.max(h, 0.5), "data-waarde": onderdrukt ? "<5" : d.waarde,
      });
      rect.append(svg("title", {}, `${r.label}${d.reeks ? " – " + (reeksen?.[d.reeks] ?? d.reeks) : ""}: ${opmaak(d.waarde)}`));
      g.append(rect);
    }
    const label = r.delen.length === 1 ? opmaak(r.delen[0].waarde) : getal(r.delen.some((d) => d.waarde === null) ? null : totaal(r));
    // Many weeks: every bar keeps its tooltip, but only some carry a printed label.
    const elke = Math.ceil(rijen.length / 26);
    if (elke === 1) {
      g.append(svg("text", { class: "waarde-label", x: x + balk / 2, y: y - 3, "text-anchor": "middle" }, r.delen.length === 1 || !r.delen.some((d) => d.waarde === null) ? label : getal(totaal(r)) + "+"));
    }
    if (i % elke === 0) {
      g.append(svg("text", { class: "as-label", x: x + balk / 2, y: hoogte - onder + 14, "text-anchor": "middle" }, r.label));
    }
    s.append(g);
  });
  doel.replaceChildren(s);
  if (reeksen) doel.append(legenda(reeksen));
}

// Horizontal bars, optionally stacked. `rijen`: [{label, delen: [{reeks, waarde}]}].
function liggend(doel, rijen, { reeksen = null, titel = "" } = {}) {
  if (!rijen.length) return leeg(doel);
  const breedte = 560, labelBreedte = 190, regel = 24;
  const hoogte = rijen.length * regel + 8;
  const totaal = (r) => r.delen.reduce((s, d) => s + (d.waarde ?? 0), 0);
  const max = Math.max(1, ...rijen.map(totaal));
  const schaal = (v) => ((breedte - labelBreedte - 60) * v) / max;
  const s = svg("svg", { viewBox: `0 0 ${breedte} ${hoogte}`, role: "img", "aria-label": titel });
  s.append(svg("title", {}, titel));
  rijen.forEach((r, i) => {
    const y = 4 + i * regel;
    const g = svg("g", { class: "staaf", "data-label": r.label });
    g.append(svg("text", { x: labelBreedte - 6, y: y + 15, "text-anchor": "end" }, r.label));
    let x = labelBreedte;
    for (const d of r.delen) {
      const onderdrukt = d.waarde === null;
      const w = onderdrukt ? STOMP : schaal(d.waarde);
      const rect = svg("rect", {
        class: onderdrukt ? "onderdrukt" : `balk k-${d.reeks ?? "standaard"}`,
        x, y: y + 3, width: Math.max(w, 0.5), height: regel - 8, "data-waarde": onderdrukt ? "<5" : d.waarde,
      });
      rect.append(svg("title", {}, `${r.label}${d.reeks ? " – " + (reeksen?.[d.reeks] ?? d.reeks) : ""}: ${getal(d.waarde)}`));
      g.append(rect);
      x += w;
    }
    const alleBekend = !r.delen.some((d) => d.waarde === null);
    const tekst = r.delen.length === 1 ? getal(r.delen[0].waarde) : alleBekend ? getal(totaal(r)) : (totaal(r) ? getal(totaal(r)) + "+" : "<5");
    g.append(svg("text", { class: "waarde-label", x: x + 4, y: y + 15 }, tekst));
    s.append(g);
  });
  doel.replaceChildren(s);
  if (reeksen) doel.append(legenda(reeksen));
}

function legenda(reeksen) {
  const l = html("div", { class: "legenda" });
  for (const [sleutel, naam] of Object.entries(reeksen)) l.append(html("span", { class: `k-${sleutel}` }, naam));
  return l;
}

function tabel(doel, regels) {
  const t = html("table", { class: "cijfers" });
  for (const [naam, waarde] of regels) t.append(html("tr", {}, html("th", {}, naam), html("td", { class: "getal" }, waarde)));
  doel.append(t);
}

function tegels(c) {
  const som = (rijen) => (rijen.some((r) => r.aantal === null) ? null : rijen.reduce((s, r) => s + r.aantal, 0));
  const ontvangen = som(c.instroomPerMaand);
  const d = c.doorlooptijd[0];
  const voorraad = som(c.werkvoorraad);
  const items = [
    ["Ontvangen", ontvangen === null ? "≥ " + getal(c.instroomPerMaand.reduce((s, r) => s + (r.aantal ?? 0), 0)) : getal(ontvangen)],
    ["Besloten (zonder intrekking)", getal(d.aantal)],
    ["Doorlooptijd mediaan", dagen(d.mediaanDagen)],
    ["Doorlooptijd 90e percentiel", dagen(d.p90Dagen)],
    ["Binnen streeftermijn", procent(d.binnenStreeftermijn)],
    ["Binnen wettelijke termijn", procent(d.binnenWettelijkeTermijn)],
    ["Werkvoorraad nu", voorraad === null ? "≥ " + getal(c.werkvoorraad.reduce((s, r) => s + (r.aantal ?? 0), 0)) : getal(voorraad)],
  ];
  $("tegels").replaceChildren(
    ...items.map(([naam, waarde]) => html("div", { class: "tegel", "data-tegel": naam }, html("div", { class: "waarde" }, waarde), html("div", { class: "naam" }, naam))),
  );
}

function toon(c) {
  const regeling = c.regeling ? $("regeling").selectedOptions[0]?.textContent ?? c.regeling : "alle regelingen";
  $("kop").textContent = `Gemeente ${c.gemeente}, ${regeling}, ${c.vanaf} tot en met ${c.tot}. Werkvoorraad op ${c.peildatum}.`;
  tegels(c);
  staven($("grafiek-instroom"), c.instroomPerWeek.map((r) => ({ label: r.week.replace(/^\d{4}-/, ""), delen: [{ waarde: r.aantal }] })), { titel: "Instroom per week", breedte: 1100 });

  const weken = [...new Set(c.besluitenPerWeek.map((r) => r.week))];
  staven(
    $("grafiek-besluiten"),
    weken.map((w) => ({
      label: w.replace(/^\d{4}-/, ""),
      delen: c.besluitenPerWeek.filter((r) => r.week === w).map((r) => ({ reeks: r.uitkomst, waarde: r.aantal })),
    })),
    { reeksen: UITKOMSTEN, titel: "Besluiten per week", breedte: 1100 },
  );

  const fasen = c.werkvoorraad.map((r) => r.fase);
  const klassen = Object.fromEntries(WERKVOORRAAD_KLASSEN.map((k, i) => [`l${i}`, `${k} dagen`]));
  liggend(
    $("grafiek-werkvoorraad"),
    fasen.map((f) => ({
      label: FASEN[f] ?? f,
      delen: c.werkvoorraadPerLeeftijd.filter((r) => r.fase === f).map((r) => ({ reeks: `l${WERKVOORRAAD_KLASSEN.indexOf(r.leeftijd)}`, waarde: r.aantal })),
    })),
    { reeksen: klassen, titel: "Werkvoorraad per fase" },
  );
  if (c.werkvoorraad.length) {
    tabel($("grafiek-werkvoorraad"), c.werkvoorraad.map((r) => [`${FASEN[r.fase] ?? r.fase}: voorbij beslistermijn`, getal(r.voorbijBeslistermijn)]));
  }

  staven($("grafiek-doorlooptijd"), c.doorlooptijdVerdeling.map((r) => ({ label: r.klasse, delen: [{ waarde: r.aantal }] })), { titel: "Doorlooptijd" });
  staven($("grafiek-bedragen"), c.bedragenPerMaand.map((r) => ({ label: r.maand, delen: [{ waarde: r.bedragCent }] })), { opmaak: euro, titel: "Toegekend bedrag per maand" });

  const h = c.herstelverzoeken[0];
  $("grafiek-herstel").replaceChildren();
  tabel($("grafiek-herstel"), [
    ["Aanvragen met een herstelverzoek", getal(h.aanvragen)],
    ["Verzoeken", getal(h.verzoeken)],
    ["Aangevuld", getal(h.aangevuld)],
    ["Termijn loopt nog", getal(h.open)],
    ["Termijn verstreken zonder aanvulling", getal(h.verlopen)],
    ["Respons", procent(h.responspercentage)],
  ]);

  const verdeling = (rijen, naam = (x) => x) => rijen.map((r) => ({ label: naam(r.categorie), delen: [{ waarde: r.aantal }] }));
  liggend($("grafiek-wijk"), verdeling(c.perWijk), { titel: "Aanvragen per wijk" });
  liggend($("grafiek-sector"), verdeling(c.perSector, (s) => `${s === "?" ? "" : s + " "}${SECTOREN[s] ?? s}`), { titel: "Aanvragen per sector" });
  liggend($("grafiek-leeftijd"), verdeling(c.perLeeftijd), { titel: "Aanvragen per leeftijd" });
  liggend($("grafiek-verwijzingen"), c.verwijzingen.map((r) => ({ label: r.soort, delen: [{ waarde: r.aantal }] })), { titel: "Verwijzingen per soort" });

  $("voetnoot").textContent =
    `Aantallen van 1 tot en met ${c.drempel - 1} personen zijn onderdrukt en staan er als "<${c.drempel}" (gestippeld) in, zodat niemand herkenbaar is. ` +
    "Instroom, wijk, sector, leeftijd en herstelverzoeken gaan over de aanvragen ontvangen in de periode; besluiten, bedragen en doorlooptijden over de besluiten in de periode; verwijzingen over die gemaakt in de periode; de werkvoorraad is die van de peildatum.";
  $("dashboard").hidden = false;
}

function parameters() {
  const p = new URLSearchParams();
  for (const naam of ["gemeente", "regeling", "vanaf", "tot"]) {
    const v = $(naam).value.trim();
    if (v) p.set(naam, v);
  }
  return p;
}

async function haal(pad, accept) {
  const token = sessionStorage.getItem(OPSLAG);
  const r = await fetch(`${pad}?${parameters()}`, { headers: { Authorization: `Bearer ${token}`, Accept: accept } });
  if (!r.ok) {
    let uitleg = `Fout ${r.status}.`;
    try {
      const p = await r.json();
      const velden = (p.invalidParams ?? []).map((x) => `${x.name}: ${x.reason}`).join(" ");
      uitleg = [p.detail ?? p.title, velden].filter(Boolean).join(" ");
    } catch (_) { /* no problem+json body */ }
    if (r.status === 401) uitleg = "Uw token is ongeldig of verlopen. Log opnieuw in.";
    throw new Error(uitleg);
  }
  return r;
}

function melding(tekst) {
  $("melding").textContent = tekst;
  $("melding").hidden = !tekst;
}

async function laad() {
  melding("");
  try {
    const r = await haal(API, "application/json");
    toon(await r.json());
    $("csv").disabled = false;
    document.body.dataset.geladen = "ja";
  } catch (e) {
    $("dashboard").hidden = true;
    melding(e.message);
    document.body.dataset.geladen = "fout";
  }
}

async function downloadCsv() {
  try {
    const r = await haal(`${API}.csv`, "text/csv");
    const a = html("a", { href: URL.createObjectURL(await r.blob()), download: `stuurinformatie-${$("gemeente").value || "gemeente"}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
  } catch (e) {
    melding(e.message);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("filters").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(OPSLAG, $("token").value.trim());
    laad();
  });
  $("csv").addEventListener("click", downloadCsv);
  $("uitloggen").addEventListener("click", () => {
    sessionStorage.removeItem(OPSLAG);
    $("token").value = "";
    $("dashboard").hidden = true;
    $("csv").disabled = true;
  });
  const token = sessionStorage.getItem(OPSLAG);
  if (token) {
    $("token").value = token;
    laad();
  }
});
