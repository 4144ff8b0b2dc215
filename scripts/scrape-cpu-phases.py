"""Sorts `perf script -F comm,pid,tid,ip,sym,dso` samples of one process into phases by their stacks.

Usage: perf script ... | python3 scripts/scrape-cpu-phases.py PID [--unsorted]
A sample goes to the first phase (in the order below) that any frame of its stack names, so a chain build inside
the handshake counts as chain validation and GC work triggered by an allocation counts for the phase that allocated.
OpenSSL is built without frame pointers: its samples rarely reach a managed caller and are shown apart.
"""
import collections
import re
import sys

PHASES = [
    ("tls: chain validation", r"X509Chain|ChainPal|OpenSslX509ChainProcessor|X509ChainNew|X509_STORE|X509_verify_cert|UnixChainVerifier"
     r"|X509StoreCtx|X509ChainElement|CertificateValidationPal|VerifyRemoteCertificate|ChainStatus|TlsTrust"),
    ("tls: handshake", r"SslDoHandshake|DoSslHandshake|ForceAuthentication|ReceiveHandshakeFrame|ProcessHandshake|GenerateToken"
     r"|AllocateSslHandle|SslCreate|AcquireCredentials|SslSessionsCache|SslStreamCertificateContext|SSL_do_handshake|SSL_new|SSL_CTX"
     r"|TlsHandshakeCallback|HttpsConnectionMiddleware|OnConnectionAsync|LabCertificates|AuthenticateAs"),
    ("tls: record encrypt/decrypt", r"SslStream|Interop\.Ssl|Interop\.OpenSsl|SslWrite|SslRead|CryptoNative_Ssl|SSL_read|SSL_write"),
    ("dns", r"DnsClient|DnsResolver|LabDns"),
    ("parse/extract", r"AngleSharp|PageExtractor|ContactPatterns|HtmlNesting|ParseBudget"),
    ("decode", r"CharsetDecoder|PageBody|DecodeHtml|RentedText|System\.Text\.(UTF8|Latin1|Encoding)"),
    ("database", r"Npgsql|Dapper"),
    ("http client/server", r"System\.Net\.Http|Kestrel|AspNetCore|LabRequestHandler|LabWeb|LabPages|LabHtml|LabRobots"),
    ("connect/sockets", r"System\.Net\.Sockets|PolicyConnector|SocketAsyncEngine|NetworkStream"),
    ("runner/bookkeeping", r"Appliance\.|Polly|Hangfire|Microsoft\.Extensions"),
]
PHASES = [(name, re.compile(pattern)) for name, pattern in PHASES]


def phase_of(thread, frames):
    text = "\n".join(frames)
    for name, pattern in PHASES:
        if pattern.search(text):
            return name
    if "GC" in thread:
        return "gc (background thread)"
    if "Tiered" in thread or "libclrjit" in text:
        return "jit"
    if any("libcrypto" in f or "libssl" in f for f in frames):
        return "tls: openssl native, caller unknown"
    if frames and "libc.so" in frames[0] and all("libc.so" in f or "[unknown]" in f or "kernel" in f for f in frames):
        return "libc, caller unknown"
    if frames and all("kernel" in f or "libc" in f or "[unknown]" in f for f in frames):
        return "kernel (socket engine, timers)"
    return "other"


def leaf_kind(frame):
    for needle, kind in (("kernel", "kernel"), ("libcoreclr", "runtime/GC"), ("libcrypto", "openssl"), ("libssl", "openssl"), ("libc.so", "libc")):
        if needle in frame:
            return kind
    return "managed"


def main():
    pid = sys.argv[1]
    counts = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    unsorted = collections.Counter()
    current, frames = None, []

    def flush():
        phase = phase_of(current, frames)
        counts[phase] += 1
        leaves[phase][leaf_kind(frames[0]) if frames else "managed"] += 1
        if phase == "other":
            unsorted[" | ".join(f[:70] for f in frames[:4])] += 1

    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip():
            if current is not None:
                flush()
            current, frames = None, []
        elif not line.startswith(("\t", " ")):
            match = re.match(r"^(.*?)\s+(\d+)/\d+", line)
            current, frames = (match.group(1) if match and match.group(2) == pid else None), []
        elif current is not None:
            parts = line.strip().split(" ", 1)
            frames.append(parts[1] if len(parts) > 1 else parts[0])
    if current is not None:
        flush()

    total = sum(counts.values())
    print(f"pid {pid}: {total} samples")
    for phase, n in counts.most_common():
        where = ", ".join(f"{k} {100 * v / n:.0f}%" for k, v in leaves[phase].most_common(3))
        print(f"  {phase:38s} {100 * n / total:5.1f}%   (leaf: {where})")
    if "--unsorted" in sys.argv:
        for stack, n in unsorted.most_common(25):
            print(n, stack)


if __name__ == "__main__":
    main()
