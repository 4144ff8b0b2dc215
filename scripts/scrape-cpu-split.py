#!/usr/bin/env python3
"""Whose CPU a scrape-stage benchmark spends, per part: the `appliance scrape` child (the scraper), the benchmark
process (the lab: its pages, TLS server and DNS server, plus the harness), the benchmark's PostgreSQL, and everything
else on the machine (other work), next to the machine's total busy CPU from /proc/stat.

Usage: python3 scripts/scrape-cpu-split.py [scrape-stage arguments...]
  e.g. python3 scripts/scrape-cpu-split.py --rows 30000 --zero-latency-rows 200 --https --json-out /tmp/s.json
Runs the benchmark itself (Release build under tests/Benchmarks/bin/Release/net10.0, or $BIN), samples every process's
utime+stime from /proc every 0.5 s, and attributes each part to the life of one `appliance scrape` child (each part is
a fresh child). CPU of a process that ends between samples is lost (short-lived processes, a handful of ms).
"""
import os
import subprocess
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count()


def stat_total():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]  # idle + iowait
    return sum(v[:8]) - idle, sum(v[:8])


def procs():
    """pid -> (ppid, cpu ticks, is_postgres, cmdline, start time)."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
            rest = s[s.rindex(")") + 2:].split()
            comm = s[s.index("(") + 1:s.rindex(")")]
            with open(f"/proc/{d}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        out[int(d)] = (int(rest[1]), int(rest[11]) + int(rest[12]), comm.startswith("postgres") or "postgres" in cmd[:200], cmd, int(rest[19]))
    return out


def group(pid, ps, bench):
    chain, p = [], pid
    while p in ps and p > 1 and len(chain) < 50:
        chain.append(p)
        if p == bench:
            break
        p = ps[p][0]
    if bench not in chain:
        # pg_ctl detaches the bundled PostgreSQL: its postmaster names the benchmark's data directory, its backends descend from it.
        if any(f"appliance-scrape-bench-{bench}/" in ps[c][3] for c in chain if c in ps):
            return "postgres"
        return "other"
    if pid == bench:
        return "lab"
    if any("appliance.dll scrape" in ps[c][3] for c in chain if c in ps):
        return "scraper"
    if ps[pid][2]:
        return "postgres"
    return "lab"  # any other helper process the benchmark started


def main():
    binpath = os.environ.get("BIN", "tests/Benchmarks/bin/Release/net10.0")
    cmd = ["dotnet", f"{binpath}/Benchmarks.dll", "scrape-stage"] + sys.argv[1:]
    with open("/proc/loadavg") as f:
        print("load at start:", f.read().strip(), file=sys.stderr)
    bench = subprocess.Popen(cmd)
    prev = procs()
    prev_busy, prev_all = stat_total()
    parts, child, acc, started = [], None, None, None
    while bench.poll() is None:
        time.sleep(0.5)
        ps = procs()
        busy, total = stat_total()
        cur = next((p for p, v in ps.items() if v[0] == bench.pid and "appliance.dll scrape" in v[3]), None)
        if cur != child:
            if acc is not None:
                parts.append((child, time.time() - started, acc))
            child, acc, started = cur, ({"machine": 0.0} if cur else None), time.time()
        if acc is not None:
            acc["machine"] += (busy - prev_busy) / HZ
            for pid, v in ps.items():
                # The same process (not a reused pid) by its start time: PostgreSQL's backends retitle themselves.
                before = prev[pid][1] if pid in prev and prev[pid][4] == v[4] else 0
                g = group(pid, ps, bench.pid)
                acc[g] = acc.get(g, 0.0) + (v[1] - before) / HZ
        prev, prev_busy, prev_all = ps, busy, total
    if acc is not None:
        parts.append((child, time.time() - started, acc))
    with open("/proc/loadavg") as f:
        print("load at end:", f.read().strip(), file=sys.stderr)
    for i, (pid, secs, a) in enumerate(parts, 1):
        mine = sum(a.get(k, 0.0) for k in ("scraper", "lab", "postgres"))
        print(f"part {i} (child {pid}): {secs:.1f} s wall; CPU seconds: scraper {a.get('scraper', 0):.1f}, "
              f"lab+harness {a.get('lab', 0):.1f}, postgres {a.get('postgres', 0):.1f}, other work {a.get('other', 0):.1f}; "
              f"benchmark total {mine:.1f} = {mine / secs:.2f} of {CORES} cores; machine busy {a['machine']:.1f} = "
              f"{a['machine'] / secs:.2f} of {CORES} cores")
    sys.exit(bench.returncode)


if __name__ == "__main__":
    main()
