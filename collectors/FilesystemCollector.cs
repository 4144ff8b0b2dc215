using System.Collections.Concurrent;

namespace Appliance.Collectors;

/// <summary>
/// node_exporter's filesystem collector: size, free, available bytes and inodes of each mounted
/// filesystem, after its default exclusions. On a network or FUSE filesystem, statvfs runs on
/// another thread: one that does not answer within the timeout (a dead NFS server) is reported
/// with <c>node_filesystem_device_error 1</c> and skipped until that call returns, so one stale
/// mount can never hang a scrape. Local disk and memory filesystems answer from the kernel's own
/// superblock and are asked inline, which spares each cycle a thread hand-off per mount.
/// </summary>
public sealed class FilesystemCollector(HostSources sources) : ICollector
{
    /// <summary>
    /// The mount table is re-read at most this often: the kernel builds /proc/1/mounts afresh on
    /// every read, which cost more than any other file a cycle reads, and mounts rarely change.
    /// </summary>
    public static readonly TimeSpan MountTableMaxAge = TimeSpan.FromSeconds(10);

    private static readonly HashSet<string> LocalTypes = new(StringComparer.Ordinal)
    {
        "ext2", "ext3", "ext4", "xfs", "btrfs", "f2fs", "jfs", "reiserfs", "vfat", "exfat", "ntfs", "ntfs3", "tmpfs", "ramfs", "erofs",
    };

    private readonly ConcurrentDictionary<string, Task<FilesystemStats?>> _stuck = new(StringComparer.Ordinal);
    private List<MountEntry>? _mounts;
    private long _mountsReadAt;

    public string Name => "filesystem";

    public void Collect(MetricWriter w)
    {
        foreach (var m in ReportedMounts())
        {
            var labels = new[] { Label.Of("device", m.Device), Label.Of("fstype", m.FsType), Label.Of("mountpoint", m.MountPoint) };
            var stats = LocalTypes.Contains(m.FsType) ? sources.StatFs(m.MountPoint)
                : _stuck.ContainsKey(m.MountPoint) ? null
                : GuardedStat(m.MountPoint);
            w.Gauge("node_filesystem_device_error", "Whether an error occurred while getting statistics for the given device.", stats is null ? 1 : 0, labels);
            if (stats is not { } s)
            {
                continue;
            }

            w.Gauge("node_filesystem_size_bytes", "Filesystem size in bytes.", s.SizeBytes, labels);
            w.Gauge("node_filesystem_free_bytes", "Filesystem free space in bytes.", s.FreeBytes, labels);
            w.Gauge("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes.", s.AvailBytes, labels);
            w.Gauge("node_filesystem_files", "Filesystem total file nodes.", s.Files, labels);
            w.Gauge("node_filesystem_files_free", "Filesystem total free file nodes.", s.FilesFree, labels);
            w.Gauge("node_filesystem_readonly", "Filesystem read-only status.", m.ReadOnly ? 1 : 0, labels);
        }
    }

    private List<MountEntry> ReportedMounts()
    {
        var now = Environment.TickCount64;
        if (_mounts is null || now - _mountsReadAt > MountTableMaxAge.TotalMilliseconds)
        {
            // /proc/1/mounts is the host's view even inside a mount namespace; it is hidden under hidepid.
            if (!ProcFile.TryRead(sources.Proc("1/mounts"), out var text))
            {
                text = ProcFile.Read(sources.Proc("mounts"));
            }

            _mounts = Mounts.Reported(Mounts.Parse(text));
            _mountsReadAt = now;
        }

        return _mounts;
    }

    private FilesystemStats? GuardedStat(string mountPoint)
    {
        // A TaskCompletionSource cannot be inlined by Wait, so a hung statvfs never runs on this thread.
        var done = new TaskCompletionSource<FilesystemStats?>(TaskCreationOptions.RunContinuationsAsynchronously);
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            try
            {
                done.SetResult(sources.StatFs(mountPoint));
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }, null);

        if (done.Task.Wait(sources.StatFsTimeout))
        {
            return done.Task.Result;
        }

        _stuck[mountPoint] = done.Task;
        done.Task.ContinueWith(_ => _stuck.TryRemove(mountPoint, out var _), TaskScheduler.Default);
        return null;
    }
}
