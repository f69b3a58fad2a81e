using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using JadeStudio.Core.I18n;
using JadeStudio.Web.I18n;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;
using Radzen;

namespace JadeStudio.Tests.Support;

/// <summary>Static render of one component with the real message files (bunit is unavailable here).</summary>
public static class ComponentRenderer
{
    private static readonly MessageCatalog Catalog = MessageCatalog.LoadDirectory(RepositoryPaths.I18n);

    public static async Task<IHtmlDocument> RenderAsync<TComponent>(string language, IDictionary<string, object?>? parameters = null)
        where TComponent : IComponent
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(Catalog);
        services.AddScoped(_ => new UiLanguage { Code = language });
        services.AddScoped<Messages>();
        services.AddScoped<NavigationManager, FixedNavigationManager>();
        services.AddScoped<IJSRuntime, NoJavaScript>();
        services.AddRadzenComponents();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, NullLoggerFactory.Instance);

        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters ?? new Dictionary<string, object?>()));
            return output.ToHtmlString();
        });
        return new HtmlParser().ParseDocument($"<html><body>{html}</body></html>");
    }

    private sealed class FixedNavigationManager : NavigationManager
    {
        public FixedNavigationManager() => Initialize("http://localhost/", "http://localhost/");
    }

    /// <summary>Static rendering never runs JavaScript; a call would mean the test renders too much.</summary>
    private sealed class NoJavaScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) =>
            throw new InvalidOperationException($"JavaScript '{identifier}' called during a static render.");

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            InvokeAsync<TValue>(identifier, args);
    }
}
