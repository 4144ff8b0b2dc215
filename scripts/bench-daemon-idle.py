#!/usr/bin/env python3
"""The daemon's start-up and idle cost: `appliance serve` on the bundled PostgreSQL with NOTIFY_SOCKET bound here.
Prints the time from exec to READY=1 (first start with initdb, then three starts on the existing database) and
the process's CPU (utime+stime from /proc) and RSS over 60 idle seconds. Run after `dotnet build -c Release`."""
import os, socket, shutil, subprocess, time, tempfile
state = tempfile.mkdtemp(prefix="appl-idle-"); os.chmod(state, 0o755)
sock_path = os.path.join(state, "notify")
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sock_path); s.settimeout(120)
binary = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "appliance", "bin", "Release", "net10.0", "appliance.dll")
def start():
    env = dict(os.environ, NOTIFY_SOCKET=sock_path, APPLIANCE_StateDirectory=state, APPLIANCE_CONFIG="/nonexistent")
    t0 = time.monotonic()
    p = subprocess.Popen(["dotnet", binary, "serve", "--urls", "http://127.0.0.1:18777"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        m = s.recv(4096).decode()
        if "READY=1" in m: return p, time.monotonic() - t0
def stat(pid):
    with open(f"/proc/{pid}/stat") as f: parts = f.read().rsplit(")", 1)[1].split()
    ticks = int(parts[11]) + int(parts[12])
    with open(f"/proc/{pid}/status") as f: rss = [l for l in f if l.startswith("VmRSS")][0].split()[1]
    return ticks / os.sysconf("SC_CLK_TCK"), int(rss) * 1024
p, first = start(); p.terminate(); p.wait()
times = []
for i in range(3):
    p, t = start(); times.append(t)
    if i < 2: p.terminate(); p.wait()
time.sleep(10)
c0, _ = stat(p.pid); w0 = time.monotonic()
time.sleep(60)
c1, rss = stat(p.pid); w1 = time.monotonic()
print(f"first start (initdb + migrations) to READY: {first:.2f} s; existing database to READY: {', '.join(f'{t:.2f}' for t in times)} s")
print(f"idle 60 s: CPU {100*(c1-c0)/(w1-w0):.2f} % of one core; RSS {rss/1048576:.0f} MiB")
p.terminate(); p.wait()
shutil.rmtree(state, ignore_errors=True)
