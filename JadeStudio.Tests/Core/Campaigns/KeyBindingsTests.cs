using JadeStudio.Core.Campaigns;

namespace JadeStudio.Tests.Core.Campaigns;

public class KeyBindingsTests
{
    [Fact]
    public void The_defaults_are_the_number_row_Enter_S_and_I_as_positions()
    {
        var keys = KeyBindings.Default;
        Assert.Equal("Digit1", keys[LabelingAction.Answer1]);
        Assert.Equal("Digit9", keys[LabelingAction.Answer9]);
        Assert.Equal(LabelingAction.Save, keys.ActionFor("Enter"));
        Assert.Equal(LabelingAction.Skip, keys.ActionFor("KeyS"));
        Assert.Equal(LabelingAction.Instructions, keys.ActionFor("KeyI"));
        Assert.Null(keys.ActionFor("ě"));
        Assert.Equal("1", KeyBindings.Label("Digit1"));
        Assert.Equal("S", KeyBindings.Label("KeyS"));
        Assert.Equal("Num 3", KeyBindings.Label("Numpad3"));
    }

    [Theory]
    [InlineData("Escape")]
    [InlineData("Tab")]
    [InlineData("ShiftLeft")]
    [InlineData("ě")]
    [InlineData("")]
    public void Keys_that_keep_their_meaning_or_type_nothing_cannot_be_bound(string code)
    {
        KeyBindings.Default.With(new Dictionary<LabelingAction, string> { [LabelingAction.Skip] = code }, out var problem);
        Assert.IsType<KeyBindingProblem.UnknownKey>(problem);
    }

    [Fact]
    public void One_key_for_two_actions_is_refused_and_names_both()
    {
        var unchanged = KeyBindings.Default.With(new Dictionary<LabelingAction, string> { [LabelingAction.Skip] = "Digit1" }, out var problem);
        var twice = Assert.IsType<KeyBindingProblem.SameKeyTwice>(problem);
        Assert.Equal("Digit1", twice.Code);
        Assert.Equal([LabelingAction.Answer1, LabelingAction.Skip], twice.Actions.Order());
        Assert.Equal("KeyS", unchanged[LabelingAction.Skip]);
    }

    [Fact]
    public void Only_changes_are_stored_and_a_stored_remapping_reads_back_the_same()
    {
        var remapped = KeyBindings.Default.With(new Dictionary<LabelingAction, string> { [LabelingAction.Save] = "Space", [LabelingAction.Answer1] = "KeyQ" }, out _);
        Assert.False(remapped.IsDefault);
        var stored = remapped.Serialize();
        Assert.DoesNotContain("Digit2", stored, StringComparison.Ordinal);
        var read = KeyBindings.Parse(stored);
        Assert.Equal("Space", read[LabelingAction.Save]);
        Assert.Equal("KeyQ", read[LabelingAction.Answer1]);
        Assert.Equal("Digit2", read[LabelingAction.Answer2]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"Save\":\"Escape\"}")]
    [InlineData("{\"Save\":\"Digit1\"}")]
    [InlineData("{\"NoSuchAction\":\"KeyQ\"}")]
    public void A_stored_value_that_is_unreadable_or_no_longer_valid_falls_back_to_the_defaults(string stored) =>
        Assert.True(KeyBindings.Parse(stored).IsDefault);
}
