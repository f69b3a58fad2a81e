// Small browser helpers called from Blazor components.
window.jadeStudio = {
  // Set when the page's interactive circuit is connected; tests and styles can rely on it.
  markInteractive() {
    document.documentElement.dataset.circuit = "connected";
  },

  // Remembers the interface language for visitors who are not signed in (a year, site-wide).
  rememberLanguage(language) {
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `jadestudio-lang=${encodeURIComponent(language)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  },
};

// Keyboard shortcuts of the labeling view: keys typed outside text fields go to the component.
window.jadeStudioKeys = {
  listen(component, keys) {
    const handler = (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target.closest("input[type=text], input:not([type]), textarea, select, [contenteditable=true]")) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      if (!keys.includes(key)) return;
      event.preventDefault();
      component.invokeMethodAsync("OnKey", key);
    };
    document.addEventListener("keydown", handler, true);
    return { dispose: () => document.removeEventListener("keydown", handler, true) };
  },
};
