#!/usr/bin/env python3
"""What an idle `appliance serve` costs its database: transactions committed per second (pg_stat_database.xact_commit)
over WINDOW seconds (default 30) with no upload, on a fresh bundled cluster, queues in PostgreSQL (STORAGE=postgres,
the default here) or in memory. With BREAKDOWN=1 it also logs every statement for the window (log_statement=all)
and counts them by kind, to say which loop costs what. Extra APPLIANCE_* variables pass through (e.g.
APPLIANCE_Jobs__PollMilliseconds=1000 to measure the old default). Run after `dotnet build -c Release`."""
from benchlib import binary, cpu, sql, wait_http
import collections, glob, os, re, shutil, subprocess, tempfile, time
WINDOW = float(os.environ.get("WINDOW", "30"))
STORAGE = os.environ.get("STORAGE", "postgres")
work = tempfile.mkdtemp(prefix="appl-idle-"); os.chmod(work, 0o755)

env = dict(os.environ, APPLIANCE_CONFIG="/nonexistent", APPLIANCE_StateDirectory=work, APPLIANCE_Jobs__Storage=STORAGE, APPLIANCE_Node__Name="idle-0")
proc = subprocess.Popen(["dotnet", binary, "serve", "--urls", "http://127.0.0.1:18899"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    wait_http("http://127.0.0.1:18899/healthz")
    sock = os.path.dirname(glob.glob(os.path.join(work, "**", ".s.PGSQL.5432"), recursive=True)[0])
    log = glob.glob(os.path.join(work, "**", "postgres.log"), recursive=True)[0]
    time.sleep(10)  # past start-up: recovery, the first lease, JIT
    if os.environ.get("BREAKDOWN") == "1":
        sql(sock, "ALTER SYSTEM SET log_statement = 'all'"); sql(sock, "SELECT pg_reload_conf()"); time.sleep(1)
    offset = os.path.getsize(log)
    q = "SELECT xact_commit FROM pg_stat_database WHERE datname = 'appliance'"
    c0, p0, t0 = int(sql(sock, q)), cpu(proc.pid), time.monotonic()
    time.sleep(WINDOW)
    c1, p1, t1 = int(sql(sock, q)), cpu(proc.pid), time.monotonic()
    seconds = t1 - t0
    settings = " ".join(f"{k[10:]}={v}" for k, v in sorted(os.environ.items()) if k.startswith("APPLIANCE_"))
    print(f"queues {STORAGE}, {settings or 'defaults'}: {(c1 - c0 - 2) / seconds:.1f} commits/s over {seconds:.0f} s "
          f"(the two reads of the counter excluded); appliance CPU {100 * (p1 - p0) / seconds:.2f} % of a core", flush=True)
    if os.environ.get("BREAKDOWN") == "1":
        kinds = collections.Counter()
        with open(log, errors="replace") as f:
            f.seek(offset)
            for line in f:
                m = re.search(r"statement: (.*)", line)
                if m:
                    s = re.sub(r"\s+", " ", m.group(1)).strip()
                    kinds[re.sub(r"'[^']*'|\$\d+|\b\d+\b", "?", s)[:110]] += 1
        for text, n in kinds.most_common(15): print(f"  {n / seconds:7.2f}/s  {text}")
finally:
    proc.terminate(); proc.wait(); shutil.rmtree(work, ignore_errors=True)
