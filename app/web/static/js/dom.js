/* HWIS Concierge chat page: DOM and API helpers.
 * Every text from the user or the API goes into the page through textContent or
 * setAttribute, never as HTML. */
(function () {
  "use strict";

  var HWIS = (window.HWIS = window.HWIS || {});

  HWIS.MESSAGES = {
    network: "通信できませんでした。インターネット接続を確認して、しばらくしてからもう一度お試しください。",
    generic: "システムで問題が発生しました。しばらく待ってからもう一度お試しください。",
    offices: "お近くのハローワークの所在地",
    officesUrl: "https://www.mhlw.go.jp/kyujin/hwmap.html"
  };

  /* h("p", {class: "x", "data-menu": "js"}, "text", childNode) */
  HWIS.h = function (tag, attrs) {
    var node = document.createElement(tag);
    var key;
    attrs = attrs || {};
    for (key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key) || attrs[key] === null || attrs[key] === undefined) {
        continue;
      }
      if (key === "text") {
        node.textContent = String(attrs[key]);
      } else if (key === "class") {
        node.className = attrs[key];
      } else {
        node.setAttribute(key, String(attrs[key]));
      }
    }
    for (var i = 2; i < arguments.length; i += 1) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) {
        continue;
      }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  };

  /* Only web links may become anchors (no javascript: or data: URLs from the API). */
  HWIS.safeUrl = function (url) {
    try {
      var parsed = new URL(String(url), window.location.href);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  };

  HWIS.link = function (title, url) {
    var href = HWIS.safeUrl(url);
    if (!href) {
      return HWIS.h("span", { text: title });
    }
    return HWIS.h(
      "a",
      { href: href, target: "_blank", rel: "noopener noreferrer" },
      String(title),
      HWIS.h("span", { class: "new-tab", text: "（新しいタブで開きます）" })
    );
  };

  HWIS.jaDate = function (iso) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso || ""));
    return match ? Number(match[1]) + "年" + Number(match[2]) + "月" + Number(match[3]) + "日" : "";
  };

  /* fetch JSON on the same origin; rejects with {code, message, ...} (Japanese message). */
  HWIS.api = function (method, path, body) {
    var init = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(
      function (response) {
        return response.json().then(
          function (data) { return { response: response, data: data }; },
          function () { return { response: response, data: null }; }
        );
      },
      function () {
        return Promise.reject({ code: "network", message: HWIS.MESSAGES.network });
      }
    ).then(function (result) {
      if (result.response.ok) {
        return result.data;
      }
      var error = result.data && result.data.code ? result.data : { code: "http_" + result.response.status };
      error.status = result.response.status;
      error.message = error.message || HWIS.MESSAGES.generic;
      return Promise.reject(error);
    });
  };

  HWIS.prefersReducedMotion = function () {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  };

  /* Move focus to a freshly added heading and bring it into view. */
  HWIS.focusHeading = function (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
    heading.scrollIntoView({ block: "start", behavior: HWIS.prefersReducedMotion() ? "auto" : "smooth" });
  };
})();
