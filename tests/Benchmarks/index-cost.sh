#!/bin/bash
# The backend CPU of inserting 500,000 rows into the real websites table (migrations 0001-0010: the customer's three
# indexes, the lead-list index, the progress triggers) with idx_websites_upload_row plain vs UNIQUE (migration 0011),
# alternating. CPU seconds of the PostgreSQL backend from /proc/PID/stat, so a loaded machine moves them far less than
# wall time. Needs root (runs the server as the postgres user). Usage: bash tests/Benchmarks/index-cost.sh
PG=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
D=/var/tmp/poison-pgidx; rm -rf $D; mkdir -p $D; chown postgres $D
runuser -u postgres -- $PG/initdb -D $D/data -A trust -U postgres >/dev/null
runuser -u postgres -- $PG/pg_ctl -D $D/data -o "-c listen_addresses='' -k $D" -l $D/log start -w >/dev/null
P="psql -X -q -h $D -U postgres -v ON_ERROR_STOP=1"
for f in $(dirname "$0")/../../appliance/Storage/Migrations/000*.sql; do $P -1 -f $f >/dev/null; done
$P -c "INSERT INTO file_uploads (file_name, size_bytes, state) VALUES ('b.csv', 1, 'ingested')" >/dev/null
for round in 1 2 3 4 5; do
  for kind in plain unique; do
    u=""; [ $kind = unique ] && u="UNIQUE"
    runuser -u postgres -- $PG/pg_ctl -D $D/data status >/dev/null || { rm -f $D/data/postmaster.pid; runuser -u postgres -- $PG/pg_ctl -D $D/data -o "-c listen_addresses='' -k $D" -l $D/log start -w >/dev/null; echo "(restarted: something killed the server)"; }
    $P -c "TRUNCATE websites CASCADE" -c "DROP INDEX idx_websites_upload_row" -c "CREATE $u INDEX idx_websites_upload_row ON websites (file_upload_id, row_number)" -c "CHECKPOINT" >/dev/null
    out=$($P -t -A <<SQL
SELECT pg_backend_pid() AS pid \gset
\setenv PID :pid
\! awk '{print \$14+\$15}' /proc/\$PID/stat > $D/cpu0
\timing on
INSERT INTO websites (file_upload_id, row_number, company, url, normalized_url, host)
SELECT 1, g, 'Company ' || g, 'https://site-' || g || '.example/', 'https://site-' || g || '.example/', 'site-' || g || '.example'
FROM generate_series(2, 500001) g;
\timing off
\! awk '{print \$14+\$15}' /proc/\$PID/stat > $D/cpu1
SQL
)
    wall=$(echo "$out" | grep -o 'Time: [0-9.]*' | awk '{print $2/1000}')
    cpu=$(( $(cat $D/cpu1) - $(cat $D/cpu0) ))
    echo "round $round $kind: backend CPU $(echo "scale=2; $cpu/100" | bc) s, wall $wall s, load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
runuser -u postgres -- $PG/pg_ctl -D $D/data stop -m fast >/dev/null
rm -rf $D
