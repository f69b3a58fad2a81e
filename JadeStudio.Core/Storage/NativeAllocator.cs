using System.Runtime.InteropServices;

namespace JadeStudio.Core.Storage;

/// <summary>
/// glibc's malloc, which SQLite, zlib and Parquet's Snappy allocate through: .NET has no setting for it, so these call
/// glibc's own functions. On other systems or C libraries (musl) they do nothing.
/// </summary>
public static class NativeAllocator
{
    /// <summary><c>M_ARENA_MAX</c> in glibc's <c>malloc.h</c>.</summary>
    private const int ArenaMaxOption = -8;

    /// <summary>
    /// Keeps malloc to two arenas. glibc gives each thread that allocates under contention an arena of its own (up to
    /// eight per core), each keeping the high-water mark it grew to. Work that awaits resumes on any thread-pool thread,
    /// so a long dump spread its native pages over many arenas: benchmark 7 measured 120–128 MB above idle with glibc's
    /// default and 87 MB with two arenas (<c>MALLOC_ARENA_MAX=2</c>, glibc's own setting for this, which an operator may
    /// still set; it is then left alone). Called first in <c>Main</c>, before the app's threads allocate.
    /// </summary>
    public static void LimitArenas()
    {
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null)
        {
            Call(() => mallopt(ArenaMaxOption, 2));
        }
    }

    /// <summary>
    /// Gives the pages malloc holds free back to the system (<c>malloc_trim</c>): malloc keeps what it freed for later,
    /// so a long job's peak otherwise stays resident after it.
    /// </summary>
    public static void ReleaseFree() => Call(() => malloc_trim(0));

    private static void Call(Func<int> glibcFunction)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            _ = glibcFunction();
        }
        catch (Exception notGlibc) when (notGlibc is EntryPointNotFoundException or DllNotFoundException)
        {
            // Another C library (musl has no arenas to limit or trim): nothing to do.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int option, int value);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}
