// SPDX-License-Identifier: GPL-2.0-or-later
// lvsweb.js and lvsweb.css, served from the binary: no external asset, no
// CDN. The script polls /api/status every two seconds and writes values
// with textContent only (never markup), so no string from the status table
// can become HTML.
#include "lvsweb/pages.h"

namespace lvs::web {

const char kScript[] = R"JS("use strict";
(function () {
  function $(id) { return document.getElementById(id); }
  function put(el, v) { if (el) el.textContent = (v === null || v === undefined) ? "-" : String(v); }
  function cell(tr, f, v) { put(tr.querySelector('[data-f="' + f + '"]'), v); }
  function router(r) {
    if (!r) {
      ["state", "partner", "hb-age", "config"].forEach(function (id) { put($(id), "-"); });
      put($("role"), "pulse is not running");
      $("vips").replaceChildren();
      return;
    }
    put($("role"), r.role);
    put($("state"), r.state + (r.releasing ? " (switching over)" : ""));
    if (r.partner) {
      put($("partner"), r.partner.address + " (" + (r.partner.alive ? "alive" : "silent") + ", " + r.partner.state + ")");
      var age = r.partner.last_heartbeat_age_s;
      put($("hb-age"), age === null ? "never" : age.toFixed(1) + " s ago");
    } else {
      put($("partner"), "none");
      put($("hb-age"), "-");
    }
    var c = r.config, mine = "sha256 " + c.sha256.slice(0, 12) + "\u2026";
    if (c.partner_sha256 === null) put($("config"), mine + " (no partner heard yet)");
    else if (c.differs) put($("config"), mine + "; the partner's is " + c.partner_sha256.slice(0, 12) +
                            "\u2026: they differ (Synchronize on the lvs.cf page)");
    else put($("config"), mine + "; the partner's is the same");
    var vips = $("vips");
    vips.replaceChildren();
    r.vips.forEach(function (v) {
      var li = document.createElement("li");
      li.textContent = v.address + "/" + v.prefix + (v.label ? " " + v.label : "") + (v.up ? "" : " (down)");
      vips.appendChild(li);
    });
  }
  function servers(list) {
    var rows = new Map();
    document.querySelectorAll("tr[data-key]").forEach(function (tr) { rows.set(tr.dataset.key, tr); });
    var seen = 0, changed = false;
    list.forEach(function (vs) {
      vs.servers.forEach(function (s) {
        var tr = rows.get(vs.name + "/" + s.name);
        if (!tr) { changed = true; return; }
        seen++;
        cell(tr, "state", s.state);
        cell(tr, "weight", s.configured_weight);
        cell(tr, "kernel", s.kernel_weight === null ? "no" : s.kernel_weight);
        cell(tr, "latency", s.checks ? s.latency_ms.toFixed(1) + " ms" : "-");
        cell(tr, "outcome", s.last_outcome);
        cell(tr, "flaps", s.flaps);
        tr.className = "st-" + s.state;
      });
    });
    put($("changed"), changed || seen !== rows.size ? "The real servers changed: reload the page for their buttons." : "");
  }
  function render(d) {
    put($("error"), d.error || "");
    put($("action"), d.action ? d.action.text : "");
    if (d.status) { router(d.status.router); servers(d.status.virtual_servers); }
    put($("updated"), "Updated " + new Date().toLocaleTimeString());
  }
  function poll() {
    fetch("/api/status", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (r.status === 401) { window.location.assign("/login"); return null; }
      return r.json();
    }).then(function (d) { if (d) render(d); }).catch(function () {
      put($("error"), "lvsweb does not answer");
    }).finally(function () { window.setTimeout(poll, 2000); });
  }
  if ($("role")) poll();
})();
)JS";

const char kStyle[] = R"CSS(body { font-family: sans-serif; margin: 0 1em 2em; color: #111; background: #fff; }
header { display: flex; justify-content: space-between; align-items: center; }
form.inline { display: inline; }
button { font: inherit; padding: 0.2em 0.7em; }
button:focus, input:focus, select:focus { outline: 3px solid #1a5fb4; outline-offset: 1px; }
table { border-collapse: collapse; margin-bottom: 1em; }
th, td { border: 1px solid #999; padding: 0.2em 0.5em; text-align: left; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.facts dd { margin: 0; }
.notice { font-weight: bold; }
.error { color: #a00; font-weight: bold; }
.updated, .service { color: #555; font-size: 0.9em; }
tr.st-down td, tr.st-failed td { background: #fdd; }
tr.st-drained td { background: #ffd; }
main.login { max-width: 20em; }
main.login label, main.login input { display: block; margin-bottom: 0.5em; }
form.keys .field { margin: 0.2em 0; }
form.keys label { display: inline-block; min-width: 14em; }
form.keys input[type=text] { min-width: 20em; }
.hint { color: #555; font-size: 0.9em; }
ul.diagnostics { color: #a00; font-family: monospace; }
)CSS";

}  // namespace lvs::web
