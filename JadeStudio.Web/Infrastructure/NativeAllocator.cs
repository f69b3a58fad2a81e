using System.Runtime.InteropServices;

namespace JadeStudio.Web.Infrastructure;

/// <summary>
/// Keeps glibc's malloc to two arenas. SQLite, zlib and Parquet's Snappy allocate through it, and glibc gives each
/// thread that allocates under contention an arena of its own (up to eight per core), each keeping the high-water mark
/// it grew to. Work that awaits resumes on any thread-pool thread, so a long dump spread its native pages over many
/// arenas: benchmark 7 measured 120–128 MB above idle with glibc's default and 87 MB with two arenas
/// (<c>MALLOC_ARENA_MAX=2</c>, glibc's own setting for this, which an operator may still set; it is then left alone).
/// Called first in <c>Main</c>, before the app's threads allocate.
/// </summary>
internal static class NativeAllocator
{
    /// <summary><c>M_ARENA_MAX</c> in glibc's <c>malloc.h</c>.</summary>
    private const int ArenaMaxOption = -8;

    public static void LimitArenas()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null)
        {
            return;
        }
        try
        {
            _ = mallopt(ArenaMaxOption, 2);
        }
        catch (Exception notGlibc) when (notGlibc is EntryPointNotFoundException or DllNotFoundException)
        {
            // Another C library (musl has no arenas to limit): nothing to do.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int option, int value);
}
