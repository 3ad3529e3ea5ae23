// "Listen to this page": reads the main text aloud with the browser's own speech (Web Speech
// API). Where the browser has no voices the button never appears, and nothing else changes.
(function () {
  "use strict";
  var slot = document.getElementById("listen");
  if (!slot || !("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) return;
  var synth = window.speechSynthesis;
  // Read in the page's own language, and only offer it when the browser has a voice for it:
  // an English voice reading Polish helps no one.
  var lang = document.documentElement.lang || "en";

  function hasVoice() {
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang.toLowerCase().split(/[-_]/)[0] === lang.toLowerCase()) return true;
    }
    return false;
  }

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
    if (slot.firstChild || !hasVoice()) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary listen__button";
    button.textContent = slot.dataset.listen;
    button.addEventListener("click", function () {
      if (synth.speaking) {
        synth.cancel();
        return;
      }
      var utterance = new SpeechSynthesisUtterance(mainText());
      utterance.lang = lang;
      utterance.rate = 0.9;
      utterance.onend = utterance.onerror = function () {
        button.textContent = slot.dataset.listen;
      };
      synth.speak(utterance);
      button.textContent = slot.dataset.stop;
    });
    slot.appendChild(button);
    slot.hidden = false;
  }

  offer();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);
})();
