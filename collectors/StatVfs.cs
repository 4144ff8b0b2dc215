using System.Runtime.InteropServices;

namespace Appliance.Collectors;

/// <summary>What statvfs(3) says about one mounted filesystem, in node_exporter's units.</summary>
public readonly record struct FilesystemStats(double SizeBytes, double FreeBytes, double AvailBytes, double Files, double FilesFree);

/// <summary>statvfs(3) through glibc, 64-bit Linux layout.</summary>
public static class StatVfs
{
    /// <returns>null when the call fails (permission, a vanished mount).</returns>
    public static FilesystemStats? Query(string mountPoint)
    {
        if (statvfs(mountPoint, out var s) != 0)
        {
            return null;
        }

        // node_exporter multiplies block counts by f_bsize (statfs(2)'s Bsize); keep its arithmetic.
        return new FilesystemStats((double)s.Blocks * s.BlockSize, (double)s.BlocksFree * s.BlockSize,
            (double)s.BlocksAvail * s.BlockSize, s.Files, s.FilesFree);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Native
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvail;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvail;
        public ulong FsId;
        public ulong Flags;
        public ulong NameMax;
        public ulong Spare0;
        public ulong Spare1;
        public ulong Spare2;
    }

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int statvfs(string path, out Native buf);
}
