/* The article form in the admin (no network, no library): content inputs follow the article's
   language when it is changed on the form. */
(function () {
  "use strict";
  var RTL = ["ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"];

  function direction(language) {
    if (!language) { return "auto"; }
    return RTL.indexOf(language.split("-")[0].toLowerCase()) >= 0 ? "rtl" : "ltr";
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
  });
}());
