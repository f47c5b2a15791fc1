/* The article form in the admin (no network, no library): content inputs follow the article's
   language; the body's paragraphs are numbered beside it; word and character counts; quotes and
   attributions pick their paragraph by its text, kept current while the body is edited. */
(function () {
  "use strict";
  var RTL = ["ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"];
  var BLANK_LINES = /\r?\n(?:[^\S\r\n]*\r?\n)+/;  // as articles.models.paragraphs splits a body

  function direction(language) {
    if (!language) { return "auto"; }
    return RTL.indexOf(language.split("-")[0].toLowerCase()) >= 0 ? "rtl" : "ltr";
  }

  function paragraphsOf(body) {
    return body.replace(/^[\r\n]+|[\r\n]+$/g, "").split(BLANK_LINES).filter(function (part) {
      return part.trim() !== "";
    });
  }

  function excerpt(text, length) {
    text = text.split(/\s+/).filter(Boolean).join(" ");
    return text.length <= length ? text : text.slice(0, length - 1) + "…";
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  }

  function counts(text) {
    var words = text.split(/\s+/).filter(Boolean).length;
    var characters = text.replace(/\r?\n/g, "").length;
    return {words: words, characters: characters};
  }

  function showCounts(input) {
    document.querySelectorAll('[data-counts-for="' + input.id + '"]').forEach(function (box) {
      var values = counts(input.value);
      var text = fill(box.getAttribute("data-template"), values);
      if (box.hasAttribute("data-paragraphs-template")) {
        values.paragraphs = paragraphsOf(input.value).length;
        text += " · " + fill(box.getAttribute("data-paragraphs-template"), values);
      }
      box.textContent = text;
    });
  }

  function showParagraphs(body) {
    var parts = paragraphsOf(body.value);
    var list = document.getElementById(body.id + "_paragraphs");
    if (list) {
      list.textContent = "";
      parts.forEach(function (text, index) {
        var item = document.createElement("li");
        item.value = index + 1;
        item.textContent = excerpt(text, 140);
        list.appendChild(item);
      });
    }
    document.querySelectorAll("select[data-paragraph-select]").forEach(function (select) {
      var chosen = select.value;
      select.textContent = "";
      var empty = document.createElement("option");
      empty.value = "";
      empty.textContent = "---------";
      select.appendChild(empty);
      parts.forEach(function (text, index) {
        var option = document.createElement("option");
        option.value = String(index + 1);
        option.textContent = (index + 1) + " — " + excerpt(text, 48);
        select.appendChild(option);
      });
      if (chosen && Number(chosen) > parts.length) {
        var gone = document.createElement("option");
        gone.value = chosen;
        gone.textContent = chosen + " — ?";
        select.appendChild(gone);
      }
      select.value = chosen;
    });
  }

  function followLanguage() {
    var select = document.getElementById("id_language");
    if (!select) { return; }
    select.addEventListener("change", function () {
      var language = select.value.trim();
      document.querySelectorAll("#article_form [lang]").forEach(function (input) {
        if (input === select) { return; }
        input.setAttribute("lang", language);
        input.setAttribute("dir", direction(language));
      });
    });
  }

  // Edit presence (articles/admin/presence.py): say every few seconds that the page is still open;
  // show who took over if someone did; say the page is closed when leaving it.
  function presence() {
    var box = document.getElementById("edit-presence");
    if (!box) { return; }
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    function form(extra) {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", token ? token.value : "");
      if (extra) { data.append(extra, "1"); }
      return data;
    }
    function show(answer) {
      if (answer.mine) { box.hidden = true; return; }
      box.querySelector(".edit-presence-text").textContent = fill(box.getAttribute("data-template"), answer);
      box.hidden = false;
    }
    window.deskPresenceBeat = function () {
      return fetch(box.getAttribute("data-url"), {method: "POST", body: form(), credentials: "same-origin"})
        .then(function (response) { return response.json(); }).then(show);
    };
    window.setInterval(window.deskPresenceBeat, Number(box.getAttribute("data-beat")) * 1000);
    window.addEventListener("pagehide", function () {
      if (box.hidden) { navigator.sendBeacon(box.getAttribute("data-url"), form("leave")); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    followLanguage();
    presence();
    document.querySelectorAll("[data-counted]").forEach(function (input) {
      showCounts(input);
      input.addEventListener("input", function () { showCounts(input); });
    });
    var body = document.querySelector("textarea[data-body]");
    if (body) {
      showParagraphs(body);
      body.addEventListener("input", function () { showParagraphs(body); });
      // A quote or attribution row added with “add another” gets the current paragraphs too.
      document.addEventListener("formset:added", function () { showParagraphs(body); });
    }
  });
}());
