using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using JadeStudio.Tests.Support;

namespace JadeStudio.Tests.Api;

/// <summary>
/// The README's API section, run as written: its shell commands are parsed from README.md and
/// executed against the real app over HTTP (curl lines as HttpClient requests; the token command
/// as the built app's operator command). If the README drifts from the API, this fails.
/// </summary>
[Collection(Browser.BrowserCollection.Name)]
public sealed partial class ReadmeExamplesTests(Browser.BrowserFixture browser)
{
    [Fact]
    public async Task The_README_API_examples_work_as_written()
    {
        var app = browser.App;
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await SignInOnceAsync(client, "reviewer");
        var variables = new Dictionary<string, string> { ["JADE"] = app.BaseAddress.ToString().TrimEnd('/') };
        var commands = ReadmeCommands();
        Assert.True(commands.Count >= 6, "The README's API section lost its examples.");

        foreach (var command in commands)
        {
            if (Assignment().Match(command) is { Success: true } assignment)
            {
                variables[assignment.Groups["name"].Value] = await RunOperatorCommandAsync(app, Words(assignment.Groups["command"].Value, variables));
                continue;
            }
            var words = Words(command, variables);
            Assert.Equal("curl", words[0]);
            var (request, streaming) = Curl(words);
            if (streaming)
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                Assert.True(response.IsSuccessStatusCode, command);
                using var sse = new SseReader(response);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                var first = await sse.NextAsync(wait.Token);
                Assert.NotNull(first?.Id);
                continue;
            }
            using var reply = await client.SendAsync(request);
            var body = await reply.Content.ReadAsStringAsync();
            Assert.True(reply.IsSuccessStatusCode, $"{command}\n→ {(int)reply.StatusCode} {body}");
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("events", out var events) && events.GetArrayLength() > 0)
            {
                // What a reader of the README does next: continue from "next", resume a stream after an event they saw.
                variables["NEXT"] = json.RootElement.GetProperty("next").GetString()!;
                variables["LAST"] = events[0].GetProperty("cursor").GetString()!;
            }
        }

        Assert.True(variables.ContainsKey("TOKEN") && variables.ContainsKey("NEXT"), "The examples did not mint a token and read the feed.");
    }

    /// <summary>The shell commands in the README's "## API" section, with line continuations joined.</summary>
    private static List<string> ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var section = Regex.Match(readme, @"^## API\s*$(?<body>.*?)^## ", RegexOptions.Multiline | RegexOptions.Singleline).Groups["body"].Value;
        return CodeBlock().Matches(section)
            .SelectMany(block => block.Groups["code"].Value.Replace("\\\n", " ").Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
    }

    /// <summary>Splits a shell line into words: single and double quotes, $VARIABLES expanded outside single quotes.</summary>
    private static List<string> Words(string line, IReadOnlyDictionary<string, string> variables)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                current.Append(line, i + 1, end - i - 1);
                i = end;
                inWord = true;
            }
            else if (c == '"')
            {
                var end = line.IndexOf('"', i + 1);
                current.Append(Expand(line[(i + 1)..end], variables));
                i = end;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                var end = i;
                while (end < line.Length && !char.IsWhiteSpace(line[end]) && line[end] is not ('"' or '\''))
                {
                    end++;
                }
                current.Append(Expand(line[i..end], variables));
                i = end - 1;
                inWord = true;
            }
        }
        if (inWord)
        {
            words.Add(current.ToString());
        }
        return words;
    }

    private static string Expand(string text, IReadOnlyDictionary<string, string> variables) =>
        Variable().Replace(text, m => variables.TryGetValue(m.Groups["name"].Value, out var value) ? value : throw new InvalidOperationException($"${m.Groups["name"].Value} is not set by an earlier example."));

    private static (HttpRequestMessage Request, bool Streaming) Curl(List<string> words)
    {
        var method = HttpMethod.Get;
        string? data = null;
        string? url = null;
        var headers = new List<(string, string)>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-s" or "-N" or "-sN":
                    break;
                case "-X":
                    method = new HttpMethod(words[++i]);
                    break;
                case "-H":
                    var header = words[++i].Split(':', 2);
                    headers.Add((header[0].Trim(), header[1].Trim()));
                    break;
                case "-d":
                    data = words[++i];
                    break;
                default:
                    url = words[i];
                    break;
            }
        }
        var request = new HttpRequestMessage(data is not null && method == HttpMethod.Get ? HttpMethod.Post : method, url);
        if (data is not null)
        {
            request.Content = new StringContent(data, Encoding.UTF8);
            request.Content.Headers.ContentType = null;
        }
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return (request, headers.Any(h => h.Item1 == "Accept" && h.Item2 == "text/event-stream"));
    }

    /// <summary>`dotnet run --project JadeStudio.Web -- ARGS` is the built app with ARGS, on the same data folder.</summary>
    private static async Task<string> RunOperatorCommandAsync(AppProcess app, List<string> words)
    {
        var separator = words.IndexOf("--");
        Assert.True(words[0] == "dotnet" && words[1] == "run" && separator > 0, "The token example should run the app's operator command.");
        var (exit, output, errors) = await OperatorCommand.RunAsync(app.DataDirectory, app.SharedDatabaseSettings, [.. words.Skip(separator + 1)]);
        Assert.True(exit == 0, errors);
        return output.Trim();
    }

    private static async Task SignInOnceAsync(HttpClient client, string account)
    {
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("signin"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await client.PostAsync("auth/development-signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["account"] = account,
        }));
        Assert.True(response.IsSuccessStatusCode);
    }

    [GeneratedRegex("```sh\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^(?<name>[A-Z]+)=\$\((?<command>.*)\)$")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\$(?<name>[A-Z]+)")]
    private static partial Regex Variable();
}
