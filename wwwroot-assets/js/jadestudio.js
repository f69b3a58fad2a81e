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
