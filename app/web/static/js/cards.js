/* HWIS Concierge chat page: message cards (menu, answer, clarify, hand-off, blocked, notices). */
(function () {
  "use strict";

  var HWIS = (window.HWIS = window.HWIS || {});
  var h = HWIS.h;
  var seq = 0;

  function card(kind, title) {
    seq += 1;
    var id = "msg-" + seq;
    var heading = h("h3", { id: id + "-title", class: "msg-title", text: title });
    var node = h("article", { class: "msg msg-" + kind, "aria-labelledby": id + "-title" }, heading);
    return { node: node, heading: heading, id: id };
  }

  function notices(list) {
    if (!list || !list.length) {
      return null;
    }
    var box = h("div", { class: "msg-notices" });
    list.forEach(function (text) { box.appendChild(h("p", { class: "notice", text: text })); });
    return box;
  }

  function linkList(title, links) {
    if (!links || !links.length) {
      return null;
    }
    var list = h("ul", { class: "links" });
    links.forEach(function (link) { list.appendChild(h("li", null, HWIS.link(link.title, link.url))); });
    return h("div", { class: "msg-links" }, h("h4", { text: title }), list);
  }

  function menuButton(id, label, extraClass) {
    return h("button", { type: "button", class: "choice " + (extraClass || ""), "data-menu": id, "data-label": label, text: label });
  }

  function officesLinks() {
    return linkList("ハローワークの窓口", [{ title: HWIS.MESSAGES.offices, url: HWIS.MESSAGES.officesUrl }]);
  }

  HWIS.cards = {
    user: function (text, isMenu) {
      var node = h("div", { class: "msg msg-user" },
        h("p", { class: "msg-who", text: isMenu ? "選択したメニュー" : "あなたの質問" }),
        h("p", { class: "msg-text", text: text }));
      return { node: node, heading: null };
    },

    menu: function (reply) {
      var menu = reply.menu || {};
      var c = card("menu", menu.label || reply.message);
      var path = (menu.path || []).filter(function (p) { return p.id !== "root"; }).map(function (p) { return p.label; });
      if (path.length > 1) {
        c.node.appendChild(h("p", { class: "breadcrumb", text: "現在の位置：" + path.join(" › ") }));
      }
      var list = h("ul", { class: "choice-list", "aria-label": "「" + (menu.label || "") + "」のメニュー" });
      (menu.children || []).forEach(function (child) {
        list.appendChild(h("li", null, menuButton(child.id, child.label, child.kind === "faq" ? "choice-faq" : "")));
      });
      c.node.appendChild(list);
      if (menu.ask) {
        c.node.appendChild(h("p", { class: "hint", text: "このメニューについて、下の入力欄から文章で質問することもできます。" }));
      }
      if (menu.parent && menu.parent !== "root") {
        c.node.appendChild(h("p", { class: "back" }, menuButton(menu.parent, "ひとつ前のメニューに戻る", "secondary")));
      }
      return c;
    },

    answer: function (reply) {
      var answer = reply.answer;
      var c = card("answer", answer.question);
      c.node.appendChild(notices(reply.notices) || document.createTextNode(""));
      c.node.appendChild(h("div", { class: "answer-text", text: answer.text }));
      var links = linkList("公式ページで確認する", answer.links);
      if (links) {
        c.node.appendChild(links);
      }
      var meta = h("p", { class: "meta" }, "このFAQの最終確認日：", h("time", { datetime: answer.reviewed, text: HWIS.jaDate(answer.reviewed) }));
      c.node.appendChild(meta);
      c.node.appendChild(h("p", { class: "ai-notice", text: reply.message }));
      if (reply.turn_id) {
        c.node.appendChild(HWIS.cards.feedback(reply.turn_id, c.id));
      }
      return c;
    },

    feedback: function (turnId, id) {
      var label = h("p", { id: id + "-fb", class: "feedback-question", text: "この回答で解決しましたか？" });
      var group = h("div", { class: "feedback", role: "group", "aria-labelledby": id + "-fb" }, label);
      var buttons = h("div", { class: "actions" },
        h("button", { type: "button", class: "secondary", "data-feedback": "true", "data-turn": turnId, text: "解決した" }),
        h("button", { type: "button", class: "secondary", "data-feedback": "false", "data-turn": turnId, text: "解決しなかった" }));
      group.appendChild(buttons);
      return group;
    },

    feedbackDone: function (helpful) {
      var box = h("div", { class: "feedback-done" },
        h("p", { tabindex: "-1", text: "ご回答ありがとうございました。" + (helpful ? "" : "お役に立てず申し訳ありません。") }));
      if (!helpful) {
        box.appendChild(h("p", { text: "言い方を変えてもう一度質問するか、メニューからお選びください。個別のご相談はハローワークの窓口で承ります。" }));
        box.appendChild(officesLinks());
      }
      return box;
    },

    clarify: function (reply) {
      var c = card("clarify", reply.message);
      c.node.appendChild(notices(reply.notices) || document.createTextNode(""));
      var list = h("ul", { class: "choice-list", "aria-label": "ご質問の候補" });
      (reply.suggestions || []).forEach(function (s) { list.appendChild(h("li", null, menuButton(s.menu, s.question, "choice-faq"))); });
      list.appendChild(h("li", null, h("button", { type: "button", class: "choice secondary", "data-none": "true", text: "どれにも当てはまらない" })));
      c.node.appendChild(list);
      return c;
    },

    handoff: function (reply, title) {
      var c = card("handoff", title || "お答えできるFAQが見つかりませんでした");
      c.node.appendChild(notices(reply.notices) || document.createTextNode(""));
      c.node.appendChild(h("p", { text: reply.message }));
      c.node.appendChild(linkList("窓口・公式ページ", reply.links && reply.links.length ? reply.links : [
        { title: HWIS.MESSAGES.offices, url: HWIS.MESSAGES.officesUrl }]));
      return c;
    },

    blocked: function (reply) {
      var c = HWIS.cards.handoff(reply, "このご質問にはお答えできません");
      c.node.classList.add("msg-blocked");
      return c;
    },

    /* Errors and limits: plain Japanese from the server, with the way to a Hello Work office. */
    system: function (title, message, tone, withOffices) {
      var c = card("system msg-" + (tone || "info"), title);
      c.node.appendChild(h("p", { text: message }));
      if (withOffices) {
        c.node.appendChild(officesLinks());
      }
      return c;
    }
  };
})();
