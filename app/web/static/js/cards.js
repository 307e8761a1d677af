/* HWIS Concierge chat page: message cards (menu, answer, clarify, hand-off, blocked, notices). */
(function () {
  "use strict";

  var HWIS = (window.HWIS = window.HWIS || {});
  var h = HWIS.h;
  var seq = 0;

  var REASONS = [
    ["wrong_answer", "答えが違う"],
    ["not_enough", "情報が足りない"],
    ["unclear", "分かりにくい"]
  ];

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

  /* A titled list of FAQ questions as buttons (popular, related, a clarify step's candidates). */
  function questionList(title, questions, listLabel) {
    if (!questions || !questions.length) {
      return null;
    }
    var list = h("ul", { class: "choice-list", "aria-label": listLabel || title });
    questions.forEach(function (q) { list.appendChild(h("li", null, menuButton(q.menu, q.question, "choice-faq"))); });
    return h("div", { class: "msg-questions" }, h("h4", { text: title }), list);
  }

  /* The office finder and the HWIS help desk, as the page's help panel shows them (official pages only). */
  function contactBlock() {
    var source = document.getElementById("contact-links");
    var box = h("div", { class: "msg-contact" }, h("h4", { text: "窓口・お問い合わせ先" }));
    if (source) {
      var copy = source.cloneNode(true);
      copy.removeAttribute("id");
      box.appendChild(copy);
    } else {
      box.appendChild(linkList("", [{ title: HWIS.MESSAGES.offices, url: HWIS.MESSAGES.officesUrl }]));
    }
    return box;
  }

  function officesLinks() {
    return linkList("ハローワークの窓口", [{ title: HWIS.MESSAGES.offices, url: HWIS.MESSAGES.officesUrl }]);
  }

  /* Server messages may end with a URL in brackets; the card links it instead of reading it out. */
  function withoutUrls(text) {
    return String(text || "").replace(/[（(]\s*https?:\/\/[^）)]*[）)]/g, "").replace(/https?:\/\/\S+/g, "").trim();
  }

  HWIS.withoutUrls = withoutUrls;

  HWIS.cards = {
    user: function (text, kind) {
      var who = kind === "menu" ? "選択したメニュー" : kind === "suggestion" ? "候補から選んだ質問" : "あなたの質問";
      var body = h("p", { class: "msg-text", text: text });
      var node = h("div", { class: "msg msg-user" }, h("p", { class: "msg-who", text: who }), body);
      return { node: node, heading: null, text: body };
    },

    /* The question as stored, with personal data replaced, in place of what was typed. */
    masked: function (entry, maskedText) {
      entry.text.textContent = maskedText;
      if (!entry.node.querySelector(".msg-masked")) {
        entry.node.appendChild(h("p", { class: "msg-masked", text: "個人情報と思われる部分を伏せて表示しています。" }));
      }
    },

    menu: function (reply, extras) {
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
      var popular = questionList("よくある質問", extras && extras.popular);
      if (popular) {
        c.node.appendChild(popular);
      }
      if (menu.ask) {
        c.node.appendChild(h("p", { class: "hint", text: "このメニューについて、下の入力欄から文章で質問することもできます。" }));
      }
      if (menu.parent && menu.parent !== "root") {
        c.node.appendChild(h("p", { class: "back" }, menuButton(menu.parent, "ひとつ前のメニューに戻る", "secondary")));
      }
      return c;
    },

    /* viaMenu: the user picked the entry (menu, suggestion, clarify); only a selector's pick gets the AI notice. */
    answer: function (reply, opts) {
      opts = opts || {};
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
      if (!opts.viaMenu) {
        c.node.appendChild(h("p", { class: "ai-notice", text: reply.message }));
      }
      var related = questionList("関連する質問", opts.related);
      if (related) {
        c.node.appendChild(related);
      }
      if (reply.turn_id) {
        c.node.appendChild(opts.feedback ? HWIS.cards.feedbackDone(opts.feedback.helpful, opts.feedback.reason)
          : HWIS.cards.feedback(reply.turn_id, c.id));
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

    /* After 解決しなかった: an optional reason, sent with the feedback (one record either way). */
    feedbackReasons: function (turnId) {
      seq += 1;
      var id = "fb-reason-" + seq;
      var label = h("p", { id: id, class: "feedback-question", tabindex: "-1",
        text: "よろしければ、解決しなかった理由をお選びください（任意）。" });
      var group = h("div", { class: "feedback feedback-reasons", role: "group", "aria-labelledby": id }, label);
      var buttons = h("div", { class: "actions" });
      REASONS.forEach(function (r) {
        buttons.appendChild(h("button", { type: "button", class: "secondary", "data-reason": r[0], "data-turn": turnId, text: r[1] }));
      });
      buttons.appendChild(h("button", { type: "button", class: "secondary", "data-reason": "", "data-turn": turnId, text: "理由を選ばずに送る" }));
      group.appendChild(buttons);
      return { node: group, focus: label };
    },

    feedbackDone: function (helpful, reason) {
      var chosen = REASONS.filter(function (r) { return r[0] === reason; })[0];
      var box = h("div", { class: "feedback-done" },
        h("p", { tabindex: "-1", text: "ご回答ありがとうございました。" + (helpful ? "" : "お役に立てず申し訳ありません。") }));
      if (chosen) {
        box.appendChild(h("p", { text: "いただいた理由：" + chosen[1] }));
      }
      if (!helpful) {
        box.appendChild(h("p", { text: "言い方を変えてもう一度質問するか、メニューからお選びください。個別のご相談はハローワークの窓口で承ります。" }));
        box.appendChild(officesLinks());
      }
      return box;
    },

    clarify: function (reply, opts) {
      opts = opts || {};
      var c = card("clarify", reply.message);
      c.node.appendChild(notices(reply.notices) || document.createTextNode(""));
      var list = h("ul", { class: "choice-list", "aria-label": "ご質問の候補" });
      (reply.suggestions || []).forEach(function (s) { list.appendChild(h("li", null, menuButton(s.menu, s.question, "choice-faq"))); });
      var none = opts.feedback && opts.feedback.reason === "none_of_these";
      list.appendChild(h("li", null, none
        ? h("p", { class: "none-done", text: "「どれにも当てはまらない」を受け付けました。" })
        : h("button", { type: "button", class: "choice secondary", "data-none": "true", "data-turn": reply.turn_id || "", text: "どれにも当てはまらない" })));
      c.node.appendChild(list);
      return c;
    },

    /* No dead end: the nearest menu, the audience's popular questions, the office finder and the help desk. */
    handoff: function (reply, title) {
      var c = card("handoff", title || "お答えできるFAQが見つかりませんでした");
      c.node.appendChild(notices(reply.notices) || document.createTextNode(""));
      c.node.appendChild(h("p", { text: reply.message }));
      var menu = reply.menu;
      if (menu && menu.children && menu.children.length) {
        var list = h("ul", { class: "choice-list", "aria-label": "「" + menu.label + "」のメニュー" });
        menu.children.forEach(function (child) {
          list.appendChild(h("li", null, menuButton(child.id, child.label, child.kind === "faq" ? "choice-faq" : "")));
        });
        c.node.appendChild(h("div", { class: "msg-questions" },
          h("h4", { text: menu.id === "root" ? "メニューから探す" : "「" + menu.label + "」のメニューから探す" }), list));
      }
      var popular = questionList("よくある質問", reply.suggestions);
      if (popular) {
        c.node.appendChild(popular);
      }
      c.node.appendChild(contactBlock());
      return c;
    },

    blocked: function (reply) {
      var c = card("handoff msg-blocked", "このご質問にはお答えできません");
      c.node.appendChild(notices(reply.notices) || document.createTextNode(""));
      c.node.appendChild(h("p", { text: reply.message }));
      c.node.appendChild(contactBlock());
      return c;
    },

    /* Errors and limits: plain Japanese from the server (URLs linked, not read out), with the way to an office. */
    system: function (title, message, tone, withOffices) {
      var c = card("system msg-" + (tone || "info"), title);
      c.node.appendChild(h("p", { text: withOffices ? withoutUrls(message) : message }));
      if (withOffices) {
        c.node.appendChild(officesLinks());
      }
      return c;
    }
  };
})();
