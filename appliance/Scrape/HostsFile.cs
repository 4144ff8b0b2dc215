using System.Net;

namespace Appliance.Scrape;

/// <summary>
/// /etc/hosts as getaddrinfo reads it: "address name [aliases…]" per line, '#' to the end of a line a
/// comment, names case-insensitive, every address a name is given kept in file order. Answered before
/// any resolver, so a host pinned there is reached as the machine's other programs reach it.
/// </summary>
public sealed class HostsFile
{
    private readonly Dictionary<string, IPAddress[]> _names;

    private HostsFile(Dictionary<string, IPAddress[]> names) => _names = names;

    public static readonly HostsFile Empty = new(new Dictionary<string, IPAddress[]>());

    public int Count => _names.Count;

    /// <summary>The file at <paramref name="path"/>, or <see cref="Empty"/> when there is none (a container may have none).</summary>
    public static HostsFile Load(string? path) =>
        string.IsNullOrEmpty(path) || !File.Exists(path) ? Empty : Parse(File.ReadAllText(path));

    public static HostsFile Parse(string text)
    {
        var names = new Dictionary<string, List<IPAddress>>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.AsSpan();
            var hash = line.IndexOf('#');
            var fields = (hash >= 0 ? line[..hash] : line).ToString().Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !IPAddress.TryParse(fields[0], out var address))
            {
                continue;
            }

            foreach (var name in fields.Skip(1))
            {
                var key = name.TrimEnd('.');
                if (!names.TryGetValue(key, out var list))
                {
                    names[key] = list = [];
                }

                if (!list.Contains(address))
                {
                    list.Add(address);
                }
            }
        }

        return new HostsFile(names.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase));
    }

    public bool TryGet(string host, out IPAddress[] addresses) =>
        _names.TryGetValue(host.TrimEnd('.'), out addresses!);
}
