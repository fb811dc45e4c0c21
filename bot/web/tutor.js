/* Mount the rasa-webchat widget on #abm-tutor. It talks to Rasa's socket.io channel at the URL that
   config.js sets (window.ABM_TUTOR_CONFIG.rasaUrl). */
(function () {
  "use strict";
  var config = window.ABM_TUTOR_CONFIG || {};
  var mount = document.getElementById("abm-tutor");

  // The bot's messages are Markdown: their links open only web or mail addresses, never javascript:.
  mount.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (link && !/^(https?|mailto):$/.test(link.protocol)) {
      event.preventDefault();
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
    params: { storage: "local" },
    customMessageDelay: function () { return 300; }
  }, mount);
})();
