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
  var state = {
    terms: main.getAttribute("data-terms-version"),
    consented: main.getAttribute("data-consented") === "true",
    blocked: main.getAttribute("data-blocked") || "",
    maxChars: Number(main.getAttribute("data-max-chars")) || 400,
    conversation: null,
    scope: null,
    quota: false,
    busy: false,
    lastAnnounced: null
  };

  function announce(text) {
    var status = $("status");
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function setControls() {
    var usable = state.consented && !state.blocked;
    Array.prototype.forEach.call(document.querySelectorAll("[data-menu], [data-none], [data-feedback]"), function (b) {
      b.disabled = !usable;
    });
    question.disabled = !usable || state.quota;
    $("send").disabled = !usable || state.quota;
    $("restart").disabled = !usable;
  }

  function add(entry, focus) {
    $("log-empty").hidden = true;
    log.appendChild(entry.node);
    if (focus && entry.heading) {
      HWIS.focusHeading(entry.heading);
    }
    setControls();
  }

  function updateRemaining(value) {
    if (typeof value === "number") {
      $("remaining-count").textContent = String(value);
    }
  }

  function setScope(menu) {
    if (!menu) {
      state.scope = null;
      $("scope-label").textContent = "すべて";
      return;
    }
    var path = (menu.path || []).filter(function (p) { return p.id !== "root"; });
    if (menu.ask) {
      state.scope = menu.id;
      $("scope-label").textContent = path.map(function (p) { return p.label; }).join(" › ");
    }
    var top = path.length ? path[0].id : null;
    Array.prototype.forEach.call(document.querySelectorAll(".choices [data-menu]"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-menu") === top ? "true" : "false");
    });
  }

  function renderReply(reply, focus) {
    updateRemaining(reply.remaining_today);
    var kind = reply.kind;
    if (kind === "menu") {
      setScope(reply.menu);
      add(cards.menu(reply), focus);
    } else if (kind === "answer" && reply.answer) {
      add(cards.answer(reply), focus);
    } else if (kind === "clarify") {
      add(cards.clarify(reply), focus);
    } else if (kind === "blocked") {
      add(cards.blocked(reply), focus);
    } else {
      add(cards.handoff(reply), focus);
    }
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
    } else if (code === "not_found") {
      state.conversation = null;
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
      updateRemaining(created.remaining_today);
      return created.id;
    });
  }

  function send(payload, echo, isMenu, focusReply) {
    if (state.busy || !state.consented || state.blocked) {
      return Promise.resolve();
    }
    state.busy = true;
    log.setAttribute("aria-busy", "true");
    add(cards.user(echo, isMenu), false);
    announce("回答を探しています。");
    return ensureConversation()
      .then(function (id) { return HWIS.api("POST", "/api/v1/conversations/" + encodeURIComponent(id) + "/messages", payload); })
      .then(function (reply) {
        log.removeAttribute("aria-busy");
        renderReply(reply, focusReply);
        if (payload.text) {
          question.value = "";
          updateCount();
        }
      }, function (error) {
        log.removeAttribute("aria-busy");
        handleError(error, payload);
      })
      .then(function () { state.busy = false; setControls(); });
  }

  function sendFeedback(button) {
    var helpful = button.getAttribute("data-feedback") === "true";
    var group = button.closest(".feedback");
    HWIS.api("POST", "/api/v1/turns/" + encodeURIComponent(button.getAttribute("data-turn")) + "/feedback", { helpful: helpful })
      .then(function () {
        var done = cards.feedbackDone(helpful);
        group.parentNode.replaceChild(done, group);
        done.firstChild.focus();
        announce("ご意見を受け付けました。");
      }, function (error) {
        handleError(error, {});
      });
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
    send(payload, text, false, false);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target || target.disabled) {
      return;
    }
    if (target.hasAttribute("data-menu")) {
      send({ menu: target.getAttribute("data-menu") }, target.getAttribute("data-label") || target.textContent, true, true);
    } else if (target.hasAttribute("data-feedback")) {
      sendFeedback(target);
    } else if (target.hasAttribute("data-none")) {
      add(cards.handoff({ message: "ご質問に合うFAQが候補の中にありませんでした。言い方を変えてもう一度お試しいただくか、ハローワークの窓口でご相談ください。", links: [] }, "ほかの方法をご案内します"), true);
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
  $("restart").addEventListener("click", function () {
    setScope(null);
    Array.prototype.forEach.call(document.querySelectorAll(".choices [data-menu]"), function (b) {
      b.setAttribute("aria-pressed", "false");
    });
    document.querySelector(".choices [data-menu]").focus();
    announce("最初のメニューに戻りました。ご利用になる方を選んでください。");
  });
  $("consent-agree").addEventListener("click", agree);
  $("consent-decline").addEventListener("click", decline);
  dialog.addEventListener("cancel", function (event) { event.preventDefault(); decline(); });
  $("show-terms").addEventListener("click", openConsent);

  updateCount();
  setControls();
  if (!state.blocked && !state.consented) {
    openConsent();
  }
})();
