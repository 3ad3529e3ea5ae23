// "Listen to this page": reads the main text aloud with the browser's own speech (Web Speech
// API). Where the browser has no voices the button never appears, and nothing else changes.
(function () {
  "use strict";
  var slot = document.getElementById("listen");
  if (!slot || !("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) return;
  var synth = window.speechSynthesis;

  function mainText() {
    var main = document.getElementById("main");
    if (!main) return "";
    var parts = [];
    var blocks = main.querySelectorAll("h1, h2, h3, p, li, dt, dd, th, td, figcaption");
    for (var i = 0; i < blocks.length; i++) {
      var el = blocks[i];
      if (el.closest(".listen, .reading-level, [hidden], noscript")) continue;
      if (el.querySelector("p, li")) continue; // read the inner blocks, not twice
      var text = el.textContent.replace(/\s+/g, " ").trim();
      if (text) parts.push(text);
    }
    return parts.join(". ").replace(/\.\s*\./g, ".");
  }

  function offer() {
    if (slot.firstChild || !synth.getVoices().length) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary listen__button";
    button.textContent = "Listen to this page";
    button.addEventListener("click", function () {
      if (synth.speaking) {
        synth.cancel();
        return;
      }
      var utterance = new SpeechSynthesisUtterance(mainText());
      utterance.lang = "en-GB";
      utterance.rate = 0.9;
      utterance.onend = utterance.onerror = function () {
        button.textContent = "Listen to this page";
      };
      synth.speak(utterance);
      button.textContent = "Stop reading";
    });
    slot.appendChild(button);
    slot.hidden = false;
  }

  offer();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);
})();
