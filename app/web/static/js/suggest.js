/* HWIS Concierge chat page: suggestions while typing (the ARIA combobox pattern on the question box).
 *
 * The box is a <textarea> (multi-line questions), which may not take role="combobox"; it keeps its
 * textbox role with aria-autocomplete="list", aria-controls and aria-activedescendant pointing into a
 * listbox, and a status line says how many suggestions there are. Keys while the list is shown:
 * ArrowDown/ArrowUp move through the options, Enter shows the chosen entry, Escape closes the list.
 * Nothing is asked while an IME is composing; requests wait for a pause in typing. */
(function () {
  "use strict";

  var HWIS = (window.HWIS = window.HWIS || {});
  var h = HWIS.h;
  var DELAY_MS = 250;
  var MIN_CHARS = 2;
  var MAX_CHARS = 100;

  HWIS.suggest = function (options) {
    var input = options.input;
    var box = options.box;
    var list = options.list;
    var status = options.status;
    var items = [];
    var active = -1;
    var timer = null;
    var composing = false;
    var lastQuery = "";
    var asked = 0;

    function say(text) {
      status.textContent = text;
    }

    function close() {
      items = [];
      active = -1;
      list.textContent = "";
      box.hidden = true;
      input.removeAttribute("aria-activedescendant");
    }

    function reset() {
      window.clearTimeout(timer);
      asked += 1;
      lastQuery = "";
      close();
    }

    function mark(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function pick(index) {
      var item = items[index];
      if (!item) {
        return;
      }
      reset();
      options.onPick(item);
    }

    function show(found) {
      items = found || [];
      active = -1;
      list.textContent = "";
      if (!items.length) {
        close();
        say("");
        return;
      }
      items.forEach(function (item, i) {
        var option = h("li", { id: "suggest-opt-" + i, role: "option", "aria-selected": "false", class: "suggest-option", text: item.question });
        option.addEventListener("mousedown", function (event) { event.preventDefault(); }); // keep focus in the box
        option.addEventListener("click", function () { pick(i); });
        list.appendChild(option);
      });
      box.hidden = false;
      say("よくある質問の候補が" + items.length + "件あります。上下の矢印キーで選び、Enterキーで回答を表示します。");
    }

    function ask() {
      var query = input.value.trim();
      var length = Array.from(query).length;
      if (!options.enabled() || length < MIN_CHARS || length > MAX_CHARS) {
        lastQuery = "";
        close();
        return;
      }
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      asked += 1;
      var mine = asked;
      var path = "/api/v1/suggest?q=" + encodeURIComponent(query);
      var audience = options.audience();
      if (audience) {
        path += "&audience=" + encodeURIComponent(audience);
      }
      HWIS.api("GET", path).then(function (data) {
        if (mine === asked && input.value.trim() === query) {
          show(data.suggestions);
        }
      }, function () {
        if (mine === asked) {
          close(); // suggestions are a help, never an error: the question can still be sent
        }
      });
    }

    function schedule() {
      window.clearTimeout(timer);
      if (!composing) {
        timer = window.setTimeout(ask, DELAY_MS);
      }
    }

    input.addEventListener("input", schedule);
    input.addEventListener("compositionstart", function () { composing = true; window.clearTimeout(timer); });
    input.addEventListener("compositionend", function () { composing = false; schedule(); });
    input.addEventListener("blur", function () { window.setTimeout(close, 0); });
    input.addEventListener("keydown", function (event) {
      if (box.hidden || !items.length || event.isComposing) {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        mark(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        mark(active <= 0 ? -1 : active - 1);
      } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey && active >= 0) {
        event.preventDefault();
        event.stopImmediatePropagation();
        pick(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
        say("候補を閉じました。");
      }
    });

    return { reset: reset, close: close };
  };
})();
