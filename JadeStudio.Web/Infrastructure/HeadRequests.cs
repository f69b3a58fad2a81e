namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// HEAD wherever GET is answered (HTTP requires it of every server; uptime monitors and link checkers send it): minimal
/// APIs and Razor component pages map GET alone, so a HEAD of the home page or of an artifact answered 404. The handler
/// runs as for GET and Kestrel leaves the body out.
/// </summary>
public static class HeadRequests
{
    public static TBuilder AnswerHeadAsGet<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<HttpMethodMetadata>().LastOrDefault() is { } methods
                && methods.HttpMethods.Contains(HttpMethods.Get) && !methods.HttpMethods.Contains(HttpMethods.Head))
            {
                // The last method metadata is the one routing reads.
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
            }
        });
        return builder;
    }
}
