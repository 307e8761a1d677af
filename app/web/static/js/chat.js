/* HWIS Concierge chat page: consent, menus, questions, answers, feedback, limits and errors. */
(function () {
  "use strict";

  var HWIS = window.HWIS;
  var cards = HWIS.cards;
  var $ = function (id) { return document.getElementById(id); };
  var main = $("main");
  var log = $("log");
  var question = $("question");
  var dialog = $("consent");
  var KEY = "hwis-concierge.conversation"; // this tab only (sessionStorage): shared computers forget it
  var AUDIENCES = { js: "job_seeker", em: "employer" };
  var state = {
    terms: main.getAttribute("data-terms-version"),
    consented: main.getAttribute("data-consented") === "true",
    blocked: main.getAttribute("data-blocked") || "",
    maxChars: Number(main.getAttribute("data-max-chars")) || 400,
    conversation: null,
    scope: null,
    audience: null,
    quota: false,
    busy: false,
    lastAnnounced: null
  };

  /* ---- the conversation kept across reloads (id, scope and audience) ---- */
  var saved = {
    read: function () {
      try {
        return JSON.parse(window.sessionStorage.getItem(KEY) || "null");
      } catch (e) {
        return null;
      }
    },
    write: function () {
      try {
        if (state.conversation) {
          window.sessionStorage.setItem(KEY, JSON.stringify({ id: state.conversation, scope: state.scope, audience: state.audience }));
        } else {
          window.sessionStorage.removeItem(KEY);
        }
      } catch (e) { /* storage refused (private mode): the conversation simply does not survive a reload */ }
    }
  };

  function announce(text) {
    var status = $("status");
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function usable() {
    return state.consented && !state.blocked;
  }

  function setControls() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-menu], [data-none], [data-feedback], [data-reason]"), function (b) {
      b.disabled = !usable();
    });
    question.disabled = !usable() || state.quota;
    $("send").disabled = !usable() || state.quota;
    $("restart").disabled = !usable();
    $("scope-clear").disabled = !usable();
  }

  function add(entry, focus) {
    $("log-empty").hidden = true;
    log.appendChild(entry.node);
    if (focus && entry.heading) {
      HWIS.focusHeading(entry.heading);
    }
    setControls();
    return entry;
  }

  function updateRemaining(value) {
    if (typeof value === "number") {
      $("remaining-count").textContent = String(value);
      $("remaining-near-count").textContent = String(value);
    }
  }

  /* ---- scope: the menu branch typed questions lean towards, shown as a removable chip ---- */
  function showScope(id, label) {
    state.scope = id || null;
    $("scope-label").textContent = id ? label : "すべてのFAQ";
    $("scope-clear").hidden = !id;
    saved.write();
  }

  function setAudience(top) {
    state.audience = AUDIENCES[top] || state.audience;
    Array.prototype.forEach.call(document.querySelectorAll(".choices [data-menu]"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-menu") === top ? "true" : "false");
    });
  }

  function followMenu(menu) {
    var path = (menu.path || []).filter(function (p) { return p.id !== "root"; });
    if (menu.ask) {
      showScope(menu.id, path.map(function (p) { return p.label; }).join(" › "));
    }
    if (path.length && AUDIENCES[path[0].id]) {
      setAudience(path[0].id);
    }
  }

  /* ---- replies ---- */
  function extrasFor(reply, opts) {
    var menu = reply.menu || {};
    if (reply.kind === "menu" && AUDIENCES[menu.id]) {
      return HWIS.api("GET", "/api/v1/popular?audience=" + AUDIENCES[menu.id]).then(
        function (data) { return { popular: data.questions }; }, function () { return {}; });
    }
    if (reply.kind === "answer" && reply.answer) {
      var path = "/api/v1/faq/" + encodeURIComponent(reply.answer.faq_id) + "/related";
      return HWIS.api("GET", path + (state.audience ? "?audience=" + state.audience : "")).then(
        function (data) { return { related: data.related }; }, function () { return {}; });
    }
    return Promise.resolve({});
  }

  function renderReply(reply, focus, opts) {
    opts = opts || {};
    var extras = opts.extras || {};
    updateRemaining(reply.remaining_today);
    var kind = reply.kind;
    if (kind === "menu") {
      followMenu(reply.menu || {});
      return add(cards.menu(reply, extras), focus);
    } else if (kind === "answer" && reply.answer) {
      return add(cards.answer(reply, { viaMenu: opts.viaMenu, related: extras.related, feedback: opts.feedback }), focus);
    } else if (kind === "clarify") {
      return add(cards.clarify(reply, { feedback: opts.feedback }), focus);
    } else if (kind === "blocked") {
      return add(cards.blocked(reply), focus);
    }
    return add(cards.handoff(reply), focus);
  }

  function showFieldError(message) {
    var error = $("question-error");
    error.textContent = message;
    error.hidden = false;
    error.setAttribute("role", "alert");
    question.setAttribute("aria-invalid", "true");
    question.focus();
  }

  function clearFieldError() {
    $("question-error").hidden = true;
    $("question-error").textContent = "";
    question.removeAttribute("aria-invalid");
  }

  function handleError(error, payload) {
    var code = error.code;
    if (code === "consent_required" && error.terms_version && error.terms_version !== state.terms) {
      state.consented = false;
      var stale = cards.system("利用規約が更新されました", "新しい利用規約をご確認いただくため、ページを再読み込みしてください。", "warning");
      var reload = HWIS.h("button", { type: "button", class: "primary", text: "ページを再読み込みする" });
      reload.addEventListener("click", function () { window.location.reload(); });
      stale.node.appendChild(HWIS.h("p", null, reload));
      add(stale, true);
    } else if (code === "consent_required") {
      state.consented = false;
      add(cards.system("利用規約への同意が必要です", error.message, "warning"), false);
      openConsent();
    } else if (code === "quota_exceeded") {
      state.quota = true;
      updateRemaining(0);
      add(cards.system("本日の質問の上限に達しました", error.message, "warning", true), true);
    } else if (code === "account_banned" || code === "account_suspended") {
      state.blocked = code;
      add(cards.system("現在ご利用いただけません", error.message, "error", true), true);
    } else if (code === "rate_limited") {
      add(cards.system("少し時間をおいてください", error.message, "warning"), true);
    } else if ((code === "invalid_input" || code === "invalid_request" || code === "payload_too_large") && payload.text) {
      showFieldError(error.message);
    } else if (code === "not_found" && !payload.feedback) {
      state.conversation = null;
      saved.write();
      add(cards.system("会話を続けられませんでした", error.message, "warning"), true);
    } else {
      add(cards.system("エラーが発生しました", error.message || HWIS.MESSAGES.generic, "error", true), true);
    }
  }

  function ensureConversation() {
    if (state.conversation) {
      return Promise.resolve(state.conversation);
    }
    return HWIS.api("POST", "/api/v1/conversations").then(function (created) {
      state.conversation = created.id;
      saved.write();
      updateRemaining(created.remaining_today);
      return created.id;
    });
  }

  /* kind: "menu" | "suggestion" | "text". A typed question's answer is brought into view and focused
   * like a menu step's, unless the user has started typing something else meanwhile. */
  function send(payload, echo, kind) {
    if (state.busy || !usable()) {
      return Promise.resolve();
    }
    state.busy = true;
    log.setAttribute("aria-busy", "true");
    var mine = add(cards.user(echo, kind), false);
    announce("回答を探しています。");
    return ensureConversation()
      .then(function (id) { return HWIS.api("POST", "/api/v1/conversations/" + encodeURIComponent(id) + "/messages", payload); })
      .then(function (reply) {
        return extrasFor(reply).then(function (extras) {
          log.removeAttribute("aria-busy");
          if (reply.masked_text) {
            cards.masked(mine, reply.masked_text);
          }
          var focus = true;
          if (payload.text) {
            var untouched = question.value.trim() === payload.text;
            focus = untouched || question.value.trim() === "";
            if (untouched) {
              question.value = "";
              updateCount();
            }
          }
          renderReply(reply, focus, { viaMenu: kind !== "text", extras: extras });
        });
      }, function (error) {
        log.removeAttribute("aria-busy");
        handleError(error, payload);
      })
      .then(function () { state.busy = false; setControls(); });
  }

  /* ---- feedback: 解決した / 解決しなかった (+ optional reason) / どれにも当てはまらない ---- */
  function postFeedback(turnId, body) {
    return HWIS.api("POST", "/api/v1/turns/" + encodeURIComponent(turnId) + "/feedback", body);
  }

  function feedbackDone(group, helpful, reason) {
    var done = cards.feedbackDone(helpful, reason);
    group.parentNode.replaceChild(done, group);
    done.firstChild.focus();
    announce("ご意見を受け付けました。");
  }

  function onFeedback(button) {
    var helpful = button.getAttribute("data-feedback") === "true";
    var group = button.closest(".feedback");
    var turnId = button.getAttribute("data-turn");
    if (!helpful) {
      var reasons = cards.feedbackReasons(turnId);
      group.parentNode.replaceChild(reasons.node, group);
      reasons.focus.focus();
      return;
    }
    postFeedback(turnId, { helpful: true }).then(function () { feedbackDone(group, true, null); },
      function (error) { handleError(error, { feedback: true }); });
  }

  function onReason(button) {
    var group = button.closest(".feedback");
    var reason = button.getAttribute("data-reason") || null;
    var body = reason ? { helpful: false, reason: reason } : { helpful: false };
    postFeedback(button.getAttribute("data-turn"), body).then(function () { feedbackDone(group, false, reason); },
      function (error) { handleError(error, { feedback: true }); });
  }

  function onNone(button) {
    var turnId = button.getAttribute("data-turn");
    var stored = turnId ? postFeedback(turnId, { helpful: false, reason: "none_of_these" }) : Promise.resolve();
    stored.then(function () {
      var side = state.audience === "employer" ? "em" : state.audience === "job_seeker" ? "js" : null;
      var popular = HWIS.api("GET", "/api/v1/popular" + (state.audience ? "?audience=" + state.audience : ""));
      var menu = HWIS.api("GET", "/api/v1/menus" + (side ? "/" + side : ""));
      return Promise.all([popular, menu]).then(function (found) {
        button.parentNode.replaceChild(HWIS.h("p", { class: "none-done", text: "「どれにも当てはまらない」を受け付けました。" }), button);
        add(cards.handoff({ message: "候補の中にご質問に合うFAQがなかったことを記録しました。言い方を変えてもう一度お試しいただくか、下のメニューやよくある質問からお選びください。個別のご相談はハローワークの窓口で承ります。",
          menu: found[1], suggestions: found[0].questions, links: [] }, "ほかの方法をご案内します"), true);
      });
    }).catch(function (error) { handleError(error, { feedback: true }); });
  }

  /* ---- the conversation after a reload ---- */
  function restore() {
    var kept = saved.read();
    if (!kept || !kept.id || !usable() || state.conversation) {
      return;
    }
    HWIS.api("GET", "/api/v1/conversations/" + encodeURIComponent(kept.id) + "/turns").then(function (data) {
      state.conversation = data.id;
      updateRemaining(data.remaining_today);
      if (!data.turns.length) {
        return;
      }
      data.turns.forEach(function (turn) {
        add(cards.user(turn.text || "（表示できない入力）", turn.input_kind === "menu" ? "menu" : "text"), false);
        renderReply(turn.reply, false, { viaMenu: turn.input_kind === "menu", feedback: turn.feedback });
      });
      if (kept.audience) {
        state.audience = kept.audience;
        setAudience(kept.audience === "employer" ? "em" : "js");
      }
      showScope(kept.scope || null, kept.scope ? $("scope-label").textContent : "");
      $("restored").hidden = false;
      var asked = log.querySelectorAll(".msg-user");  // the last exchange in view, from its question
      if (asked.length) {
        asked[asked.length - 1].scrollIntoView({ block: "start" });
      }
      announce("前回の会話の続きを表示しました。");
    }, function () {
      state.conversation = null;
      saved.write(); // gone, purged or not this account's: start afresh
    });
  }

  function startOver() {
    state.conversation = null;
    state.audience = null;
    state.quota = false;
    suggest.reset();
    log.textContent = "";
    $("log-empty").hidden = false;
    $("restored").hidden = true;
    showScope(null);
    setAudience(null);
    saved.write();
    setControls();
    document.querySelector(".choices [data-menu]").focus();
    announce("新しい会話を始めました。ご利用になる方を選ぶか、質問を入力してください。");
  }

  /* ---- consent ---- */
  function openConsent() {
    setControls();
    if (!dialog.open) {
      dialog.showModal();
    }
  }

  function decline() {
    if (dialog.open) {
      dialog.close();
    }
    var alert = $("page-alert");
    alert.textContent = "";
    var reopen = HWIS.h("button", { type: "button", class: "link-button", text: "利用規約をもう一度表示する" });
    reopen.addEventListener("click", openConsent);
    alert.appendChild(HWIS.h("div", { class: "alert alert-warning" },
      HWIS.h("p", { text: "利用規約に同意いただけない場合、コンシェルジュはご利用いただけません。ご用件はお近くのハローワークにお問い合わせください。" }),
      HWIS.h("p", null, HWIS.link(HWIS.MESSAGES.offices, HWIS.MESSAGES.officesUrl)),
      HWIS.h("p", null, reopen)));
    reopen.focus();
  }

  function agree() {
    HWIS.api("POST", "/api/v1/consent", { terms_version: state.terms }).then(function (result) {
      state.consented = true;
      updateRemaining(result.remaining_today);
      $("page-alert").textContent = "";
      dialog.close();
      setControls();
      announce("利用規約に同意しました。ご利用になる方を選ぶか、質問を入力してください。");
      document.querySelector(".choices [data-menu]").focus();
      restore();
    }, function (error) {
      dialog.close();
      if (error.code === "account_banned" || error.code === "account_suspended") {
        state.blocked = error.code;
      }
      handleError(error, {});
      setControls();
    });
  }

  /* ---- composer ---- */
  var thresholds = [50, 20, 0];
  function updateCount() {
    var used = Array.from(question.value).length;
    var left = state.maxChars - used;
    $("char-count").textContent = used + " / " + state.maxChars + "文字";
    var crossed = thresholds.filter(function (t) { return left <= t; }).pop();
    if (crossed !== undefined && crossed !== state.lastAnnounced) {
      $("char-live").textContent = left <= 0 ? "文字数の上限に達しました。" : "残り" + left + "文字です。";
    }
    state.lastAnnounced = crossed === undefined ? null : crossed;
  }

  function submitQuestion(event) {
    event.preventDefault();
    suggest.reset();
    var text = question.value.trim();
    clearFieldError();
    if (!text) {
      showFieldError("ご質問を入力してください。");
      return;
    }
    if (Array.from(text).length > state.maxChars) {
      showFieldError("ご質問は" + state.maxChars + "文字以内で入力してください。");
      return;
    }
    var payload = { text: text };
    if (state.scope) {
      payload.menu = state.scope;
    }
    send(payload, text, "text");
  }

  var suggest = HWIS.suggest({
    input: question,
    box: $("suggest-box"),
    list: $("suggest-list"),
    status: $("suggest-status"),
    enabled: function () { return usable() && !state.busy; },
    audience: function () { return state.audience; },
    onPick: function (item) {
      question.value = "";
      updateCount();
      send({ menu: item.menu }, item.question, "suggestion");
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target || target.disabled) {
      return;
    }
    if (target.hasAttribute("data-menu")) {
      send({ menu: target.getAttribute("data-menu") }, target.getAttribute("data-label") || target.textContent, "menu");
    } else if (target.hasAttribute("data-feedback")) {
      onFeedback(target);
    } else if (target.hasAttribute("data-reason")) {
      onReason(target);
    } else if (target.hasAttribute("data-none")) {
      onNone(target);
    }
  });

  $("composer").addEventListener("submit", submitQuestion);
  question.addEventListener("input", function () { clearFieldError(); updateCount(); });
  question.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("scope-clear").addEventListener("click", function () {
    showScope(null);
    question.focus();
    announce("質問の範囲を外しました。すべてのFAQから探します。");
  });
  $("restart").addEventListener("click", startOver);
  $("consent-agree").addEventListener("click", agree);
  $("consent-decline").addEventListener("click", decline);
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); decline(); });
  $("show-terms").addEventListener("click", openConsent);

  updateCount();
  setControls();
  if (!state.blocked && !state.consented) {
    openConsent();
  } else {
    restore();
  }
})();
