using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Appliance.Lab;

/// <summary>
/// The little of the DNS wire format (RFC 1035 §4) the lab server needs: read a query's one question, write
/// an answer of A, AAAA and CNAME records with an SOA in the authority section for negative answers. Names
/// in answers are written whole, uncompressed; the question is echoed as it came.
/// </summary>
internal static class LabDnsMessage
{
    public const ushort TypeA = 1;
    public const ushort TypeCname = 5;
    public const ushort TypeSoa = 6;
    public const ushort TypeAaaa = 28;

    public const int NoError = 0;
    public const int ServFail = 2;
    public const int NxDomain = 3;
    public const int NotImplemented = 4;

    public sealed record Record(string Name, ushort Type, uint Ttl, IPAddress? Address = null, string? Target = null);

    public sealed record Query(ushort Id, ushort Flags, string Name, ushort Type, int QuestionEnd);

    /// <summary>The query's header and first question; false for anything that is not one well-formed query.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out Query query)
    {
        query = null!;
        if (message.Length < 12 || (message[2] & 0x80) != 0 || BinaryPrimitives.ReadUInt16BigEndian(message[4..]) < 1)
        {
            return false;
        }

        var name = new StringBuilder(64);
        var at = 12;
        while (true)
        {
            if (at >= message.Length)
            {
                return false;
            }

            int length = message[at++];
            if (length == 0)
            {
                break;
            }

            if (length > 63 || at + length > message.Length || name.Length + length > 253)
            {
                return false; // compression pointers have no place in a question
            }

            if (name.Length > 0)
            {
                name.Append('.');
            }

            name.Append(Encoding.ASCII.GetString(message.Slice(at, length)));
            at += length;
        }

        if (at + 4 > message.Length)
        {
            return false;
        }

        query = new Query(BinaryPrimitives.ReadUInt16BigEndian(message), BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            name.ToString().ToLowerInvariant(), BinaryPrimitives.ReadUInt16BigEndian(message[at..]), at + 4);
        return true;
    }

    /// <param name="soaMinimum">With a negative answer (NXDOMAIN, or no record of the type): the SOA whose minimum says how long to remember it.</param>
    public static byte[] Answer(ReadOnlySpan<byte> request, Query query, int rcode, IReadOnlyList<Record> answers, uint? soaMinimum)
    {
        using var stream = new MemoryStream(512);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, query.Id);
        // QR, the query's opcode and RD, authoritative, recursion available.
        var flags = (ushort)(0x8000 | (query.Flags & 0x7900) | 0x0400 | 0x0080 | rcode);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], flags);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)answers.Count);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], (ushort)(soaMinimum is null ? 0 : 1));
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], 0);
        stream.Write(header);
        stream.Write(request[12..query.QuestionEnd]);
        foreach (var record in answers)
        {
            WriteRecord(stream, record);
        }

        if (soaMinimum is { } minimum)
        {
            WriteSoa(stream, minimum);
        }

        return stream.ToArray();
    }

    private static void WriteRecord(MemoryStream stream, Record record)
    {
        WriteName(stream, record.Name);
        Span<byte> fixedPart = stackalloc byte[10];
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, record.Type);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart[2..], 1); // IN
        BinaryPrimitives.WriteUInt32BigEndian(fixedPart[4..], record.Ttl);
        var data = record.Type == TypeCname ? EncodeName(record.Target!) : record.Address!.GetAddressBytes();
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart[8..], (ushort)data.Length);
        stream.Write(fixedPart);
        stream.Write(data);
    }

    private static void WriteSoa(MemoryStream stream, uint minimum)
    {
        WriteName(stream, LabNames.Zone);
        using var data = new MemoryStream(64);
        WriteName(data, "ns.lab." + LabNames.Zone);
        WriteName(data, "hostmaster.lab." + LabNames.Zone);
        Span<byte> numbers = stackalloc byte[20];
        BinaryPrimitives.WriteUInt32BigEndian(numbers, 1);          // serial
        BinaryPrimitives.WriteUInt32BigEndian(numbers[4..], 3600);  // refresh
        BinaryPrimitives.WriteUInt32BigEndian(numbers[8..], 600);   // retry
        BinaryPrimitives.WriteUInt32BigEndian(numbers[12..], 86400); // expire
        BinaryPrimitives.WriteUInt32BigEndian(numbers[16..], minimum);
        data.Write(numbers);
        Span<byte> fixedPart = stackalloc byte[10];
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart, TypeSoa);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart[2..], 1);
        BinaryPrimitives.WriteUInt32BigEndian(fixedPart[4..], minimum);
        BinaryPrimitives.WriteUInt16BigEndian(fixedPart[8..], (ushort)data.Length);
        stream.Write(fixedPart);
        stream.Write(data.ToArray());
    }

    private static void WriteName(Stream stream, string name) => stream.Write(EncodeName(name));

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>(name.Length + 2);
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }
}
