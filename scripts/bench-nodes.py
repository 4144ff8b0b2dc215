#!/usr/bin/env python3
"""One node vs two nodes, and queues in memory vs in PostgreSQL: the same lab upload through `appliance serve`.
Scenarios, each on a fresh bundled cluster: memory/1 node, postgres/1 node, postgres/2 nodes (the second node on
the first one's cluster through its Unix socket). Prints rows/s from upload to the last message, the database's
rows written per second (pg_stat_database inserts+updates+deletes, Hangfire's included), and the CPU seconds of the
appliance processes. Run after `dotnet build -c Release`; ROWS (default 3000) sets the file size, CHUNK (default 100)
the scrape chunk (generate chunks are half of it)."""
import glob, os, shutil, subprocess, tempfile, time, urllib.request, uuid
ROWS = int(os.environ.get("ROWS", "3000"))
CHUNK = os.environ.get("CHUNK", "100")
LAB = 18791
here = os.path.dirname(os.path.abspath(__file__))
binary = os.path.join(here, "..", "appliance", "bin", "Release", "net10.0", "appliance.dll")
psql = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1]
work = tempfile.mkdtemp(prefix="appl-nodes-"); os.chmod(work, 0o755)
quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def cli(*args, **kw): return subprocess.Popen(["dotnet", binary, *args], env=dict(os.environ, APPLIANCE_CONFIG="/nonexistent"), **kw)
def wait_http(url, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200: return
        except Exception: time.sleep(0.2)
    raise SystemExit(f"{url} not up")
def cpu(pid):
    with open(f"/proc/{pid}/stat") as f: parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")
def sql(sock, q): return subprocess.run([psql, "-h", sock, "-U", "appliance", "-d", "appliance", "-Atc", q], capture_output=True, text=True, check=True).stdout.strip()
def upload(port, path):
    b = uuid.uuid4().hex; data = open(path, "rb").read()
    body = (f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leads.csv\"\r\nContent-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{b}--\r\n".encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/uploads", data=body, headers={"Content-Type": f"multipart/form-data; boundary={b}"})
    return int(__import__("json").loads(urllib.request.urlopen(req).read())["upload_id"])

lab = cli("lab", "serve", "--port", str(LAB), "--no-faults", "--latency-median-ms", "20", "--latency-p95-ms", "100",
          "--llm-ttft-ms", "50", "--llm-tokens-per-second", "2000", "--llm-output-tokens", "30", **quiet)
leads = os.path.join(work, "leads.csv")
cli("lab", "leads", "--rows", str(ROWS), "--out", leads, "--port", str(LAB), "--clean", **quiet).wait()
time.sleep(3)  # the lab binds its addresses

def scenario(storage, nodes):
    procs, port0 = [], 18800
    sock = None
    for i in range(nodes):
        state = os.path.join(work, f"{storage}-{nodes}-{i}"); os.makedirs(state); os.chmod(state, 0o755)
        env = {"APPLIANCE_StateDirectory": state, "APPLIANCE_Jobs__Storage": storage, "APPLIANCE_Node__Name": f"node-{i}",
               "APPLIANCE_Scrape__AllowPrivateAddresses": "true", "APPLIANCE_Generate__Generator": "llm",
               "APPLIANCE_Llm__BaseUrl": f"http://127.0.0.1:{LAB}/v1", "APPLIANCE_Llm__Model": "lab-model", "APPLIANCE_Llm__ApiKey": "lab",
               # Chunks small enough that a file is many jobs: a node takes a job only when one of its workers is free.
               "APPLIANCE_Scrape__ChunkSize": CHUNK, "APPLIANCE_Generate__ChunkSize": str(max(1, int(CHUNK) // 2))}
        if sock: env["APPLIANCE_ConnectionStrings__Postgres"] = f"Host={sock};Username=appliance;Database=appliance;Maximum Pool Size=64"
        p = subprocess.Popen(["dotnet", binary, "serve", "--urls", f"http://127.0.0.1:{port0 + i}"],
                             env=dict(os.environ, APPLIANCE_CONFIG="/nonexistent", **env), **quiet)
        procs.append(p); wait_http(f"http://127.0.0.1:{port0 + i}/healthz")
        if sock is None: sock = os.path.dirname(glob.glob(os.path.join(state, "**", ".s.PGSQL.5432"), recursive=True)[0])
    # Idle first: what polling for jobs costs the database and the nodes with nothing to do.
    commits = "SELECT xact_commit FROM pg_stat_database WHERE datname = 'appliance'"
    time.sleep(3); i0, ic0, it0 = int(sql(sock, commits)), sum(cpu(p.pid) for p in procs), time.monotonic()
    time.sleep(10); i1, ic1, it1 = int(sql(sock, commits)), sum(cpu(p.pid) for p in procs), time.monotonic()
    idle = f"idle: {(i1 - i0) / (it1 - it0):5.0f} commits/s, {100 * (ic1 - ic0) / (it1 - it0):4.1f} % of a core"
    written = "SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = 'appliance'"
    w0, c0, t0 = int(sql(sock, written)), sum(cpu(p.pid) for p in procs), time.monotonic()
    uid = upload(port0, leads)
    peak = 0
    while sql(sock, f"SELECT count(*) FILTER (WHERE generation_status IN ('done','failed')) = {ROWS} FROM websites WHERE file_upload_id = {uid}") != "t":
        peak = max(peak, int(sql(sock, "SELECT count(*) FROM pg_stat_activity WHERE datname = 'appliance'")))
        time.sleep(0.5)
    t1 = time.monotonic(); c1 = sum(cpu(p.pid) for p in procs); time.sleep(1.5); w1 = int(sql(sock, written))
    share = sql(sock, f"SELECT string_agg(generated_by || '=' || n, ' ') FROM (SELECT generated_by, count(*) n FROM websites WHERE file_upload_id = {uid} GROUP BY 1 ORDER BY 1) s")
    print(f"{storage:8} {nodes} node(s): {ROWS / (t1 - t0):7.1f} rows/s ({t1 - t0:5.1f} s); database rows written {(w1 - w0) / (t1 - t0):7.0f}/s; "
          f"appliance CPU {c1 - c0:5.1f} s; peak connections {peak}; generated by {share}; {idle}", flush=True)
    for p in reversed(procs): p.terminate(); p.wait()

try:
    print(f"{ROWS} lab rows, scrape chunks of {CHUNK}, {os.cpu_count()} cores")
    scenario("memory", 1)
    scenario("postgres", 1)
    scenario("postgres", 2)
finally:
    lab.terminate(); lab.wait(); shutil.rmtree(work, ignore_errors=True)
