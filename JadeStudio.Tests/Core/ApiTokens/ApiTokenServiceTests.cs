using JadeStudio.Core.ApiTokens;
using JadeStudio.Core.Commands;
using JadeStudio.Core.Permissions;
using JadeStudio.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace JadeStudio.Tests.Core.ApiTokens;

public sealed class ApiTokenServiceTests : IAsyncLifetime
{
    private readonly CoreHarness _core = new();
    private ApiTokenService _tokens = default!;
    private ActorRef _user = default!;

    public async Task InitializeAsync()
    {
        _tokens = new ApiTokenService(_core.Writer, _core.Actors, _core.Database, _core.Clock);
        _user = await _core.UserAsync("Tokenholder", "autoconfirmed");
        (await _core.Terms.AcceptAsync(_user)).OrThrow();
    }

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Only_a_hash_of_the_secret_is_stored()
    {
        var created = (await _tokens.CreateAsync(_user, "bot", [Right.Judge])).OrThrow();

        await using var db = _core.Database.CreateDbContext();
        var stored = await db.ApiTokens.SingleAsync();
        Assert.StartsWith(ApiTokenService.SecretPrefix, created.Secret);
        Assert.DoesNotContain(created.Secret, stored.Hash + stored.Prefix + stored.Name);
        Assert.Equal(ApiTokenService.HashOf(created.Secret), stored.Hash);
    }

    [Fact]
    public async Task A_token_without_a_name_is_refused_as_empty_and_one_too_long_as_too_long()
    {
        var unnamed = await _tokens.CreateAsync(_user, "   ", [Right.Judge]);
        var tooLong = await _tokens.CreateAsync(_user, new string('n', ApiTokenService.MaxNameLength + 1), [Right.Judge]);
        (await _tokens.CreateAsync(_user, $"  {new string('n', ApiTokenService.MaxNameLength)}  ", [Right.Judge])).OrThrow();

        Assert.Equal("name", Assert.IsType<JadeError.EmptyText>(unnamed.Error).Field);
        Assert.Equal(ApiTokenService.MaxNameLength, Assert.IsType<JadeError.TextTooLong>(tooLong.Error).MaxLength);
        await using var db = _core.Database.CreateDbContext();
        Assert.Equal(new string('n', ApiTokenService.MaxNameLength), (await db.ApiTokens.SingleAsync()).Name);
    }

    [Fact]
    public async Task The_secret_authenticates_as_its_owner_with_only_the_tokens_rights()
    {
        var created = (await _tokens.CreateAsync(_user, "bot", [Right.Judge])).OrThrow();

        var identity = await _tokens.AuthenticateAsync(created.Secret);

        Assert.Equal(_user.UserId, identity?.UserId);
        Assert.Equal(new HashSet<Right> { Right.Judge }, identity!.Rights);
    }

    [Fact]
    public async Task A_token_cannot_have_a_right_its_owner_lacks()
    {
        var result = await _tokens.CreateAsync(_user, "too much", [Right.Judge, Right.Block]);

        Assert.Equal(Right.Block, Assert.IsType<JadeError.InvalidTokenRights>(result.Error).NotHeld);
        Assert.Empty(await _tokens.ListAsync(_user.UserId!.Value));
    }

    [Fact]
    public async Task A_token_needs_at_least_one_right()
    {
        var result = await _tokens.CreateAsync(_user, "nothing", []);

        Assert.Null(Assert.IsType<JadeError.InvalidTokenRights>(result.Error).NotHeld);
    }

    [Fact]
    public async Task A_revoked_token_no_longer_authenticates()
    {
        var created = (await _tokens.CreateAsync(_user, "bot", [Right.Judge])).OrThrow();

        (await _tokens.RevokeAsync(_user, created.Token.Id)).OrThrow();

        Assert.Null(await _tokens.AuthenticateAsync(created.Secret));
        Assert.NotNull((await _tokens.ListAsync(_user.UserId!.Value)).Single().RevokedAt);
    }

    [Fact]
    public async Task Nobody_revokes_someone_elses_token()
    {
        var created = (await _tokens.CreateAsync(_user, "bot", [Right.Judge])).OrThrow();
        var other = await _core.UserAsync("Other", "sysop");

        var result = await _tokens.RevokeAsync(other, created.Token.Id);

        Assert.IsType<JadeError.EntityNotFound>(result.Error);
        Assert.NotNull(await _tokens.AuthenticateAsync(created.Secret));
    }

    [Theory]
    [InlineData("")]
    [InlineData("jade_")]
    [InlineData("jade_doesnotexist")]
    [InlineData("Bearer jade_x")]
    public async Task Unknown_secrets_do_not_authenticate(string secret) => Assert.Null(await _tokens.AuthenticateAsync(secret));

    [Fact]
    public async Task A_token_works_until_its_expiry_and_is_refused_from_then_on()
    {
        var created = (await _tokens.CreateAsync(_user, "short-lived", [Right.Judge], expiresAt: _core.Clock.Now.AddHours(1))).OrThrow();

        var before = await _tokens.AuthenticateAsync(created.Secret);
        _core.Clock.Now = _core.Clock.Now.AddHours(1);
        var atExpiry = await _tokens.AuthenticateAsync(created.Secret);

        Assert.NotNull(before);
        Assert.Null(atExpiry);
        Assert.Equal(created.Token.ExpiresAt, (await _tokens.ListAsync(_user.UserId!.Value)).Single().ExpiresAt);
    }

    [Fact]
    public async Task A_token_cannot_be_made_to_expire_in_the_past()
    {
        var refused = await _tokens.CreateAsync(_user, "stale", [Right.Judge], expiresAt: _core.Clock.Now);

        Assert.IsType<JadeStudio.Core.Commands.JadeError.InvalidTokenExpiry>(refused.Error);
        Assert.Empty(await _tokens.ListAsync(_user.UserId!.Value));
    }

    [Fact]
    public async Task Last_use_is_recorded()
    {
        var created = (await _tokens.CreateAsync(_user, "bot", [Right.Judge])).OrThrow();

        await _tokens.AuthenticateAsync(created.Secret);

        Assert.Equal(_core.Clock.Now, (await _tokens.ListAsync(_user.UserId!.Value)).Single().LastUsedAt);
    }

    [Fact]
    public async Task Tokens_are_issued_only_after_their_owner_accepted_the_redaction_terms_and_the_acceptance_is_recorded()
    {
        var newcomer = await _core.UserAsync("Newcomer");
        _core.Clock.Now = _core.Clock.Now.AddHours(1);

        var refused = await _tokens.CreateAsync(newcomer, "feed reader", [Right.Judge]);
        var operatorRefused = await _tokens.CreateForOperatorAsync("Newcomer", [Right.Judge]);
        Assert.IsType<JadeError.TermsNotAccepted>(refused.Error);
        Assert.IsType<JadeError.TermsNotAccepted>(operatorRefused.Error);
        Assert.Null(await _core.Terms.AcceptedAtAsync(newcomer.UserId!.Value));
        Assert.Empty(await _tokens.ListAsync(newcomer.UserId!.Value));

        Assert.Equal(_core.Clock.Now, (await _core.Terms.AcceptAsync(newcomer)).OrThrow());

        Assert.True((await _tokens.CreateAsync(newcomer, "feed reader", [Right.Judge])).IsSuccess);
        Assert.Equal(_core.Clock.Now, await _core.Terms.AcceptedAtAsync(newcomer.UserId!.Value));
    }

    [Fact]
    public async Task An_operator_may_accept_the_terms_for_a_user_when_minting_their_token()
    {
        var bot = await _core.UserAsync("Operator Bot", "bot");

        var minted = await _tokens.CreateForOperatorAsync("Operator Bot", [Right.Judge], acceptTerms: true);

        Assert.True(minted.IsSuccess);
        Assert.Equal(_core.Clock.Now, await _core.Terms.AcceptedAtAsync(bot.UserId!.Value));
    }

    [Fact]
    public async Task Operators_mint_tokens_by_user_name_within_that_users_rights()
    {
        var minted = await _tokens.CreateForOperatorAsync("Tokenholder", [Right.Judge, Right.SetPreferred]);
        var tooMuch = await _tokens.CreateForOperatorAsync("Tokenholder", [Right.Suppress]);
        var nobody = await _tokens.CreateForOperatorAsync("Nobody", [Right.Judge]);

        Assert.True(minted.IsSuccess);
        Assert.IsType<JadeError.InvalidTokenRights>(tooMuch.Error);
        Assert.IsType<JadeError.EntityNotFound>(nobody.Error);
    }

    [Fact]
    public async Task Operators_may_write_the_name_as_a_wiki_reads_it_and_an_account_stored_as_written_comes_first()
    {
        var jane = await _core.UserAsync("Jane Doe");
        var lowerCase = await _core.UserAsync("jane doe");
        await _core.Terms.AcceptAsync(jane);
        await _core.Terms.AcceptAsync(lowerCase);

        var byWikiSpelling = (await _tokens.CreateForOperatorAsync("Jane_Doe", [Right.Judge])).OrThrow();
        var byExactSpelling = (await _tokens.CreateForOperatorAsync("jane doe", [Right.Judge])).OrThrow();
        var byLowerFirstLetter = (await _tokens.CreateForOperatorAsync("jane_Doe", [Right.Judge])).OrThrow();

        Assert.Equal([byWikiSpelling.Token.Id, byLowerFirstLetter.Token.Id], (await _tokens.ListAsync(jane.UserId!.Value)).Select(t => t.Id).Order());
        Assert.Equal([byExactSpelling.Token.Id], (await _tokens.ListAsync(lowerCase.UserId!.Value)).Select(t => t.Id));
    }
}
