// Small browser helpers called from Blazor components.
window.jadeStudio = {
  // Remembers the interface language for visitors who are not signed in (a year, site-wide).
  rememberLanguage(language) {
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `jadestudio-lang=${encodeURIComponent(language)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  },
};
