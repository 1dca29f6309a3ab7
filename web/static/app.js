// The page's logic: language, the WebAssembly verifier, the trust root in
// localStorage, dropping files, fetching a certificate from the node that
// served the page, checking a disclosure (or an OpenAttestation document,
// its own disclosure) and a credential's status lists, showing the
// verdict, and the explorer. No inline
// script: the Content-Security-Policy allows only this origin's files.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const dict = window.CORRIDOR_I18N;
  const TRUST_KEY = "corridor.trust.genesis";
  const LANG_KEY = "corridor.lang";
  const state = { lang: "en", engine: "loading", doc: null, docHash: "", cert: null, disclosure: null, oa: false, oaAsked: "", lists: [], verdict: null, error: "" };

  // ---- Language -----------------------------------------------------------
  function pickLang() {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved && dict[saved]) return saved;
    for (const l of navigator.languages || [navigator.language || "en"]) {
      const s = l.toLowerCase();
      if (s.startsWith("zh")) {
        return /hant|-tw|-hk|-mo/.test(s) ? "zh-Hant" : "zh-Hans";
      }
      if (s.startsWith("en")) return "en";
    }
    return "en";
  }
  function t(key, ...args) {
    let s = (dict[state.lang] && dict[state.lang][key]) || dict.en[key] || key;
    args.forEach((a, i) => { s = s.split("{" + i + "}").join(String(a)); });
    return s;
  }
  function sub(group, key, fallback) {
    const g = dict[state.lang][group] || {};
    return g[key] || (dict.en[group] || {})[key] || fallback || key;
  }
  function setLang(l) {
    state.lang = dict[l] ? l : "en";
    localStorage.setItem(LANG_KEY, state.lang);
    document.documentElement.lang = state.lang;
    $("lang").value = state.lang;
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.title = t("title") + " — Corridor";
    renderAll();
  }

  // ---- Status lines -------------------------------------------------------
  const msgs = {};
  function say(id, key, ...args) { msgs[id] = [key, args]; $(id).textContent = key ? t(key, ...args) : ""; }
  function renderMsgs() { for (const id in msgs) { const [k, a] = msgs[id]; $(id).textContent = k ? t(k, ...a) : ""; } }

  // ---- The verifier -------------------------------------------------------
  function engineReady() { return state.engine === "ready"; }
  function showEngine() {
    $("engine").dataset.state = state.engine;
    const key = { loading: "engineLoading", ready: "engineReady", missing: "engineMissing", error: "engineError" }[state.engine];
    say("engine", key, state.error);
    document.body.dataset.engine = state.engine;
  }
  async function startEngine() {
    if (typeof window.Go !== "function") { state.engine = "missing"; showEngine(); return; }
    try {
      const resp = await fetch("verifier.wasm");
      if (!resp.ok) { state.engine = "missing"; showEngine(); return; }
      const go = new window.Go();
      // Compile while downloading where the browser can; a server that
      // does not say application/wasm gets the buffered path.
      const result = (resp.headers.get("Content-Type") || "").startsWith("application/wasm") && WebAssembly.instantiateStreaming
        ? await WebAssembly.instantiateStreaming(resp, go.importObject)
        : await WebAssembly.instantiate(await resp.arrayBuffer(), go.importObject);
      const ready = new Promise((res) => { window.onCorridorReady = res; });
      go.run(result.instance);
      await ready;
      state.engine = "ready";
    } catch (e) {
      state.engine = "error"; state.error = String(e && e.message || e);
    }
    showEngine();
    loadSavedTrust();
    if (state.doc) hashDoc();
  }
  function call(fn, ...args) { return JSON.parse(window[fn](...args)); }

  // ---- Trust root ---------------------------------------------------------
  function trustBytes() {
    const s = localStorage.getItem(TRUST_KEY);
    return s === null ? null : new TextEncoder().encode(s);
  }
  function loadSavedTrust() {
    const b = trustBytes();
    if (!b) { say("trust-state", "trustNone"); $("trust-forget").hidden = true; return; }
    if (!engineReady()) return;
    const tr = call("corridorTrust", b);
    if (tr.error) { say("trust-state", "trustBad", tr.error); return; }
    say("trust-state", "trustLoaded", tr.chain_id, tr.validators, tr.file_sha256);
    $("trust-forget").hidden = false;
  }
  async function onTrustFile(file) {
    const text = await file.text();
    if (!engineReady()) { say("trust-state", "needEngine"); return; }
    const tr = call("corridorTrust", new TextEncoder().encode(text));
    if (tr.error) { say("trust-state", "trustBad", tr.error); return; }
    localStorage.setItem(TRUST_KEY, text);
    loadSavedTrust();
    verify();
  }

  // ---- Document and certificate ------------------------------------------
  let docSeq = 0; // the latest document dropped; answers about older ones are dropped
  async function onDocFile(file) {
    const seq = ++docSeq;
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (seq !== docSeq) return;
    state.doc = bytes;
    state.cert = null; state.disclosure = null; state.oa = false; state.verdict = null; say("cert-state", null); say("disclosure-state", null);
    state.lists = []; say("status-state", null); renderVerdict();
    hashDoc();
    if (!state.docHash) return;
    await fetchCert(state.docHash, seq);
    if (seq === docSeq) verify();
  }
  function hashDoc() {
    if (!engineReady()) { say("doc-state", "needEngine"); return; }
    const h = call("corridorHash", state.doc);
    const d = h.documents[0];
    state.docHash = d.canonical_hash || d.hash || "";
    if (h.error) say("doc-state", "docBad", h.error, h.raw_sha256);
    else say("doc-state", "docHashed", d.profile, state.docHash);
  }
  async function fetchCert(hash, seq) {
    if (!/^https?:$/.test(location.protocol)) { say("cert-state", "certOffline"); return; }
    say("cert-state", "certFetching");
    try {
      const resp = await fetch("/v1/certificates/" + hash, { headers: { Accept: "application/json" } });
      const body = new Uint8Array(await resp.arrayBuffer());
      if (seq !== docSeq) return;
      // Only a node answers JSON; a static host's 404 page says nothing about the document.
      const fromNode = (resp.headers.get("Content-Type") || "").includes("json");
      if (!fromNode) { say("cert-state", "certOffline"); return; }
      // A document the node has no certificate for is tampered; an
      // OpenAttestation document without one gets the verifier's refusal.
      if (resp.status === 404) { say("cert-state", "certNotFound"); if (!state.disclosure) showTampered(); return; }
      if (!resp.ok) { say("cert-state", "certOffline"); return; }
      state.cert = body;
      const c = JSON.parse(new TextDecoder().decode(state.cert));
      say("cert-state", "certFetched", c.height);
    } catch (e) {
      if (seq === docSeq) say("cert-state", "certOffline");
    }
  }
  async function onCertFile(file) {
    state.cert = new Uint8Array(await file.arrayBuffer());
    // An OpenAttestation document keeps waiting for this certificate; a
    // corridor-disclosure carries its own, so a certificate replaces it.
    if (!state.oa) { state.disclosure = null; say("disclosure-state", null); }
    try {
      const c = JSON.parse(new TextDecoder().decode(state.cert));
      say("cert-state", "certLoaded", (c.document && c.document.hash) || "?");
    } catch (e) {
      say("cert-state", "certBad", e.message);
    }
    verify();
  }
  // A disclosure carries its certificate: the verifier checks the revealed
  // fields, that certificate and that its anchor holds the field root, all
  // in Go (proof.VerifyDisclosure, as `corridord verify --disclosure`).
  // An OpenAttestation v2 document is its own disclosure: the verifier
  // recomputes its targetHash from the visible fields and the obfuscated
  // hashes (proof.VerifyOpenAttestation, as `corridord verify --disclosure
  // OA.json --certificate CERT.json`); the certificate of its merkleRoot is
  // asked of the node, or chosen under "3. Certificate".
  async function onDisclosureFile(file) {
    const seq = ++docSeq;
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (seq !== docSeq) return;
    state.disclosure = bytes; state.disclosureName = file.name; state.oa = false; state.oaAsked = "";
    state.doc = null; state.docHash = ""; state.cert = null; state.verdict = null; state.lists = [];
    say("doc-state", null); say("cert-state", null); say("status-state", null);
    say("disclosure-state", "disclosureLoaded", file.name);
    verify();
  }
  // A W3C credential's status-list credentials, one file per drop (the
  // credential may name several lists); a new document starts afresh.
  async function onStatusFile(file) {
    state.lists.push(new Uint8Array(await file.arrayBuffer()));
    state.listName = file.name;
    say("status-state", "statusLoaded", file.name, state.lists.length);
    verify();
  }
  function verify() {
    if (state.disclosure) return verifyDisclosure();
    if (!state.cert) return;
    if (!engineReady()) { say("cert-state", "needEngine"); return; }
    const trust = trustBytes();
    if (!trust) { say("trust-state", "needTrust"); return; }
    const r = call("corridorVerify", state.cert, trust, state.doc || undefined, state.lists);
    if (r.error) {
      state.verdict = null;
      // A status list the CLI would refuse is said beside the list.
      if (state.lists.length && /^status\//.test(r.error)) say("status-state", "statusBad", r.error);
      else say("cert-state", "certBad", r.error);
      renderVerdict(); return;
    }
    state.verdict = r.verdict;
    // The node's certificates prove no status-list records; say which
    // certificate does.
    if (state.lists.length) {
      const unproven = (r.verdict.checks || []).some((l) => l.check === "credential-status" && !l.ok && l.unproven);
      if (unproven) say("status-state", "statusNotProven");
      else say("status-state", "statusLoaded", state.listName, state.lists.length);
    }
    renderVerdict();
  }
  function verifyDisclosure() {
    if (!engineReady()) { say("disclosure-state", "needEngine"); return; }
    const trust = trustBytes();
    if (!trust) { say("trust-state", "needTrust"); return; }
    const r = call("corridorDisclosure", state.disclosure, trust, state.oa && state.cert ? state.cert : undefined);
    state.oa = !!r.open_attestation;
    if (r.error) { state.verdict = null; say("disclosure-state", "disclosureBad", r.error); renderVerdict(); return; }
    state.verdict = r.verdict; state.verdict.kind = "disclosure"; state.verdict.oa = state.oa;
    renderVerdict();
    if (!state.oa) return;
    say("disclosure-state", "oaLoaded", state.disclosureName, r.verdict.document || "?");
    // Ask the node once for the certificate of the merkleRoot.
    const root = r.verdict.document;
    if (!state.cert && root && state.oaAsked !== root) {
      state.oaAsked = root;
      const seq = docSeq;
      fetchCert(root, seq).then(() => { if (seq === docSeq && state.cert) verify(); });
    }
  }
  function showTampered() {
    state.verdict = { tamperedOnly: true };
    renderVerdict();
  }

  // ---- Verdict ------------------------------------------------------------
  function renderVerdict() {
    const box = $("verdict"), list = $("verdict-lines"), sum = $("verdict-summary");
    list.textContent = "";
    const v = state.verdict;
    renderDisclosed(v);
    if (!v) { box.hidden = true; return; }
    box.hidden = false;
    $("download").hidden = !state.cert;
    if (v.tamperedOnly) {
      sum.className = "bad"; sum.textContent = t("tampered"); box.dataset.valid = "false";
      return;
    }
    // A line marked na does not apply (a document line in a credential's
    // verdict) and never counts as failed.
    const failed = v.checks.filter((l) => !l.ok && !l.na);
    const applicable = v.checks.filter((l) => !l.na).length;
    const na = v.checks.length - applicable;
    const credential = v.kind === "credential";
    box.dataset.valid = String(v.valid);
    box.dataset.kind = v.kind || "document";
    sum.className = v.valid ? "ok" : "bad";
    // The summary says which checks it counts: a credential's verdict
    // counts only the lines that apply to a credential (the others are n/a).
    if (v.valid && v.oa) sum.textContent = t("validOA", (v.disclosed || []).length, v.field_count, v.field_count - (v.disclosed || []).length);
    else if (v.valid && v.kind === "disclosure") sum.textContent = t("validDisclosure", (v.disclosed || []).length, v.field_count);
    else if (v.valid) sum.textContent = credential ? t("validCredential", na) : na > 0 ? t("validNA", na) : t("valid");
    else sum.textContent = (v.revoked ? t("revoked") + " — " : "") + t(credential ? "invalidCredential" : "invalid", failed.length, applicable);
    if (failed.some((l) => l.check === "document")) sum.textContent += " — " + t("tampered");
    for (const l of v.checks) {
      const li = document.createElement("li");
      li.className = l.na ? "na" : l.ok ? "ok" : "bad";
      li.dataset.check = l.check;
      const mark = document.createElement("span");
      mark.className = "mark"; mark.textContent = l.na ? "–" : l.ok ? "✓" : "✗";
      mark.setAttribute("aria-label", l.na ? t("na") : l.ok ? t("ok") : t("bad"));
      mark.setAttribute("role", "img");
      const [base, jur] = l.check.split("/");
      const label = document.createElement("strong");
      label.textContent = sub("check", base, l.label) + (jur ? " — " + city(jur) + " (" + jur + ")" : "");
      li.append(mark, label);
      if (!l.ok && !l.na) {
        const reason = document.createElement("span");
        reason.className = "reason"; reason.textContent = sub("reason", base, "");
        li.append(reason);
      }
      const detail = document.createElement("span");
      detail.className = "detail"; detail.textContent = l.detail;
      li.append(detail);
      list.append(li);
    }
  }
  // renderDisclosed shows a disclosure's stable code when it fails and, only
  // when every line holds, the disclosed fields: the verifier returns no
  // others, and the disclosure holds no others.
  function renderDisclosed(v) {
    const code = $("verdict-code"), box = $("disclosed-box"), body = $("disclosed").tBodies[0];
    body.textContent = "";
    const disclosure = !!v && v.kind === "disclosure";
    code.hidden = !(disclosure && v.code);
    code.textContent = disclosure && v.code ? t("disclosureCode", v.code) : "";
    const fields = disclosure ? (v.disclosed || []) : [];
    box.hidden = fields.length === 0;
    $("disclosed-h").textContent = !fields.length ? "" : v.oa ? t("oaHeading", fields.length, v.field_count, v.field_count - fields.length)
      : t("disclosedHeading", fields.length, v.field_count, v.profile);
    for (const f of fields) { const tr = document.createElement("tr"); cell(tr, f.name); cell(tr, f.id); cell(tr, f.value); body.append(tr); }
  }
  function download() {
    if (!state.cert) return;
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([state.cert], { type: "application/json" }));
    a.download = "certificate-" + ((state.verdict && state.verdict.document) || state.docHash || "document").slice(0, 16) + ".json";
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  // ---- Explorer -----------------------------------------------------------
  let explorer = null;
  async function getJSON(p) {
    const r = await fetch(p, { headers: { Accept: "application/json" } });
    if (!r.ok) { const e = new Error("HTTP " + r.status); e.status = r.status; throw e; }
    return r.json();
  }
  function city(j) { return sub("city", j, j || "?"); }
  async function refreshExplorer() {
    if (!/^https?:$/.test(location.protocol)) { say("explorer-state", "explorerOffline"); return; }
    try {
      const [vals, blocks] = await Promise.all([getJSON("/v1/explorer/validators"), getJSON("/v1/explorer/blocks?n=10")]);
      explorer = { vals, blocks }; say("explorer-state", null);
    } catch (e) { say("explorer-state", "explorerOffline"); }
    renderExplorer();
  }
  function cell(tr, text) { const td = document.createElement("td"); td.textContent = text; tr.append(td); }
  function renderExplorer() {
    const vb = $("validators").tBodies[0], bb = $("blocks").tBodies[0];
    vb.textContent = ""; bb.textContent = "";
    if (!explorer) return;
    const vals = explorer.vals.slice().sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction) || b.power - a.power);
    for (const v of vals) { const tr = document.createElement("tr"); cell(tr, city(v.jurisdiction) + " (" + v.jurisdiction + ")"); cell(tr, v.name); cell(tr, String(v.power)); vb.append(tr); }
    for (const b of explorer.blocks) {
      const tr = document.createElement("tr");
      cell(tr, String(b.height)); cell(tr, new Date(b.time).toLocaleString(state.lang));
      cell(tr, b.signers.map((s) => (s.name || s.address.slice(0, 8)) + " · " + city(s.jurisdiction)).join(", "));
      bb.append(tr);
    }
  }
  async function showHistory(ev) {
    ev.preventDefault();
    const hash = $("history-hash").value.trim().toLowerCase();
    const dl = $("history"); dl.textContent = "";
    const add = (k, v) => { const dt = document.createElement("dt"); dt.textContent = k; const dd = document.createElement("dd"); dd.textContent = typeof v === "object" ? JSON.stringify(v) : String(v); dl.append(dt, dd); };
    let any = false;
    for (const [key, p] of [["historyInvoice", "/v1/invoices/"], ["historyRevocation", "/v1/revocations/"]]) {
      try {
        const rec = await getJSON(p + hash);
        any = true;
        const h = document.createElement("dt"); h.className = "group"; h.textContent = t(key); dl.append(h, document.createElement("dd"));
        for (const k of Object.keys(rec)) add(k, rec[k]);
      } catch (e) { /* absent or unreachable */ }
    }
    if (!any) { const dd = document.createElement("dd"); dd.textContent = t("historyNone"); dl.append(dd); }
  }

  // ---- Wiring -------------------------------------------------------------
  function renderAll() { renderMsgs(); renderVerdict(); renderExplorer(); }
  function dropZone(zone, input, fn) {
    // The input is emptied after each pick so that picking the same file again counts.
    input.addEventListener("change", () => { const f = input.files[0]; if (f) { fn(f); input.value = ""; } });
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("over"); if (e.dataTransfer.files[0]) fn(e.dataTransfer.files[0]); });
  }
  document.addEventListener("DOMContentLoaded", () => {
    dropZone($("trust-file").parentElement, $("trust-file"), onTrustFile);
    dropZone($("doc-drop"), $("doc-file"), onDocFile);
    dropZone($("cert-drop"), $("cert-file"), onCertFile);
    dropZone($("disclosure-drop"), $("disclosure-file"), onDisclosureFile);
    dropZone($("status-drop"), $("status-file"), onStatusFile);
    $("trust-forget").addEventListener("click", () => { localStorage.removeItem(TRUST_KEY); loadSavedTrust(); });
    $("lang").addEventListener("change", (e) => setLang(e.target.value));
    $("download").addEventListener("click", download);
    $("explorer-refresh").addEventListener("click", refreshExplorer);
    $("history-form").addEventListener("submit", showHistory);
    setLang(pickLang());
    showEngine();
    loadSavedTrust();
    startEngine().then(refreshExplorer);
  });
})();
