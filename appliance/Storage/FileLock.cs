namespace Appliance.Storage;

/// <summary>
/// An advisory <c>flock</c> on a file, shared or exclusive. .NET takes <c>LOCK_EX</c> for
/// <see cref="FileShare.None"/> and <c>LOCK_SH</c> otherwise, and releases it when the handle closes,
/// also when the process dies, so a crashed holder never leaves a stale lock.
/// </summary>
internal sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(FileStream stream) => _stream = stream;

    public static FileLock? TryAcquire(string path, bool exclusive)
    {
        try
        {
            var share = exclusive ? FileShare.None : FileShare.ReadWrite;
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, share));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static async Task<FileLock> AcquireAsync(string path, bool exclusive, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var held = TryAcquire(path, exclusive);
            if (held is not null)
            {
                return held;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"could not lock {path} within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(50, ct);
        }
    }

    public void Dispose() => _stream.Dispose();
}
