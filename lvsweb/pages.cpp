// SPDX-License-Identifier: GPL-2.0-or-later
// HTML of the login, control and error pages.
#include "lvsweb/pages.h"

#include "common/status/render.h"
#include "lvsweb/html.h"

namespace lvs::web {

const char* const kSecurityHeaders[][2] = {
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
     "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    // same-origin, not no-referrer: under no-referrer a browser sends
    // "Origin: null" with the page's own forms, which the origin check refuses.
    {"Referrer-Policy", "same-origin"},
    {"Cache-Control", "no-store"},
};
const std::size_t kSecurityHeaderCount = sizeof kSecurityHeaders / sizeof kSecurityHeaders[0];

namespace {

std::string head(const std::string& title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
           html(title) + "</title>\n<link rel=\"stylesheet\" href=\"/lvsweb.css\">\n</head>\n";
}

// A form with one button, posting `action` (and `target`) to /action.
std::string action_form(const std::string& csrf, const char* action, const std::string& target, const std::string& label) {
    std::string f = "<form method=\"post\" action=\"/action\" class=\"inline\">"
                    "<input type=\"hidden\" name=\"csrf\" value=\"" + html(csrf) + "\">"
                    "<input type=\"hidden\" name=\"action\" value=\"" + std::string(action) + "\">";
    if (!target.empty()) f += "<input type=\"hidden\" name=\"target\" value=\"" + html(target) + "\">";
    return f + "<button type=\"submit\">" + html(label) + "</button></form>";
}

std::string router_section(const std::string& csrf) {
    return "<section aria-labelledby=\"router-h\">\n<h2 id=\"router-h\">This router</h2>\n<dl class=\"facts\">\n"
           "<dt>Role</dt><dd id=\"role\">-</dd>\n<dt>State</dt><dd id=\"state\">-</dd>\n"
           "<dt>Partner</dt><dd id=\"partner\">-</dd>\n<dt>Last heartbeat</dt><dd id=\"hb-age\">-</dd>\n"
           "<dt>Virtual IPs</dt><dd><ul id=\"vips\"></ul></dd>\n<dt>lvs.cf</dt><dd id=\"config\">-</dd>\n</dl>\n"
           "<div class=\"actions\">" + action_form(csrf, "reload", "", "Reload lvs.cf") + " " +
           action_form(csrf, "switchover", "", "Switch over to the partner") + "</div>\n</section>\n";
}

std::string servers_section(const status::Snapshot& s, const std::string& csrf) {
    std::string o = "<section aria-labelledby=\"servers-h\">\n<h2 id=\"servers-h\">Virtual servers</h2>\n";
    o += "<p id=\"changed\" role=\"status\"></p>\n";
    for (const auto& [name, list] : status::by_virtual(s)) {
        o += "<h3>" + html(name) + " <span class=\"service\">" + html(status::service_text(list.front()->dest)) +
             "</span></h3>\n<table>\n<thead><tr><th scope=\"col\">Server</th><th scope=\"col\">Address</th>"
             "<th scope=\"col\">State</th><th scope=\"col\">Weight</th><th scope=\"col\">In IPVS</th>"
             "<th scope=\"col\">Latency</th><th scope=\"col\">Last check</th><th scope=\"col\">Flaps</th>"
             "<th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n";
        for (const auto* sv : list) {
            const std::string full = status::server_name(*sv), key = name + "/" + status::short_name(*sv);
            o += "<tr data-key=\"" + html(key) + "\"><th scope=\"row\">" + html(status::short_name(*sv)) + "</th><td>" +
                 html(status::server_text(sv->rs)) +
                 "</td><td data-f=\"state\">-</td><td data-f=\"weight\">-</td><td data-f=\"kernel\">-</td>"
                 "<td data-f=\"latency\">-</td><td data-f=\"outcome\">-</td><td data-f=\"flaps\">-</td><td>" +
                 action_form(csrf, "drain", full, "Drain " + full) + " " +
                 action_form(csrf, "undrain", full, "Undrain " + full) + "</td></tr>\n";
        }
        o += "</tbody>\n</table>\n";
    }
    if (s.servers.empty()) o += "<p>No real servers.</p>\n";
    return o + "</section>\n";
}

}  // namespace

std::string login_page(const std::string& message) {
    std::string o = head("lvsweb: log in") + "<body>\n<main class=\"login\">\n<h1>lvsweb</h1>\n";
    if (!message.empty()) o += "<p class=\"notice\" role=\"alert\">" + html(message) + "</p>\n";
    o += "<form method=\"post\" action=\"/login\">\n<label for=\"password\">Password</label>\n"
         "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\" required autofocus>\n"
         "<button type=\"submit\">Log in</button>\n</form>\n</main>\n</body>\n</html>\n";
    return o;
}

std::string control_page(const status::Snapshot* snap, const std::string& error, const std::string& csrf,
                         const std::string& notice) {
    std::string o = head("lvsweb: control") + "<body>\n<header>\n<h1>lvsweb</h1>\n<nav><a href=\"/config\">Edit lvs.cf</a></nav>\n"
                    "<form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"" +
                    html(csrf) + "\"><button type=\"submit\">Log out</button></form>\n</header>\n<main>\n";
    o += "<p id=\"notice\" class=\"notice\" role=\"status\">" + html(notice) + "</p>\n";
    o += "<p id=\"action\" role=\"status\"></p>\n";
    o += "<p id=\"error\" class=\"error\" role=\"alert\">" + html(error) + "</p>\n";
    o += router_section(csrf);
    if (snap) {
        o += servers_section(*snap, csrf);
        o += "<noscript><pre>" + html(status::render_table(*snap)) + "</pre></noscript>\n";
    }
    o += "<p id=\"updated\" class=\"updated\"></p>\n</main>\n<script src=\"/lvsweb.js\"></script>\n</body>\n</html>\n";
    return o;
}

std::string error_page(int code, const std::string& message) {
    return head("lvsweb: " + std::to_string(code)) + "<body>\n<main>\n<h1>" + std::to_string(code) + "</h1>\n<p>" +
           html(message) + "</p>\n<p><a href=\"/control\">Back to the control page</a></p>\n</main>\n</body>\n</html>\n";
}

}  // namespace lvs::web
