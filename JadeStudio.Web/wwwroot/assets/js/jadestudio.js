// Small browser helpers called from Blazor components.
window.jadeStudio = {
  // Set when the page's interactive circuit is connected; tests and styles can rely on it.
  markInteractive() {
    document.documentElement.dataset.circuit = "connected";
  },

  // Remembers the interface language for visitors who are not signed in (a year, site-wide).
  rememberLanguage(language) {
    this.remember("jadestudio-lang", language);
  },

  // Remembers the colour scheme for visitors who are not signed in; null follows the browser again. The page's
  // data-theme tells the stylesheet whether the browser's dark preference still counts.
  rememberTheme(theme) {
    document.documentElement.dataset.theme = theme ?? "system";
    this.remember("jadestudio-theme", theme);
  },

  // Saves text the page already holds (a query's results) as a file, without asking the server again.
  download(fileName, contentType, text) {
    const url = URL.createObjectURL(new Blob([text], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  },

  remember(name, value) {
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = value
      ? `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`
      : `${name}=; Path=/; Max-Age=0; SameSite=Lax${secure}`;
  },
};

// Escape closes the open dialog wherever the focus is: MudBlazor's own handler needs the focus inside the
// dialog, and a key pressed just as it opens (or after a click beside it) would otherwise be lost.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.defaultPrevented) return;
  const dialogs = document.querySelectorAll(".mud-dialog");
  const top = dialogs[dialogs.length - 1];
  if (!top || top.contains(event.target)) return;
  top.querySelector(".mud-button-close")?.click();
});

// Keyboard shortcuts of the labeling view, by physical key (KeyboardEvent.code: "Digit1", "KeyS"), so they work
// on every layout (Czech types ě on Digit2, Hebrew types ן on KeyI). A key goes to the focused control first:
// nothing is taken while typing, and Enter/Space stay with a focused link, button or other control.
window.jadeStudioKeys = {
  typing: "input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]), textarea, select, [contenteditable=''], [contenteditable=true]",
  activating: "a[href], button, summary, input, [role=button], [role=link], [role=radio], [role=checkbox], [role=switch], [role=option], [role=menuitem], [role=tab], [role=slider], [tabindex]:not([tabindex='-1'])",

  listen(component, codes) {
    const handler = (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      if (event.code === "Escape") {
        // An open dialog or menu closes itself; otherwise Escape hides the instructions.
        if (!document.querySelector(".mud-dialog-container, .mud-popover-open")) component.invokeMethodAsync("OnEscape");
        return;
      }
      if (!codes.includes(event.code)) return;
      if (target && target.closest(this.typing)) return;
      if ((event.code === "Enter" || event.code === "NumpadEnter" || event.code === "Space") && target && target.closest(this.activating)) return;
      event.preventDefault();
      component.invokeMethodAsync("OnKey", event.code);
    };
    document.addEventListener("keydown", handler);
    // Marks the page as answering keys (tests wait for it before pressing: the listener arrives after the first render).
    document.documentElement.dataset.keys = "listening";
    return {
      dispose: () => {
        document.removeEventListener("keydown", handler);
        delete document.documentElement.dataset.keys;
      },
    };
  },

  // The preferences page: the next key pressed (its physical position) becomes the action's key.
  capture(component) {
    const handler = (event) => {
      if (event.code === "Tab") return;
      event.preventDefault();
      event.stopPropagation();
      document.removeEventListener("keydown", handler, true);
      component.invokeMethodAsync("OnCaptured", event.code);
    };
    document.addEventListener("keydown", handler, true);
    return { dispose: () => document.removeEventListener("keydown", handler, true) };
  },
};
