using System.Buffers.Binary;
using System.IO.Compression;

namespace Appliance.Tests.Support;

/// <summary>Rewrites a zip entry's declared uncompressed size, as a hostile archive would, leaving its data as it is.</summary>
public static class ZipSizes
{
    public static void Understate(string path, string entryName, uint size)
    {
        long localHeader;
        using (var zip = ZipFile.OpenRead(path))
        {
            _ = zip.GetEntry(entryName) ?? throw new ArgumentException($"no entry {entryName}");
        }

        var bytes = File.ReadAllBytes(path);
        var name = System.Text.Encoding.UTF8.GetBytes(entryName);
        // Central directory record: signature PK\1\2, uncompressed size at +24, name length at +28, name at +46.
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 1 && bytes[i + 3] == 2
                && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i + 28)) == name.Length && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), size);
                localHeader = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i + 42));
                // Local file header: uncompressed size at +22.
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)localHeader + 22), size);
                File.WriteAllBytes(path, bytes);
                return;
            }
        }

        throw new ArgumentException($"no central directory record for {entryName}");
    }
}
