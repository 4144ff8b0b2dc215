using System.Runtime.InteropServices;

namespace Appliance.Collectors;

/// <summary>
/// Counts a directory's entries with readdir(3) alone. .NET's enumerator stats the target of every
/// symbolic link, and every entry of <c>/proc/self/fd</c> is one: that made counting open file
/// descriptors cost more than all other collectors together.
/// </summary>
public static class DirectoryEntries
{
    public static int Count(string path)
    {
        var dir = opendir(path);
        if (dir == IntPtr.Zero)
        {
            throw new DirectoryNotFoundException($"cannot open {path} (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            var count = 0;
            while (readdir(dir) != IntPtr.Zero)
            {
                count++;
            }

            // "." and "..".
            return count - 2;
        }
        finally
        {
            _ = closedir(dir);
        }
    }

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern IntPtr opendir(string name);

    [DllImport("libc")]
    private static extern IntPtr readdir(IntPtr dir);

    [DllImport("libc")]
    private static extern int closedir(IntPtr dir);
}
