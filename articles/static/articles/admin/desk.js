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
        option.textContent = (index + 1) + " — " + excerpt(text, 70);
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

  document.addEventListener("DOMContentLoaded", function () {
    followLanguage();
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
