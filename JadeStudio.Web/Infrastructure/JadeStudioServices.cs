using JadeStudio.Core.I18n;
using JadeStudio.Core.Storage;
using JadeStudio.Core.Users;
using JadeStudio.Web.I18n;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Radzen;

namespace JadeStudio.Web.Infrastructure;

/// <summary>Everything JadeStudio.Web registers, so Program.cs stays a few lines.</summary>
public static class JadeStudioServices
{
    public const string ThemeCookie = "jadestudio-theme";

    public static WebApplicationBuilder AddJadeStudio(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(JadeStudioOptions.Section).Get<JadeStudioOptions>() ?? new JadeStudioOptions();
        services.Configure<JadeStudioOptions>(builder.Configuration.GetSection(JadeStudioOptions.Section));

        var databasePath = options.ResolveDatabasePath();
        services.AddDbContextFactory<JadeDbContext>(db => SqliteDatabase.Configure(db, databasePath));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<UserDirectory>();

        services.AddSingleton(_ => MessageCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "i18n")));
        services.AddScoped<UiLanguage>();
        services.AddScoped<Messages>();
        services.AddScoped<IStringLocalizer>(provider => provider.GetRequiredService<Messages>());

        // Keys that sign the session and antiforgery cookies live with the rest of the app's data,
        // so sessions survive restarts and one folder holds everything.
        services.AddDataProtection()
            .SetApplicationName("JadeStudio")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.ResolveDataDirectory(), "keys")));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/signin";
                cookie.Cookie.Name = "jadestudio-session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddAntiforgery();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddRadzenCookieThemeService(theme =>
        {
            theme.Name = ThemeCookie;
            theme.Duration = TimeSpan.FromDays(365);
        });

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }
}
