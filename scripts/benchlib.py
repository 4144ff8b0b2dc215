"""Helpers the node benchmarks share: the built binary, psql against a bundled cluster's socket, a process's CPU time."""
import glob, os, subprocess, time, urllib.request
here = os.path.dirname(os.path.abspath(__file__))
binary = os.path.join(here, "..", "appliance", "bin", "Release", "net10.0", "appliance.dll")
psql = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1]

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
