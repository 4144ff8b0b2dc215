-- How fast the host's CPU was while each sample was taken (Collectors/HostSpeedProbe.cs): CPU milliseconds the recorder's
-- own thread spent on a fixed integer chain and on a fixed walk of a 4 MiB random cycle; more is a slower host. A shared
-- VM's busy neighbour makes the same work cost more CPU, which neither the load average nor steal shows. Null in samples
-- stored before this, and where the thread's CPU clock cannot be read.
ALTER TABLE metric_samples
    ADD COLUMN probe_compute_ms double precision,
    ADD COLUMN probe_memory_ms  double precision;

-- The track record says whether the host moved between a projection's basis and the run it projected: how much more
-- CPU the probe's work took during the run than during the basis (0.1: 10 % slower), by the geometric mean of both
-- readings. Null where either carries no probe readings.
ALTER TABLE run_backtests ADD COLUMN host_slower double precision;
