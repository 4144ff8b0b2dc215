using System.Text;

namespace Appliance.Collectors;

/// <summary>Reads small kernel text files, telling "not on this kernel" apart from a broken read.</summary>
public static class ProcFile
{
    // A reused buffer per thread: File.ReadAllText allocates a FileStream and a StreamReader with
    // their own buffers per file, which was most of a collection cycle's garbage.
    [ThreadStatic]
    private static byte[]? _buffer;

    /// <returns>false when the file or its directory does not exist; other I/O errors throw.</returns>
    public static bool TryRead(string path, out string text)
    {
        try
        {
            text = ReadAll(path);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            text = "";
            return false;
        }
    }

    /// <summary>Reads a file the collector cannot work without; absence is a failure of that collector.</summary>
    public static string Read(string path) =>
        TryRead(path, out var text) ? text : throw new FileNotFoundException($"{path} does not exist", path);

    private static string ReadAll(string path)
    {
        using var handle = File.OpenHandle(path);
        var buffer = _buffer ??= new byte[16 * 1024];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
                _buffer = buffer;
            }

            // procfs and sysfs files report size 0, so read until the kernel says end of file.
            var read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
            if (read == 0)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }

            length += read;
        }
    }
}
