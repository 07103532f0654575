// Atau's page: translate a paste or a file with the server's API and show
// the glossary's edits. No framework, no network beyond this server.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("atau-config").textContent);
  var S = config.strings;
  var $ = function (id) { return document.getElementById(id); };
  var source = $("source"), target = $("target"), glossary = $("glossary"), enforce = $("enforce");
  var text = $("text"), output = $("output"), status = $("status"), list = $("unresolved");
  var fileInput = $("file"), fileName = $("file-name");
  var state = { file: null, result: "", resultName: "", url: null };

  function option(select, value, label, selected) {
    var o = document.createElement("option");
    o.value = value; o.textContent = label; o.selected = !!selected;
    select.appendChild(o);
  }
  function name(code) { return config.names[code] || code; }
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  // -- selectors ------------------------------------------------------------
  var sources = Object.keys(config.pairs);
  option(source, "auto", S.auto, false);
  sources.forEach(function (code, i) { option(source, code, name(code), i === 0); });
  function fillTargets() {
    var keep = target.value;
    target.textContent = "";
    var codes = source.value === "auto"
      ? Array.from(new Set([].concat.apply([], sources.map(function (s) { return config.pairs[s]; }))))
      : (config.pairs[source.value] || []);
    codes.forEach(function (code) { option(target, code, name(code), code === keep); });
  }
  source.addEventListener("change", fillTargets);
  fillTargets();
  config.glossaries.forEach(function (id, i) { option(glossary, id, id, i === 0); });
  enforce.addEventListener("change", function () { glossary.disabled = !enforce.checked; });
  $("ui-lang").addEventListener("change", function () { this.form.submit(); });

  // -- showing a result -----------------------------------------------------
  function reasonText(edit) {
    var reason = S["reason_" + edit.reason] || edit.reason;
    return edit.before + " \u2192 " + edit.after + ": " + reason + (edit.form && edit.form !== "-" ? " (" + edit.form + ")" : "");
  }
  function show(translated, terminology) {
    output.textContent = "";
    var edits = ((terminology && terminology.edits) || []).filter(function (e) { return e.start !== null; });
    edits.sort(function (a, b) { return a.start - b.start; });
    var at = 0;
    edits.forEach(function (edit) {
      if (edit.start < at) return;
      output.appendChild(document.createTextNode(translated.slice(at, edit.start)));
      var mark = document.createElement("mark");
      mark.className = "term";
      mark.textContent = translated.slice(edit.start, edit.end);
      mark.title = reasonText(edit);
      mark.setAttribute("aria-label", mark.textContent + " (" + mark.title + ")");
      mark.tabIndex = 0;
      output.appendChild(mark);
      at = edit.end;
    });
    output.appendChild(document.createTextNode(translated.slice(at)));
    list.textContent = "";
    var unresolved = (terminology && terminology.unresolved) || [];
    if (terminology && !unresolved.length) {
      var li = document.createElement("li"); li.textContent = S.unresolved_none; list.appendChild(li);
    }
    unresolved.forEach(function (u) {
      var li = document.createElement("li");
      li.textContent = (u.line ? u.line + ": " : "") + u.source + " \u2014 " + S.needs + " \u201c" + u.expected + "\u201d";
      list.appendChild(li);
    });
    var summary = terminology && terminology.summary;
    status.classList.remove("error");
    status.textContent = summary ? format(S.edits, { n: summary.fixed, ok: summary.ok, unresolved: summary.unresolved }) : "";
  }
  function fail(message) {
    status.classList.add("error");
    status.textContent = S.error + ": " + message;
  }
  function busy(on) {
    $("translate").disabled = on; $("download-po").disabled = on;
    if (on) { status.classList.remove("error"); status.textContent = S.working; }
  }
  function answer(response) {
    return response.json().then(function (data) {
      if (!response.ok) throw new Error(data.error || response.statusText);
      return data;
    });
  }
  function detected(data) {
    var d = data.detectedLanguage;
    if (!d) return;
    status.textContent += (status.textContent ? " \u00b7 " : "") + format(S.detected, { language: name(d.language), confidence: d.confidence });
  }

  // -- translating -------------------------------------------------------------
  function params() {
    return { source: source.value, target: target.value, glossary: glossary.value, enforce: enforce.checked };
  }
  function translate() {
    if (state.file) return translateFile(false);
    if (!text.value.trim()) { text.focus(); return; }
    busy(true);
    var body = params(); body.q = text.value; body.format = "text";
    fetch("/translate", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(answer)
      .then(function (data) {
        state.result = data.translatedText; state.url = null;
        state.resultName = "translation." + target.value + ".txt";
        show(data.translatedText, data.terminology); detected(data);
        $("download").disabled = false;
      })
      .catch(function (e) { fail(e.message); })
      .then(function () { busy(false); });
  }
  function upload(asPo) {
    var form = new FormData();
    var p = params();
    Object.keys(p).forEach(function (k) { form.append(k, String(p[k])); });
    form.append("po", asPo ? "true" : "false");
    form.append("file", state.file || new Blob([text.value], { type: "text/plain" }), state.file ? state.file.name : "text.txt");
    return fetch("/translate_file", { method: "POST", body: form }).then(answer);
  }
  function translateFile(asPo) {
    busy(true);
    return upload(asPo)
      .then(function (data) {
        if (asPo) { window.location.href = data.translatedFileUrl; return; }
        state.url = data.translatedFileUrl;
        show(data.translatedText !== undefined ? data.translatedText : "", data.terminology); detected(data);
        $("download").disabled = false;
      })
      .catch(function (e) { fail(e.message); })
      .then(function () { busy(false); });
  }
  $("translate").addEventListener("click", translate);
  text.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); translate(); }
  });
  text.addEventListener("input", function () { if (state.file) setFile(null); });
  $("download").addEventListener("click", function () {
    if (state.url) { window.location.href = state.url; return; }
    var blob = new Blob([state.result], { type: "text/plain;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = state.resultName;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  });
  $("download-po").addEventListener("click", function () {
    if (!state.file && !text.value.trim()) { text.focus(); return; }
    translateFile(true);
  });

  // -- files -------------------------------------------------------------------
  function setFile(file) {
    state.file = file;
    fileName.hidden = !file;
    fileName.textContent = file ? format(S.file_loaded, { name: file.name }) : "";
    if (file && /\.(txt|md|markdown)$/i.test(file.name)) {
      file.text().then(function (content) { text.value = content; state.file = file; });
    }
  }
  fileInput.addEventListener("change", function () { if (fileInput.files[0]) setFile(fileInput.files[0]); });
  ["dragenter", "dragover"].forEach(function (type) {
    text.addEventListener(type, function (e) { e.preventDefault(); text.classList.add("dragging"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    text.addEventListener(type, function () { text.classList.remove("dragging"); });
  });
  text.addEventListener("drop", function (e) {
    e.preventDefault();
    if (e.dataTransfer.files.length) setFile(e.dataTransfer.files[0]);
  });
})();
