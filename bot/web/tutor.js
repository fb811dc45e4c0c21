/* Mount the rasa-webchat widget on #abm-tutor. It talks to Rasa's socket.io channel at the URL that
   config.js sets (window.ABM_TUTOR_CONFIG.rasaUrl), and keeps its session in the browser storage that
   config.js names (storage: "local", the default, or "session": forgotten when the tab closes).
   Above the widget, a "New learner" button ends the chat in this browser (shared computers). The
   widget's answer choices become buttons for the keyboard (Tab, Enter, Space), its message list a
   live region, and its input and send button get names (see "Keyboard and screen-reader access"). */
(function () {
  "use strict";
  var config = window.ABM_TUTOR_CONFIG || {};
  var storageName = config.storage === "session" ? "session" : "local";
  var mount = document.getElementById("abm-tutor");
  // rasa-webchat 1.0.1 keeps the session id and the whole conversation under "chat_session" (in the
  // storage its params.storage names), the next delayed message and the pages visited in localStorage.
  var SESSION_KEY = "chat_session";
  var WIDGET_KEYS = [SESSION_KEY, "mrbot_next_message", "rasaWebchatPro"];
  // Set just before a reload: the reloaded page starts with no session and no conversation.
  var RESTART_KEY = "abm-tutor-restart";

  function store(name) {
    try {
      return name === "session" ? window.sessionStorage : window.localStorage;
    } catch (error) {  // storage switched off in this browser
      return null;
    }
  }

  function forget(name) {
    var storage = store(name);
    if (storage) {
      WIDGET_KEYS.forEach(function (key) { storage.removeItem(key); });
    }
  }

  function storedSessionId() {
    var storage = store(storageName);
    try {
      var saved = storage && JSON.parse(storage.getItem(SESSION_KEY));
      return saved && typeof saved.session_id === "string" ? saved.session_id : null;
    } catch (error) {
      return null;
    }
  }

  // Reload the page with no session: the server issues a new one and the widget greets the learner.
  // The widget may still write to the storage before the page unloads, so the reloaded page clears
  // it again before the widget starts. `quietId`, the id the server has just confirmed, is stored
  // meanwhile so that this page's widget takes it as its own and sends nothing more.
  function restart(quietId) {
    forget("local");
    forget("session");
    var mine = store(storageName);
    if (quietId && mine) {
      mine.setItem(SESSION_KEY, JSON.stringify({ session_id: quietId, version: "1.0.1" }));
    }
    var tab = store("session");
    if (tab) {
      tab.setItem(RESTART_KEY, "1");
    }
    window.location.reload();
  }

  var tab = store("session");
  if (tab && tab.getItem(RESTART_KEY)) {
    tab.removeItem(RESTART_KEY);
    forget("local");
    forget("session");
  }
  if (storageName === "session") {
    forget("local");  // nothing of a chat stays behind in this browser once the tab is closed
  }

  // The session on show. When the server confirms another one (the stored id was not issued by it,
  // or has expired), the conversation on show is not that session's: start afresh.
  var shown = storedSessionId();
  function onSessionConfirm(data) {
    var confirmed = data && data.session_id ? data.session_id : data;
    if (!confirmed || confirmed === shown) {
      return;
    }
    if (shown) {
      restart(confirmed);
    }
    shown = confirmed;
  }

  // The bot's messages are Markdown: their links open only web or mail addresses, never javascript:.
  mount.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (link && !/^(https?|mailto):$/.test(link.protocol)) {
      event.preventDefault();
    }
  }, true);

  // "New learner": a button, then an inline confirmation (no pop-up) that takes the focus.
  function newLearnerControl() {
    var tools = document.createElement("div");
    tools.className = "abm-tutor-tools";
    var about = document.createElement("p");
    about.id = "abm-new-learner-about";
    about.className = "abm-tutor-about";
    about.textContent = "On a shared computer: ends this chat in this browser, so the next learner starts " +
      "a new conversation and cannot see this one.";
    var button = document.createElement("button");
    button.type = "button";
    button.id = "abm-new-learner";
    button.textContent = "New learner — clear this chat";
    button.title = about.textContent;
    button.setAttribute("aria-describedby", about.id);
    button.setAttribute("aria-controls", "abm-new-learner-confirm");
    button.setAttribute("aria-expanded", "false");

    var confirm = document.createElement("div");
    confirm.id = "abm-new-learner-confirm";
    confirm.className = "abm-tutor-confirm";
    confirm.setAttribute("role", "group");
    confirm.setAttribute("aria-labelledby", "abm-new-learner-question");
    confirm.hidden = true;
    var question = document.createElement("p");
    question.id = "abm-new-learner-question";
    question.textContent = "Clear this chat for the next learner? It will not be shown again in this browser.";
    var yes = document.createElement("button");
    yes.type = "button";
    yes.id = "abm-new-learner-yes";
    yes.textContent = "Yes, clear it";
    var no = document.createElement("button");
    no.type = "button";
    no.textContent = "Cancel";
    confirm.append(question, yes, no);

    function ask(open) {
      confirm.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      (open ? yes : button).focus();
    }
    button.addEventListener("click", function () { ask(confirm.hidden); });
    no.addEventListener("click", function () { ask(false); });
    confirm.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        ask(false);
      }
    });
    yes.addEventListener("click", function () {
      yes.disabled = true;
      restart(null);
    });
    tools.append(button, about, confirm);
    return tools;
  }
  mount.parentNode.insertBefore(newLearnerControl(), mount);

  // Keyboard and screen-reader access to the widget. rasa-webchat 1.0.1 renders the quiz's answers and
  // the bot's suggestions as <div class="rw-reply"> with a click handler only (no role, not focusable),
  // the message list as a plain scrolling <div id="rw-messages">, the send button as an icon with no
  // name and the input with a placeholder only. React owns these elements: it keeps attributes it
  // does not set itself, so they get theirs here, each time the widget adds them (MutationObserver).
  var INPUT = ".rw-new-message";
  var REPLY = "div.rw-reply";  // a reply with a URL is a real link already (<a class="rw-reply" href>)

  function setAttributes(element, attributes) {
    Object.keys(attributes).forEach(function (name) {
      if (element.getAttribute(name) !== attributes[name]) {
        element.setAttribute(name, attributes[name]);
      }
    });
  }

  function describeWidget() {
    var messages = mount.querySelector("#rw-messages");
    if (messages) {  // new messages are announced; the list scrolls, so it is a Tab stop with a name
      setAttributes(messages, { role: "log", "aria-live": "polite", "aria-label": "Conversation with the tutor",
        tabindex: "0" });
    }
    mount.querySelectorAll(REPLY).forEach(function (reply) {
      setAttributes(reply, { role: "button", tabindex: "0" });
    });
    var input = mount.querySelector(INPUT);
    if (input) {
      setAttributes(input, { "aria-label": "Your message to the tutor" });
    }
    var send = mount.querySelector(".rw-send");
    if (send) {
      setAttributes(send, { "aria-label": "Send" });
      var icon = send.querySelector("svg");
      if (icon) {
        setAttributes(icon, { "aria-hidden": "true", focusable: "false" });
      }
    }
    var title = mount.querySelector(".rw-title");
    if (title) {  // the widget's <h4> comes after the page's <h2>: it is a heading of that level
      setAttributes(title, { "aria-level": "2" });
    }
  }
  new MutationObserver(describeWidget).observe(mount, { childList: true, subtree: true });

  function focusInput() {
    var input = mount.querySelector(INPUT);
    if (input && !input.disabled) {
      input.focus();
    }
  }

  // A reply is pressed as a button is: Enter at once, Space when it is let go (and it does not scroll).
  // Once a reply is chosen (by keyboard or mouse), the focus goes back to the message input.
  var spacePressed = null;
  mount.addEventListener("keydown", function (event) {
    var reply = event.target.closest(REPLY);
    if (!reply || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (event.key === "Enter") {
      event.preventDefault();
      reply.click();
    } else if (event.key === " ") {
      event.preventDefault();
      spacePressed = reply;
    }
  });
  mount.addEventListener("keyup", function (event) {
    if (event.key === " " && spacePressed && event.target.closest(REPLY) === spacePressed) {
      event.preventDefault();
      spacePressed.click();
    }
    if (event.key === " ") {
      spacePressed = null;
    }
  });
  mount.addEventListener("click", function (event) {
    if (event.target.closest(REPLY)) {  // capture: before the widget's own handler stops the event
      window.setTimeout(focusInput, 0);
    }
  }, true);

  window.WebChat.default({
    socketUrl: config.rasaUrl,
    socketPath: "/socket.io/",
    initPayload: "/greet",
    title: "ABM-debate tutor",
    subtitle: "May 2001 Moscow talks · CNN and AP",
    inputTextFieldHint: "Ask a question, or say “quiz me”…",
    connectingText: "Connecting to the tutor…",
    embedded: true,
    showCloseButton: false,
    hideWhenNotConnected: false,
    withRules: false,
    params: { storage: storageName },
    onSocketEvent: { session_confirm: onSessionConfirm },
    customMessageDelay: function () { return 300; }
  }, mount);
})();
