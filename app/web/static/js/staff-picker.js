/* Staff console: type to filter a long <select> of FAQ entries by title or id.
   Without this script the plain <select> works as it is. */
(function () {
  "use strict";
  function fold(text) {
    return (text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }
  document.querySelectorAll("[data-picker-for]").forEach(function (box) {
    var select = document.getElementById(box.getAttribute("data-picker-for"));
    var input = box.querySelector("input");
    var count = box.querySelector("[aria-live]");
    if (!select || !input) { return; }
    var options = Array.prototype.slice.call(select.options);
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = fold(input.value);
      var shown = 0;
      options.forEach(function (option) {
        var keep = !option.value || option.selected || !words || fold(option.text).indexOf(words) !== -1;
        option.hidden = !keep;
        if (keep && option.value) { shown += 1; }
      });
      if (count) { count.textContent = words ? shown + "件のFAQが当てはまります。" : ""; }
    });
  });
}());
