using System.ComponentModel.DataAnnotations;

namespace JadeStudio.Core.Jobs;

/// <summary>
/// A schedule setting: a Quartz cron expression (seconds first). Checked at start, where an expression Quartz cannot
/// read stopped the job scheduler seconds later and took the host down with exit code 0.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class QuartzCronAttribute : ValidationAttribute
{
    /// <summary>Whether an empty schedule is allowed (the job then runs only on demand).</summary>
    public bool AllowEmpty { get; init; }

    public QuartzCronAttribute() => ErrorMessage = "give a Quartz cron expression, seconds first (e.g. 0 30 3 * * ?)";

    public override bool IsValid(object? value) => value switch
    {
        null or "" => AllowEmpty,
        string expression => Reads(expression),
        _ => false,
    };

    // Quartz 4 has no test of an expression but reading it.
    private static bool Reads(string expression)
    {
        try
        {
            _ = new Quartz.CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
