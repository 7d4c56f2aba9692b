// The panic banner's "Copy details" button (src/ui/dom.rs draws the banner).
// Plain JavaScript, not WebAssembly: by the time the button is clicked the
// wasm instance has aborted, so nothing in it may run. Loaded as a file
// (script-src 'self') by the banner itself, when a panic shows one.
"use strict";
for (const button of document.querySelectorAll("[data-testid=panic-copy]")) {
  button.setAttribute("data-copy-ready", "true");
}
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-testid=panic-copy]") : null;
  if (!button) return;
  const details = button.getAttribute("data-details") || "";
  const shown = (state, label) => {
    button.setAttribute("data-copied", state);
    button.textContent = label;
  };
  // Without clipboard access (no permission, an insecure origin) the
  // details are shown selected, ready for Ctrl+C.
  const fallback = () => {
    let area = document.querySelector("[data-testid=panic-details]");
    if (!area) {
      area = document.createElement("textarea");
      area.setAttribute("data-testid", "panic-details");
      area.setAttribute("readonly", "");
      area.setAttribute("aria-label", "Error details");
      area.className = "panic-details";
      area.value = details;
      button.after(area);
    }
    area.focus();
    area.select();
    shown("selected", "Details selected: press Ctrl+C");
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(details).then(() => shown("clipboard", "Copied"), fallback);
  } else {
    fallback();
  }
});
